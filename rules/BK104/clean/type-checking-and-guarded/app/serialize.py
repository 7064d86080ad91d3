from __future__ import annotations

import typing
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client

if typing.TYPE_CHECKING:
    import pandas as pd

try:
    import orjson as json_backend
except ImportError:
    import json as json_backend

try:
    from uvloop import install as install_loop
except (ImportError, ModuleNotFoundError):
    install_loop = None


def dump(value: object) -> bytes:
    data = json_backend.dumps(value)
    return data if isinstance(data, bytes) else data.encode()


def upload(client: S3Client, frame: pd.DataFrame) -> None:
    client.put_object(Bucket="b", Key="k", Body=dump(frame.to_dict()))
