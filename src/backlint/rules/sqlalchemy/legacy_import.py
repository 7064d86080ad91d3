"""BK205 legacy-import: declarative names imported from ``sqlalchemy.ext.declarative``."""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, ClassVar

import libcst as cst

from backlint.diagnostics import Fix
from backlint.rule import FixAvailability, PythonRule
from backlint.rules.sqlalchemy.names import PROJECT_TOKENS
from backlint.sources.symbols import dotted

if TYPE_CHECKING:
    from backlint.sources.view import SourceView

LEGACY_MODULE = "sqlalchemy.ext.declarative"
# Names that moved to sqlalchemy.orm; the declarative extensions (ConcreteBase,
# AbstractConcreteBase, DeferredReflection) still live in sqlalchemy.ext.declarative.
MOVED = frozenset(
    {
        "declarative_base",
        "declared_attr",
        "as_declarative",
        "has_inherited_table",
        "synonym_for",
        "DeclarativeMeta",
    }
)


class LegacyImport(PythonRule):
    """
    ## What it does
    Checks for `declarative_base`, `declared_attr`, `as_declarative`, `has_inherited_table`,
    `synonym_for` and `DeclarativeMeta` imported from `sqlalchemy.ext.declarative`, and moves
    the import to `sqlalchemy.orm`. The declarative extensions that still live in
    `sqlalchemy.ext.declarative` (`ConcreteBase`, `AbstractConcreteBase`,
    `DeferredReflection`) stay where they are.

    ## Why is this bad?
    Seed 000 (Python backend rules), rule 4: "Database models MUST use SQLAlchemy 2.0
    style". The SQLAlchemy 2.0 migration guide lists these names as moved to
    `sqlalchemy.orm`; the old location is kept only for compatibility and warns with
    `MovedIn20Warning`.

    ## Example
    ```python
    from sqlalchemy.ext.declarative import declarative_base, declared_attr
    ```

    ## Use instead
    ```python
    from sqlalchemy.orm import declarative_base, declared_attr
    ```

    ## Fix safety
    The fix is safe: `sqlalchemy.orm` exports the same objects (the legacy module's functions
    only add a deprecation warning). Aliases (`as ...`) are kept.
    """

    code = "BK205"
    name = "legacy-import"
    family = "sqlalchemy"
    summary = "Import from the legacy `sqlalchemy.ext.declarative` module"
    seed = "000"
    fix_availability = FixAvailability.SOMETIMES
    required_text = (LEGACY_MODULE,)
    # Reports only imports from `sqlalchemy.ext.declarative`.
    project_tokens: ClassVar = PROJECT_TOKENS

    @classmethod
    def applies(cls, view: SourceView) -> bool:
        """An absolute ``from sqlalchemy.ext.declarative import`` of a moved name."""
        return any(
            node.level == 0
            and node.module == LEGACY_MODULE
            and any(alias.name in MOVED for alias in node.names)
            for node in view.nodes(ast.ImportFrom)
        )

    def visit_Module(self, node: cst.Module) -> None:
        self._line: cst.SimpleStatementLine | None = None

    def visit_SimpleStatementLine(self, node: cst.SimpleStatementLine) -> None:
        self._line = node

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        if node.relative or node.module is None or dotted(node.module) != LEGACY_MODULE:
            return
        if isinstance(node.names, cst.ImportStar):
            return
        aliases = list(node.names)
        moved = [a for a in aliases if dotted(a.name) in MOVED]
        if not moved:
            return
        kept = [a for a in aliases if a not in moved]
        shown = ", ".join(f"`{dotted(a.name)}`" for a in moved)
        message = f"{shown} should be imported from `sqlalchemy.orm`, not `{LEGACY_MODULE}`"
        fix_message = f"Import {shown} from `sqlalchemy.orm`"
        if not kept:
            fix = Fix.safe(fix_message, [self.replacement(node.module, "sqlalchemy.orm")])
            self.report(node, message, fix=fix)
            return
        line = self._line
        if line is None or len(line.body) != 1 or line.body[0] is not node:
            self.report(node, message)
            return
        newline = self.file.module.default_newline
        indent = " " * (self.file.span(node).start.column - 1)
        text = (
            f"from {LEGACY_MODULE} import {_names(kept)}{newline}"
            f"{indent}from sqlalchemy.orm import {_names(moved)}"
        )
        self.report(node, message, fix=Fix.safe(fix_message, [self.replacement(node, text)]))


def _names(aliases: list[cst.ImportAlias]) -> str:
    return ", ".join(
        dotted(a.name) or ""
        if a.asname is None
        else f"{dotted(a.name)} as {cst.Module([]).code_for_node(a.asname.name)}"
        for a in aliases
    )
