from dataclasses import dataclass

from django.db import models
from marshmallow import Schema, fields


class Article(models.Model):
    title = models.CharField(max_length=200)

    class Meta:
        ordering = ["title"]

    class Config:
        orm_mode = True


class ArticleSchema(Schema):
    title = fields.Str()

    class Config:
        validate_all = True


@dataclass
class Point:
    x: int

    class Config:
        extra = "forbid"


class Plain:
    class Config:
        orm_mode = True
