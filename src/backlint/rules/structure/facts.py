"""Facts the structure collector leaves for the project pass."""

from __future__ import annotations

from dataclasses import dataclass

from backlint.manifests import Span


@dataclass(frozen=True, slots=True)
class SettingsClassFact:
    """A module-level class that may be a settings class reading the environment.

    ``direct`` says a base is pydantic's ``BaseSettings`` itself; otherwise the project pass
    decides from the class's bases across modules. ``env_files`` are the literal
    ``env_file`` values of its configuration.
    """

    qualname: str
    name: str
    span: Span
    direct: bool
    env_files: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class DotenvLoadFact:
    """A literal path given to python-dotenv's ``load_dotenv`` (or ``_env_file=``)."""

    path: str
    span: Span


@dataclass(frozen=True, slots=True)
class TableFact:
    """A mapped table: a class with ``__tablename__`` or mapped columns, a ``Table(...)``,
    or an SQLModel class with ``table=True``."""

    name: str
    span: Span


@dataclass(frozen=True, slots=True)
class CreateAllFact:
    """A call to ``metadata.create_all(...)``: tables created by the application itself."""

    span: Span
