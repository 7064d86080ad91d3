"""Edits shared by the annotation fixes (BK202, BK203)."""

from __future__ import annotations

import libcst as cst

from backlint.diagnostics import Edit
from backlint.rule import PythonFile, RuleContext
from backlint.rules.sqlalchemy.names import Names
from backlint.rules.sqlalchemy.options import sqlalchemy_options
from backlint.rules.sqlalchemy.spelling import Spelling


def union_style(file: PythonFile, context: RuleContext) -> bool:
    """Whether nullable types are written ``T | None`` (else ``Optional[T]``).

    SQLAlchemy evaluates the annotation at run time, also under ``from __future__ import
    annotations``, so ``T | None`` needs Python 3.10; a file that already imports
    ``typing.Optional`` keeps its style unless the options say otherwise.
    """
    style = sqlalchemy_options(context).optional_style
    if context.target_version < (3, 10) or style == "optional":
        return False
    if style == "union":
        return True
    targets = file.symbols.aliases.values()
    return not any(t in ("typing.Optional", "typing_extensions.Optional") for t in targets)


def spelling_for(names: Names, context: RuleContext, shadowed: set[str]) -> Spelling:
    return Spelling(
        names,
        context.target_version,
        shadowed=shadowed,
        union_style=union_style(names.file, context),
    )


def annotation_edit(
    file: PythonFile, target: cst.Name, existing: cst.Annotation | None, text: str
) -> Edit:
    """Write ``text`` as the annotation of ``target`` (replacing ``existing``)."""
    if existing is None:
        end = file.span(target).end
        return Edit(end, end, f": {text}")
    span = file.span(existing.annotation)
    return Edit(span.start, span.end, text)


def is_optional(node: cst.BaseExpression, file: PythonFile) -> bool | None:
    """Whether a type expression admits ``None``; ``None`` when it cannot be told."""
    if isinstance(node, (cst.SimpleString, cst.ConcatenatedString)):
        return None
    if isinstance(node, cst.Name) and node.value == "None":
        return True
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.BitOr):
        left, right = is_optional(node.left, file), is_optional(node.right, file)
        if left or right:
            return True
        return None if left is None or right is None else False
    if isinstance(node, cst.Subscript):
        qualified = file.qualify(node.value)
        elements = [e.slice.value for e in node.slice if isinstance(e.slice, cst.Index)]
        if qualified in ("typing.Optional", "typing_extensions.Optional"):
            return True
        if qualified in ("typing.Union", "typing_extensions.Union"):
            found = [is_optional(e, file) for e in elements]
            if any(found):
                return True
            return None if None in found else False
        if qualified in ("typing.Annotated", "typing_extensions.Annotated") and elements:
            return is_optional(elements[0], file)
        return False
    if isinstance(node, (cst.Name, cst.Attribute)):
        qualified = file.qualify(node)
        if qualified is None:
            return False if isinstance(node, cst.Name) else None
        if qualified in ("typing.Any", "typing_extensions.Any"):
            return None
        prefix = f"{file.module_name}." if file.module_name else ""
        if qualified.startswith(prefix) and "." not in qualified.removeprefix(prefix):
            # A name of this module: a class is not optional, an alias may be.
            local = qualified.removeprefix(prefix)
            classes = {s.name.value for s in file.module.body if isinstance(s, cst.ClassDef)}
            return False if local in classes else None
        return False
    return None
