from .base import Schema as Schema
