import asyncio
import dataclasses
import json
import logging
import zoneinfo
from collections.abc import Iterator

from fastapi import APIRouter

from .. import routers
from ..routers import helpers
from . import helpers as again

router = APIRouter()
log = logging.getLogger(__name__)
_ = (asyncio, dataclasses, json, zoneinfo, Iterator, routers, helpers, again)
