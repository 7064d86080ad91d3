"""BK201 declarative-base-call: ``Base = declarative_base()`` instead of a ``DeclarativeBase``
subclass."""

from __future__ import annotations

import ast
from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

import libcst as cst

from backlint.diagnostics import Edit, Fix
from backlint.rule import FixAvailability, PythonRule
from backlint.rules.sqlalchemy.gates import sa_last
from backlint.rules.sqlalchemy.kinds import KNOWN_KINDS
from backlint.rules.sqlalchemy.model import FileModel, literal_string, model_for, positional
from backlint.rules.sqlalchemy.names import PROJECT_TOKENS
from backlint.rules.sqlalchemy.spelling import (
    CannotSpell,
    Spelling,
    import_removal,
    name_uses,
)
from backlint.sources.symbols import dotted

if TYPE_CHECKING:
    from backlint.sources.view import SourceView

_FUNCTION_MODULES = (
    "sqlalchemy.orm",
    "sqlalchemy.orm.decl_api",
    "sqlalchemy.ext.declarative",
)
# declarative_base() arguments that become class attributes of the new base.
_ATTRIBUTES = ("metadata", "type_annotation_map")
_CARRIED = frozenset({*_ATTRIBUTES, "cls", "name"})


class DeclarativeBaseCall(PythonRule):
    """
    ## What it does
    Checks for declarative bases created by calling `declarative_base()` (from
    `sqlalchemy.orm` or the legacy `sqlalchemy.ext.declarative`), and rewrites them as a
    `DeclarativeBase` subclass:

    * `metadata=m` and `type_annotation_map=t` become class attributes (`metadata = m`);
    * `cls=Mixin` becomes a base listed before `DeclarativeBase`
      (`class Base(Mixin, DeclarativeBase)`);
    * `name="Model"` is kept: the class's `__name__` and `__qualname__` are set to it after
      the class (it is left out when it equals the variable's name);
    * the `declarative_base` import is replaced by `DeclarativeBase` when nothing else uses it.

    A call with other arguments (`bind=`, `mapper=`, `class_registry=`, `constructor=`,
    `metaclass=`, or positional ones) is reported without a fix.

    ## Why is this bad?
    Seed 000 (Python backend rules), rule 4: "Database models MUST use SQLAlchemy 2.0 style"
    with `class Base(DeclarativeBase)`. `declarative_base()` returns a class that type
    checkers see as `Any`, so every model deriving from it is untyped; SQLAlchemy 2.0 calls it
    superseded by `DeclarativeBase`, which "produces the same Base object as usual, except that
    typing tools understand it".

    ## Example
    ```python
    from sqlalchemy import MetaData
    from sqlalchemy.orm import declarative_base

    Base = declarative_base(metadata=MetaData(schema="app"))
    ```

    ## Use instead
    ```python
    from sqlalchemy import MetaData
    from sqlalchemy.orm import DeclarativeBase


    class Base(DeclarativeBase):
        metadata = MetaData(schema="app")
    ```

    ## Fix safety
    The fix is safe: the new base has the same metadata, registry and mapped subclasses. One
    difference exists: `declarative_base()` always gives the base SQLAlchemy's keyword
    constructor as `__init__`, while `DeclarativeBase` keeps an `__init__` inherited from a
    `cls=` mixin. So the fix is unsafe when the `cls=` class defines `__init__`, or cannot be
    read in this file.
    """

    code = "BK201"
    name = "declarative-base-call"
    family = "sqlalchemy"
    summary = "Declarative base created with `declarative_base()`"
    seed = "000"
    fix_availability = FixAvailability.SOMETIMES
    required_text = ("declarative_base",)
    known_kinds: ClassVar = KNOWN_KINDS
    # Reports only a call the file qualifies to SQLAlchemy's `declarative_base`.
    project_tokens: ClassVar = PROJECT_TOKENS

    @classmethod
    def applies(cls, view: SourceView) -> bool:
        """A single-name assignment of a call that may be ``declarative_base()``."""
        for node in view.nodes(ast.Assign):
            if len(node.targets) == 1 and _base_call(view, node.targets[0], node.value):
                return True
        return any(_base_call(view, n.target, n.value) for n in view.nodes(ast.AnnAssign))

    def visit_Module(self, node: cst.Module) -> None:
        model = model_for(self.file, self.context)
        for line in _module_lines(node.body):
            for small in line.body:
                self._check(model, line, small)

    def _check(
        self, model: FileModel, line: cst.SimpleStatementLine, small: cst.BaseSmallStatement
    ) -> None:
        if isinstance(small, cst.Assign) and len(small.targets) == 1:
            target, value = small.targets[0].target, small.value
        elif isinstance(small, cst.AnnAssign) and small.value is not None:
            target, value = small.target, small.value
        else:
            return
        if not isinstance(target, cst.Name) or not isinstance(value, cst.Call):
            return
        found = model.names.sa(value.func)
        if found is None or found.name != "sqlalchemy.orm.declarative_base" or found.requires:
            return
        name = target.value
        called = "declarative_base(...)" if value.args else "declarative_base()"
        message = (
            f"`{name} = {called}` is the legacy declarative base: use "
            f"`class {name}(DeclarativeBase)`"
        )
        fix = self._fix(model, line, small, target, value) if len(line.body) == 1 else None
        self.report(small, message, fix=fix)

    def _fix(
        self,
        model: FileModel,
        line: cst.SimpleStatementLine,
        statement: cst.Assign | cst.AnnAssign,
        target: cst.Name,
        call: cst.Call,
    ) -> Fix | None:
        if positional(call) or any(
            a.keyword is None or a.keyword.value not in _CARRIED for a in call.args
        ):
            return None
        arguments = {a.keyword.value: a.value for a in call.args if a.keyword is not None}
        name = target.value
        bases: list[str] = []
        unsafe: str | None = None
        mixin = arguments.get("cls")
        if mixin is not None:
            elements = mixin.elements if isinstance(mixin, cst.Tuple) else [mixin]
            for element in elements:
                value = element.value if isinstance(element, cst.Element) else element
                if not isinstance(value, (cst.Name, cst.Attribute)):
                    return None
                bases.append(self.file.code_for(value))
                unsafe = unsafe or self._init_problem(value)
        display: str | None = None
        if "name" in arguments:
            display = literal_string(arguments["name"])
            if display is None:
                return None
            display = None if display == name else display
        spelling = Spelling(model.names, self.context.target_version)
        edits: list[Edit] = []
        try:
            base = self._base_reference(model, call, spelling, edits)
        except CannotSpell:
            return None
        bases.append(base)
        column = self.file.span(statement).start.column - 1
        indent = " " * column + self.file.module.default_indent
        newline = self.file.module.default_newline
        body = [
            f"{indent}{key} = {self.file.code_for(arguments[key])}"
            for key in _ATTRIBUTES
            if key in arguments
        ] or [f"{indent}pass"]
        text = f"class {name}({', '.join(bases)}):{newline}" + newline.join(body)
        if display is not None:
            text += (
                f"{newline}{newline}{newline}{' ' * column}"
                f"{name}.__name__ = {name}.__qualname__ = {_quoted(display)}"
            )
        if column == 0:
            text = self._spaced(statement, text, newline)
        edits.insert(0, self.replacement(statement, text))
        edits.extend(spelling.edits())
        message = f"Replace with `class {name}({', '.join(bases)})`"
        if unsafe:
            return Fix.unsafe(f"{message} (unsafe: {unsafe})", edits)
        return Fix.safe(message, edits)

    def _spaced(self, statement: cst.CSTNode, text: str, newline: str) -> str:
        """Two blank lines around a module-level class, as PEP 8 has it."""
        index = self.file.positions.index
        span = self.file.span(statement)
        before = 0
        row = span.start.row - 1
        while row >= 1 and not index.line_text(row).strip():
            before += 1
            row -= 1
        if row >= 1 and before < 2 and not index.line_text(row).lstrip().startswith("#"):
            text = newline * (2 - before) + text
        after = 0
        row = span.end.row + 1
        while row <= index.line_count and not index.line_text(row).strip():
            after += 1
            row += 1
        if row <= index.line_count and after < 2:
            text += newline * (2 - after)
        return text

    def _base_reference(
        self, model: FileModel, call: cst.Call, spelling: Spelling, edits: list[Edit]
    ) -> str:
        """``DeclarativeBase`` as this file can write it, replacing the ``declarative_base``
        import when this call was its only use."""
        callee = call.func
        if not isinstance(callee, cst.Name) or name_uses(self.file).get(callee.value, 0) != 1:
            return spelling.ref("sqlalchemy.orm", "DeclarativeBase")
        alias = _imported_alias(self.file.module, callee.value)
        if alias is None:
            return spelling.ref("sqlalchemy.orm", "DeclarativeBase")
        statement, imported = alias
        module = dotted(statement.module) if statement.module else None
        if module not in _FUNCTION_MODULES or statement.relative:
            return spelling.ref("sqlalchemy.orm", "DeclarativeBase")
        if module == "sqlalchemy.orm" and "DeclarativeBase" not in self.file.symbols.aliases:
            # The alias's range stops before its comma.
            renamed = imported.with_changes(
                name=cst.Name("DeclarativeBase"), asname=None, comma=cst.MaybeSentinel.DEFAULT
            )
            edits.append(self.replacement(imported, renamed))
            return "DeclarativeBase"
        removal = import_removal(self.file, callee.value)
        if removal is None:
            return spelling.ref("sqlalchemy.orm", "DeclarativeBase")
        edits.append(removal)
        return spelling.ref("sqlalchemy.orm", "DeclarativeBase")

    def _init_problem(self, value: cst.BaseExpression) -> str | None:
        """Why a ``cls=`` class may change the base's ``__init__``, or ``None``."""
        shown = self.file.code_for(value)
        if not isinstance(value, cst.Name):
            return f"`{shown}` could not be checked for an `__init__`"
        for statement in self.file.module.body:
            if isinstance(statement, cst.ClassDef) and statement.name.value == value.value:
                if statement.keywords or any(
                    not (isinstance(b.value, cst.Name) and b.value.value == "object")
                    for b in statement.bases
                ):
                    return f"the bases of `{shown}` could not be checked for an `__init__`"
                if _defines(statement, "__init__"):
                    return (
                        f"`{shown}` defines `__init__`, which `DeclarativeBase` keeps where "
                        "`declarative_base()` replaced it"
                    )
                return None
        return f"`{shown}` could not be checked for an `__init__`"


def _quoted(text: str) -> str:
    if '"' not in text and "\\" not in text and text.isprintable():
        return f'"{text}"'
    return repr(text)


def _module_lines(body: Sequence[cst.CSTNode]) -> list[cst.SimpleStatementLine]:
    lines: list[cst.SimpleStatementLine] = []
    for statement in body:
        if isinstance(statement, cst.SimpleStatementLine):
            lines.append(statement)
        elif isinstance(statement, cst.If):
            lines.extend(_module_lines(statement.body.body))
            orelse = statement.orelse
            while orelse is not None:
                if isinstance(orelse, cst.If):
                    lines.extend(_module_lines(orelse.body.body))
                    orelse = orelse.orelse
                else:
                    lines.extend(_module_lines(orelse.body.body))
                    orelse = None
        elif isinstance(statement, cst.Try):
            lines.extend(_module_lines(statement.body.body))
            for handler in statement.handlers:
                lines.extend(_module_lines(handler.body.body))
    return lines


def _imported_alias(
    module: cst.Module, local: str
) -> tuple[cst.ImportFrom, cst.ImportAlias] | None:
    for statement in module.body:
        if not isinstance(statement, cst.SimpleStatementLine):
            continue
        for small in statement.body:
            if isinstance(small, cst.ImportFrom) and not isinstance(small.names, cst.ImportStar):
                for alias in small.names:
                    asname = alias.asname.name if alias.asname is not None else alias.name
                    if isinstance(asname, cst.Name) and asname.value == local:
                        return small, alias
    return None


def _defines(node: cst.ClassDef, name: str) -> bool:
    block = node.body
    if not isinstance(block, cst.IndentedBlock):
        return False
    for statement in block.body:
        if isinstance(statement, cst.FunctionDef) and statement.name.value == name:
            return True
        if isinstance(statement, cst.SimpleStatementLine):
            for small in statement.body:
                if isinstance(small, cst.Assign) and any(
                    isinstance(t.target, cst.Name) and t.target.value == name
                    for t in small.targets
                ):
                    return True
    return False


def _base_call(view: SourceView, target: ast.expr, value: ast.expr | None) -> bool:
    return (
        isinstance(target, ast.Name)
        and isinstance(value, ast.Call)
        and sa_last(view, value.func) == "declarative_base"
    )
