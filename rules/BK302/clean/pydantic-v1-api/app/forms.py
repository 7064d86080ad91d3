from wtforms import validators


class Form:
    @validators.validator("name")
    def check(cls, v):
        return v
