"""The structure family's collector: settings classes, dotenv loads, tables, ``create_all``."""

from __future__ import annotations

import ast
from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

import libcst as cst

from backlint.rule import FactCollector, PythonFile, RuleContext
from backlint.rules.structure.facts import (
    CreateAllFact,
    DotenvLoadFact,
    SettingsClassFact,
    TableFact,
)
from backlint.rules.structure.names import SETTINGS_BASES
from backlint.sources.symbols import ast_dotted, dotted

if TYPE_CHECKING:
    from backlint.sources.view import SourceView

_DOTENV_LOADS = frozenset({"dotenv.load_dotenv", "dotenv.main.load_dotenv"})
_TABLES = frozenset({"sqlalchemy.Table", "sqlalchemy.schema.Table", "sqlalchemy.sql.schema.Table"})
_COLUMNS = frozenset({"Column", "mapped_column"})


def _string(node: cst.BaseExpression | None) -> str | None:
    if isinstance(node, (cst.SimpleString, cst.ConcatenatedString)):
        value = node.evaluated_value
        return value if isinstance(value, str) else None
    return None


def _strings(node: cst.BaseExpression | None) -> tuple[str, ...]:
    single = _string(node)
    if single is not None:
        return (single,)
    if isinstance(node, (cst.Tuple, cst.List)):
        return tuple(v for e in node.elements if (v := _string(e.value)) is not None)
    return ()


def _keyword(call: cst.Call, name: str) -> cst.BaseExpression | None:
    return next((a.value for a in call.args if a.keyword and a.keyword.value == name), None)


class StructureCollector(FactCollector):
    """What the project-structure rules need from Python files."""

    required_text: ClassVar[Sequence[str]] = (
        "Settings",
        "load_dotenv",
        "_env_file",
        "__tablename__",
        "Table(",
        "table=True",
        "Column(",
        "mapped_column(",
        "create_all",
    )

    @classmethod
    def applies(cls, view: SourceView) -> bool:
        """A class that may be a settings class or a table, or a call that may load a dotenv
        file, define a ``Table`` or run ``metadata.create_all()``."""
        return any(_class_recorded(view, n) for n in view.nodes(ast.ClassDef)) or any(
            _call_recorded(view, n) for n in view.nodes(ast.Call)
        )

    def __init__(self, file: PythonFile, context: RuleContext) -> None:
        super().__init__(file, context)
        self._depth = 0
        self._functions = 0

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self._functions += 1

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        self._functions -= 1

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        if self._depth == 0 and not self._functions:
            self._settings_class(node)
        self._table_class(node)
        self._depth += 1

    def leave_ClassDef(self, original_node: cst.ClassDef) -> None:
        self._depth -= 1

    def _settings_class(self, node: cst.ClassDef) -> None:
        bases = [self.file.qualify(b.value) or dotted(b.value) or "" for b in node.bases]
        direct = any(b in SETTINGS_BASES for b in bases)
        if not direct and not any(b.endswith("Settings") for b in bases):
            return
        env_files: list[str] = []
        body = node.body.body if isinstance(node.body, cst.IndentedBlock) else ()
        for statement in body:
            if isinstance(statement, cst.ClassDef) and statement.name.value == "Config":
                env_files.extend(self._config_env_files(statement))
            if not isinstance(statement, cst.SimpleStatementLine):
                continue
            for small in statement.body:
                value = getattr(small, "value", None)
                if isinstance(small, (cst.Assign, cst.AnnAssign)) and isinstance(value, cst.Call):
                    env_files.extend(_strings(_keyword(value, "env_file")))
        self.facts.append(
            SettingsClassFact(
                self.file.qualname(node.name.value),
                node.name.value,
                self.file.span(node.name),
                direct,
                tuple(env_files),
            )
        )

    @staticmethod
    def _config_env_files(config: cst.ClassDef) -> list[str]:
        found: list[str] = []
        body = config.body.body if isinstance(config.body, cst.IndentedBlock) else ()
        for statement in body:
            if not isinstance(statement, cst.SimpleStatementLine):
                continue
            for small in statement.body:
                if (
                    isinstance(small, cst.Assign)
                    and len(small.targets) == 1
                    and isinstance(small.targets[0].target, cst.Name)
                    and small.targets[0].target.value == "env_file"
                ):
                    found.extend(_strings(small.value))
        return found

    def _table_class(self, node: cst.ClassDef) -> None:
        if any(
            k.keyword is not None and k.keyword.value == "table" for k in node.keywords
        ) and any(
            isinstance(k.value, cst.Name) and k.value.value == "True" for k in node.keywords
        ):
            self.facts.append(TableFact(node.name.value, self.file.span(node.name)))
            return
        body = node.body.body if isinstance(node.body, cst.IndentedBlock) else ()
        for statement in body:
            if not isinstance(statement, cst.SimpleStatementLine):
                continue
            for small in statement.body:
                if not isinstance(small, (cst.Assign, cst.AnnAssign)):
                    continue
                targets = (
                    [t.target for t in small.targets]
                    if isinstance(small, cst.Assign)
                    else [small.target]
                )
                if any(isinstance(t, cst.Name) and t.value == "__tablename__" for t in targets):
                    self.facts.append(TableFact(node.name.value, self.file.span(node.name)))
                    return
                value = small.value
                if isinstance(value, cst.Call):
                    callee = dotted(value.func) or ""
                    if callee.rpartition(".")[2] in _COLUMNS:
                        self.facts.append(TableFact(node.name.value, self.file.span(node.name)))
                        return

    def visit_Call(self, node: cst.Call) -> None:
        callee = self.file.qualify(node.func)
        if callee in _DOTENV_LOADS:
            given = node.args[0].value if node.args and node.args[0].keyword is None else None
            path = _string(given if given is not None else _keyword(node, "dotenv_path"))
            if path is not None:
                self.facts.append(DotenvLoadFact(path, self.file.span(node)))
        elif callee in _TABLES:
            name = _string(node.args[0].value) if node.args else None
            self.facts.append(TableFact(name or "", self.file.span(node)))
        elif isinstance(node.func, cst.Attribute) and node.func.attr.value == "create_all":
            receiver = dotted(node.func.value) or ""
            if receiver.endswith("metadata"):
                self.facts.append(CreateAllFact(self.file.span(node)))
        for value in _strings(_keyword(node, "_env_file")):
            self.facts.append(DotenvLoadFact(value, self.file.span(node)))


def _class_recorded(view: SourceView, node: ast.ClassDef) -> bool:
    """Whether a class may give a fact (as a settings class at any depth, which is wider than
    the collector's module level)."""
    for base in node.bases:
        written = base.value if isinstance(base, ast.Starred) else base
        if (view.qualify(written) or ast_dotted(written) or "").endswith("Settings"):
            return True
    if any(k.arg == "table" for k in node.keywords) and any(
        isinstance(k.value, ast.Constant) and k.value.value is True for k in node.keywords
    ):
        return True
    for statement in node.body:
        if isinstance(statement, ast.Assign):
            targets, value = statement.targets, statement.value
        elif isinstance(statement, ast.AnnAssign):
            targets, value = [statement.target], statement.value
        else:
            continue
        if any(isinstance(t, ast.Name) and t.id == "__tablename__" for t in targets):
            return True
        if isinstance(value, ast.Call):
            callee = value.func
            if (isinstance(callee, ast.Name) and callee.id in _COLUMNS) or (
                isinstance(callee, ast.Attribute) and callee.attr in _COLUMNS
            ):
                return True
    return False


def _call_recorded(view: SourceView, node: ast.Call) -> bool:
    if any(k.arg == "_env_file" for k in node.keywords):
        return True
    func = node.func
    if isinstance(func, ast.Attribute) and func.attr == "create_all":
        return (ast_dotted(func.value) or "").endswith("metadata")
    callee = view.qualify(func)
    return callee in _DOTENV_LOADS or callee in _TABLES
