"""BK206 backref: ``relationship(..., backref=...)`` instead of ``back_populates``."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

import libcst as cst

from backlint.rule import PythonRule
from backlint.rules.sqlalchemy.gates import calls_named, keywords
from backlint.rules.sqlalchemy.kinds import KNOWN_KINDS
from backlint.rules.sqlalchemy.model import literal_string, model_for, positional
from backlint.rules.sqlalchemy.names import PROJECT_TOKENS, Names

if TYPE_CHECKING:
    from backlint.sources.view import SourceView

_RELATIONSHIPS = ("sqlalchemy.orm.relationship", "sqlalchemy.orm.relation")


class Backref(PythonRule):
    """
    ## What it does
    Checks for `relationship(..., backref=...)` (with a name or a `backref(...)` call), and
    says which attribute to declare on the other class instead.

    ## Why is this bad?
    Seed 000 (Python backend rules), rule 4: "Database models MUST use SQLAlchemy 2.0
    style". SQLAlchemy's documentation calls `backref` legacy: the attribute it creates on
    the other class exists only once the mappers are configured, is invisible to type
    checkers and to anyone reading that class, and cannot carry a `Mapped[...]` annotation.
    `back_populates` with an explicit `relationship()` on both classes says the same thing
    where it can be seen.

    ## Example
    ```python
    class User(Base):
        __tablename__ = "users"
        id: Mapped[int] = mapped_column(primary_key=True)
        addresses = relationship("Address", backref="user")
    ```

    ## Use instead
    ```python
    class User(Base):
        __tablename__ = "users"
        id: Mapped[int] = mapped_column(primary_key=True)
        addresses: Mapped[list["Address"]] = relationship(back_populates="user")


    class Address(Base):
        __tablename__ = "addresses"
        id: Mapped[int] = mapped_column(primary_key=True)
        user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
        user: Mapped["User"] = relationship(back_populates="addresses")
    ```

    ## Fix safety
    There is no fix: the other side is declared in another class (often another module),
    with options (`lazy=`, `uselist=`, `cascade=`) taken from the `backref()` call that a
    person should review.
    """

    code = "BK206"
    name = "backref"
    family = "sqlalchemy"
    summary = "`backref=` instead of `back_populates`"
    seed = "000"
    required_text = ("backref",)
    known_kinds: ClassVar = KNOWN_KINDS
    # Reports only `relationship()` calls `Names.sa` names (see names.PROJECT_TOKENS).
    project_tokens: ClassVar = PROJECT_TOKENS

    @classmethod
    def applies(cls, view: SourceView) -> bool:
        """A call with ``backref=`` whose callee may be ``relationship`` / ``relation``."""
        return any(
            "backref" in keywords(call) for call in calls_named(view, ("relationship", "relation"))
        )

    def visit_Module(self, node: cst.Module) -> None:
        self.names: Names = model_for(self.file, self.context).names
        self._targets: dict[int, str] = {}

    def visit_Assign(self, node: cst.Assign) -> None:
        if len(node.targets) == 1 and isinstance(node.targets[0].target, cst.Name):
            self._targets[id(node.value)] = node.targets[0].target.value

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        if node.value is not None and isinstance(node.target, cst.Name):
            self._targets[id(node.value)] = node.target.value

    def visit_Call(self, node: cst.Call) -> None:
        argument = next(
            (a for a in node.args if a.keyword is not None and a.keyword.value == "backref"),
            None,
        )
        if argument is None:
            return
        found = self.names.sa(node.func)
        if found is None or found.name not in _RELATIONSHIPS:
            return
        other = self._backref_name(argument.value)
        target = _target(node)
        here = self._targets.get(id(node))
        where = f"`{target}.{other}`" if target and other else "the other side"
        message = f"`backref=` is legacy: declare {where} as a `relationship()` with"
        message += f' `back_populates="{here}"`' if here else " `back_populates`"
        message += f', and use `back_populates="{other}"` here' if other else ""
        self.report(argument, message, requires=found.requires)

    def _backref_name(self, value: cst.BaseExpression) -> str | None:
        name = literal_string(value)
        if name is not None:
            return name
        if isinstance(value, cst.Call):
            found = self.names.sa(value.func)
            arguments = positional(value)
            if found is not None and found.name == "sqlalchemy.orm.backref" and arguments:
                return literal_string(arguments[0].value)
        return None


def _target(call: cst.Call) -> str | None:
    arguments = positional(call)
    if not arguments:
        return None
    value = arguments[0].value
    text = literal_string(value)
    if text is not None:
        return text.strip().rpartition(".")[2] or None
    if isinstance(value, cst.Name):
        return value.value
    if isinstance(value, cst.Attribute):
        return value.attr.value
    return None
