from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Email:
    value: str


@dataclass(frozen=True, slots=True)
class User:
    id: int
    email: Email
