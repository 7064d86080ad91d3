"""Inheritance across modules: Person derives from base.Timestamped."""

from pydantic import Field

from corpus.base import Timestamped


class Person(Timestamped):
    name: str
    nickname: str = Field("", max_length=10)

    class Config:
        anystr_lower = True
