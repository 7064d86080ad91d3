"""BK305 moved-import: v1 names that live elsewhere in v2 (``BaseSettings``, ``GenericModel``)."""

from __future__ import annotations

import ast
import io
import tokenize

import libcst as cst

from backlint.diagnostics import Edit, Fix, Position
from backlint.rule import FixAvailability, PythonFile, RuleContext
from backlint.rules.pydantic.detect import PydanticRule
from backlint.rules.pydantic.editing import (
    available,
    end,
    import_edits,
    line_indent,
    names_same_object,
    start,
    whole_lines,
)
from backlint.rules.pydantic.gates import class_facts
from backlint.rules.pydantic.names import uses
from backlint.rules.pydantic.tables import DEPRECATED_NAMES, MOVED, REPLACED, Moved
from backlint.sources.symbols import dotted
from backlint.sources.view import SourceView

_NAMES = MOVED.keys() | REPLACED.keys()
_LAST_NAMES = frozenset(name.rpartition(".")[2] for name in _NAMES)


class MovedImport(PydanticRule):
    """
    ## What it does
    Checks for imports of pydantic v1 names that pydantic v2 moved, and moves them:

    | v1 | v2 |
    |---|---|
    | `pydantic.BaseSettings` (`pydantic.env_settings`) | `pydantic_settings.BaseSettings` |
    | `pydantic.generics.GenericModel` | `pydantic.BaseModel` |
    | `pydantic.error_wrappers.ValidationError` | `pydantic.ValidationError` |
    | `pydantic.utils.version_info` | `pydantic.version.version_info` |
    | `pydantic.color.Color` | `pydantic_extra_types.color.Color` |
    | `pydantic.types.PaymentCardNumber`, `PaymentCardBrand` | `pydantic_extra_types.payment` |
    | `pydantic.utils.to_camel` | `pydantic.alias_generators.to_pascal` |
    | `pydantic.utils.to_lower_camel` | `pydantic.alias_generators.to_camel` |
    | `pydantic.PyObject` | `pydantic.ImportString` |
    | `pydantic.validate_arguments` | `pydantic.validate_call` |

    The move follows the import source, not the name: v1's `to_camel` is v2's `to_pascal`,
    and v2's `to_camel` is v1's `to_lower_camel`. When the local name changes
    (`GenericModel` becomes `BaseModel`), every use in the module is renamed too. Names v2
    removed or keeps only in `pydantic.deprecated` (`ConstrainedStr`, `NoneStr`,
    `parse_raw_as`, `pydantic.json.pydantic_encoder`...) are reported with their
    replacement. Imports from `pydantic.v1` are left alone.

    `pydantic_settings` and `pydantic_extra_types` are separate distributions: once the
    import moves, BK104 reports them if the project does not declare them.

    ## Why is this bad?
    Seed 000 (Python backend rules), rule 5: "Pydantic schemas use v2 style". Under pydantic
    v2, `from pydantic import BaseSettings` raises `PydanticImportError`, and the other moved
    names warn on import or on use.

    ## Example
    ```python
    from pydantic import BaseSettings
    ```

    ## Use instead
    ```python
    from pydantic_settings import BaseSettings
    ```

    ## Fix safety
    Safe for names that are the same object or the same code in v2 (`BaseSettings`,
    `GenericModel`, `ValidationError`, `Color`, ...). Unsafe for `to_camel` and
    `to_lower_camel` (v2's functions differ on leading or doubled underscores and on names
    already in camel case), `PyObject` (`ImportString` passes objects that are not strings
    through) and `validate_arguments` (the decorated function loses v1's `validate`,
    `raw_function` and `model` attributes). There is no fix when a renamed name is taken in
    the module, rebound, or spelled in a string (an `__all__` entry).
    """

    code = "BK305"
    name = "moved-import"
    summary = "Pydantic v1 import moved in v2"
    fix_availability = FixAvailability.SOMETIMES
    required_text = ("pydantic",)

    def __init__(self, file: PythonFile, context: RuleContext) -> None:
        super().__init__(file, context)
        self._line: cst.SimpleStatementLine | None = None
        self._in_import = 0

    @classmethod
    def applies(cls, view: SourceView) -> bool:
        for statement in view.nodes(ast.ImportFrom):
            module = statement.module
            if statement.level or module is None:
                continue
            if module != "pydantic" and not module.startswith("pydantic."):
                continue
            if any(f"{module}.{alias.name}" in _NAMES for alias in statement.names):
                return True
        for attribute in view.nodes(ast.Attribute):
            if attribute.attr in _LAST_NAMES and view.qualify(attribute) in _NAMES:
                return True
        return class_facts(view)

    def visit_SimpleStatementLine(self, node: cst.SimpleStatementLine) -> None:
        self._line = node

    def leave_Import(self, original_node: cst.Import) -> None:
        self._in_import -= 1

    def visit_Import(self, node: cst.Import) -> None:
        self._in_import += 1

    def leave_ImportFrom(self, original_node: cst.ImportFrom) -> None:
        self._in_import -= 1

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        self._in_import += 1
        if node.relative or isinstance(node.names, cst.ImportStar) or node.module is None:
            return
        module = dotted(node.module)
        if module is None or not (module == "pydantic" or module.startswith("pydantic.")):
            return
        for alias in node.names:
            full = f"{module}.{alias.evaluated_name}"
            moved = MOVED.get(full)
            if moved is not None:
                self._moved_import(node, alias, full, moved)
            elif full in REPLACED:
                self.report(alias, self._replaced(full))

    def visit_Attribute(self, node: cst.Attribute) -> None:
        if self._in_import:
            return
        qualified = self.resolves_to(node, _NAMES)
        if qualified is None:
            return
        moved = MOVED.get(qualified)
        if moved is not None:
            self._moved_attribute(node, qualified, moved)
        elif qualified in REPLACED:
            self.report(node, self._replaced(qualified))

    # Messages ------------------------------------------------------------------------------

    @staticmethod
    def _replaced(full: str) -> str:
        status = "is deprecated" if full in DEPRECATED_NAMES else "was removed"
        return f"`{full}` {status} in pydantic v2: {REPLACED[full]}"

    @staticmethod
    def _message(full: str, moved: Moved) -> str:
        name = full.rpartition(".")[2]
        target = f"{moved.module}.{moved.name}"
        if moved.name != name:
            return f"`{full}` is `{target}` in pydantic v2"
        return f"`{name}` moved to `{moved.module}` in pydantic v2"

    def _fix(self, moved: Moved, edits: list[Edit]) -> Fix:
        description = f"Import `{moved.name}` from `{moved.module}`"
        if moved.safe:
            return Fix.safe(description, edits)
        return Fix.unsafe(f"{description} ({moved.why})", edits)

    @staticmethod
    def _help(moved: Moved) -> str | None:
        distribution = {"pydantic_settings": "pydantic-settings"}.get(
            moved.module.split(".")[0],
            "pydantic-extra-types" if moved.module.startswith("pydantic_extra_types") else None,
        )
        if distribution is None:
            return None
        return f"`{distribution}` is a separate distribution: declare it in the dependencies"

    # Imports -------------------------------------------------------------------------------

    def _moved_import(
        self, statement: cst.ImportFrom, alias: cst.ImportAlias, full: str, moved: Moved
    ) -> None:
        message = self._message(full, moved)
        edits, blocker = self._import_edits(statement, alias, full, moved)
        if edits is None:
            self.report(alias, message, help=f"Not fixed: {blocker}")
            return
        self.report(alias, message, fix=self._fix(moved, edits), help=self._help(moved))

    def _import_edits(
        self, statement: cst.ImportFrom, alias: cst.ImportAlias, full: str, moved: Moved
    ) -> tuple[list[Edit] | None, str]:
        names = statement.names
        assert not isinstance(names, cst.ImportStar)
        name = alias.evaluated_name
        asname = alias.evaluated_alias
        edits: list[Edit] = []
        renames: list[cst.Name] = []
        already = False
        if asname is None and moved.name != name:
            # The local name changes: every use in the module follows.
            if self.scopes:
                return None, "the import is inside a function or class"
            found = self._references(name)
            if found is None:
                return None, f"`{name}` is rebound or spelled in a string in this module"
            renames = found
            bound = self.file.qualify(moved.name)
            if bound is not None:
                if not names_same_object(bound, moved.module, moved.name):
                    return None, f"the name `{moved.name}` is taken in this module"
                already = True
        new = moved.name + (f" as {asname}" if asname else "")
        module = dotted(statement.module)
        if module == moved.module:
            if already:
                removal = self._remove_alias(statement, alias)
                if removal is None:
                    return None, "the import cannot be edited"
                edits.append(removal)
            elif moved.name != name:
                edits.append(
                    Edit(start(self.file, alias.name), end(self.file, alias.name), moved.name)
                )
        else:
            removal = self._remove_alias(statement, alias)
            can_add, addition = self._addition(moved, asname, already)
            if removal is not None and can_add:
                edits.append(removal)
                if addition is not None:
                    edits.append(addition)
            elif len(names) == 1:
                # A nested import: rewrite the statement in place.
                edits.append(
                    Edit(
                        start(self.file, statement),
                        end(self.file, statement),
                        f"from {moved.module} import {new}",
                    )
                )
            elif self._line is not None:
                edits.append(self._remove_alias_in_place(statement, alias))
                edits.append(self._line_after(self._line, f"from {moved.module} import {new}"))
            else:
                return None, "the import cannot be edited"
        edits.extend(Edit(start(self.file, n), end(self.file, n), moved.name) for n in renames)
        return edits, ""

    def _addition(
        self, moved: Moved, asname: str | None, already: bool
    ) -> tuple[bool, Edit | None]:
        """Whether the new name can be imported where the module's imports are, and the edit
        doing it (``None`` when it is imported already)."""
        if already:
            return True, None
        if asname is not None or self.scopes:
            return False, None
        return True, self.file.import_edit(moved.module, moved.name)

    def _remove_alias_in_place(self, statement: cst.ImportFrom, alias: cst.ImportAlias) -> Edit:
        names = statement.names
        assert not isinstance(names, cst.ImportStar)
        index = next(i for i, a in enumerate(names) if a is alias)
        if index < len(names) - 1:
            return Edit(start(self.file, alias.name), start(self.file, names[index + 1].name), "")
        previous = names[index - 1]
        previous_end = end(self.file, previous.asname.name if previous.asname else previous.name)
        own_end = end(self.file, alias.asname.name if alias.asname else alias.name)
        return Edit(previous_end, own_end, "")

    def _remove_alias(self, statement: cst.ImportFrom, alias: cst.ImportAlias) -> Edit | None:
        names = statement.names
        assert not isinstance(names, cst.ImportStar)
        if len(names) == 1:
            line = self._line
            if line is None or len(line.body) != 1 or line.body[0] is not statement:
                return None
            if self.scopes or not any(s is line for s in self.file.module.body):
                return None  # deleting the only statement of a block would empty it
            return whole_lines(self.file, line)
        return self._remove_alias_in_place(statement, alias)

    def _line_after(self, line: cst.SimpleStatementLine, text: str) -> Edit:
        indent = line_indent(self.file, line)
        newline = self.file.module.default_newline
        row = self.file.span(line).end.row
        index = self.file.positions.index
        if row < index.line_count:
            at = Position(row + 1, 1)
            return Edit(at, at, f"{indent}{text}{newline}")
        at = self.file.positions.position(len(self.file.text))
        return Edit(at, at, f"{newline}{indent}{text}")

    def _references(self, name: str) -> list[cst.Name] | None:
        """Every read of ``name`` in the module, or ``None`` if renaming them is unsafe."""
        found = uses([self.file.module])
        if found.binds[name] != 1:
            return None
        if self._in_string(name):
            return None
        return [n for n in found.reads if n.value == name]

    def _in_string(self, name: str) -> bool:
        try:
            tokens = list(tokenize.generate_tokens(io.StringIO(self.file.text).readline))
        except (tokenize.TokenError, SyntaxError):
            return True
        return any(t.type == tokenize.STRING and name in t.string for t in tokens)

    # Attributes (`pydantic.BaseSettings` read through the module) --------------------------

    def _moved_attribute(self, node: cst.Attribute, full: str, moved: Moved) -> None:
        message = self._message(full, moved)
        head: cst.BaseExpression = node
        while isinstance(head, cst.Attribute):
            head = head.value
        if (
            moved.module == "pydantic"
            and isinstance(head, cst.Name)
            and self.qualify_here(head) == "pydantic"
        ):
            text = f"{head.value}.{moved.name}"
            edits = [Edit(start(self.file, node), end(self.file, node), text)]
        elif available(self.file, moved.module, moved.name):
            imports = import_edits(self.file, [(moved.module, moved.name)]) or []
            edits = [Edit(start(self.file, node), end(self.file, node), moved.name), *imports]
        else:
            self.report(node, message, help=f"Not fixed: the name `{moved.name}` is taken")
            return
        self.report(node, message, fix=self._fix(moved, edits), help=self._help(moved))
