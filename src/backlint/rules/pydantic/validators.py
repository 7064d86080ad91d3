"""BK302 v1-validator: ``@validator`` becomes ``@field_validator`` with ``@classmethod``."""

from __future__ import annotations

from dataclasses import dataclass, field

import libcst as cst

from backlint.diagnostics import Edit, Fix, Position
from backlint.rule import FixAvailability
from backlint.rules.pydantic.class_config import literal_value
from backlint.rules.pydantic.detect import ClassInfo, PydanticRule
from backlint.rules.pydantic.editing import (
    available,
    end,
    import_edits,
    line_indent,
    report_unused_imports,
    source,
    start,
    whole_lines,
)
from backlint.rules.pydantic.gates import calls_to, class_facts, decorators, imports_any
from backlint.rules.pydantic.names import uses
from backlint.rules.pydantic.tables import VALIDATOR_EXTRAS, VALIDATORS
from backlint.sources.view import SourceView

_ALWAYS = (
    "`always=True` has no `field_validator` equivalent: add `validate_default=True` to the "
    "field's `Field(...)` (v2 then also validates the default's type)"
)
_EACH_ITEM = (
    "`each_item=True` has no `field_validator` equivalent: validate the items with "
    "`list[Annotated[T, AfterValidator(f)]]` on the field"
)


@dataclass
class Replacement:
    """A validator's rewrite as it is worked out: its edits, the ``(module, name)`` pairs it
    imports, why there is no fix (``blockers``) and why the fix is unsafe (``risks``)."""

    edits: list[Edit] = field(default_factory=list)
    imports: list[tuple[str, str]] = field(default_factory=list)
    blockers: list[str] = field(default_factory=list)
    risks: list[str] = field(default_factory=list)


def param_end(rule: PydanticRule, param: cst.Param) -> Position:
    """Where a parameter's text ends (its default, annotation or name)."""
    last: cst.CSTNode = param.name
    if param.annotation is not None:
        last = param.annotation.annotation
    if param.default is not None:
        last = param.default
    return end(rule.file, last)


def quote_of(call: cst.Call) -> str:
    """The quote character the decorator's own strings use."""
    for arg in call.args:
        if isinstance(arg.value, cst.SimpleString):
            return arg.value.quote[-1]
    return '"'


def decorator_text(
    rule: PydanticRule, func: cst.BaseExpression, new: str, plan: Replacement
) -> str:
    """``pd.field_validator`` when the v1 decorator was read through the module, else the
    bare name (imported by the fix)."""
    if isinstance(func, cst.Attribute) and rule.qualify_here(func.value) == "pydantic":
        return f"{source(rule.file, func.value)}.{new}"
    if not available(rule.file, "pydantic", new):
        plan.blockers.append(f"the name `{new}` is taken in this module")
    plan.imports.append(("pydantic", new))
    return new


def classmethod_edits(
    rule: PydanticRule, node: cst.FunctionDef, index: int, plan: Replacement
) -> None:
    """Make sure ``@classmethod`` sits right below the decorator at ``index``."""
    others = [d for i, d in enumerate(node.decorators) if i != index]
    if not others:
        if rule.file.qualify("classmethod") is not None:
            plan.blockers.append("the name `classmethod` is rebound in this module")
            return
        decorator = node.decorators[index]
        row = rule.file.span(decorator).end.row + 1
        at = Position(row, 1)
        indent = line_indent(rule.file, decorator)
        newline = rule.file.module.default_newline
        plan.edits.append(Edit(at, at, f"{indent}@classmethod{newline}"))
        return
    below = node.decorators[index + 1] if index + 1 < len(node.decorators) else None
    if (
        len(others) == 1
        and below is not None
        and isinstance(below.decorator, cst.Name)
        and below.decorator.value == "classmethod"
    ):
        return
    plan.blockers.append("the function has other decorators")


def remove_classmethod(rule: PydanticRule, node: cst.FunctionDef, index: int) -> list[Edit] | None:
    """Edits dropping a ``@classmethod`` from a function that becomes an instance method."""
    others = [d for i, d in enumerate(node.decorators) if i != index]
    if not others:
        return []
    decorator = others[0].decorator
    if len(others) == 1 and isinstance(decorator, cst.Name) and decorator.value == "classmethod":
        return [whole_lines(rule.file, others[0])]
    return None


class V1Validator(PydanticRule):
    """
    ## What it does
    Checks for pydantic v1's `@validator` (imported, or read through the module as
    `@pydantic.validator`) and rewrites it as `@field_validator` with `@classmethod` below
    it: `pre=True` becomes `mode="before"`, `pre=False`, `allow_reuse`, `always=False` and
    `each_item=False` are dropped, `check_fields` is kept. Extra parameters the function
    declares but does not use (`values`, `config`, `field`, `**kwargs`) are dropped; a used
    `values` becomes `info.data` and `field.name` becomes `info.field_name`, with
    `info: ValidationInfo` as the third parameter. An existing `@classmethod` is kept, never
    doubled.

    `always=True`, `each_item=True`, a used `config`, and `field` used for more than its
    name have no mechanical equivalent: the diagnostic says what to write instead. Code that
    imports `validator` from `pydantic.v1` is left alone, and the now unused import of
    `validator` is reported.

    ## Why is this bad?
    Seed 000 (Python backend rules), rule 5: "Pydantic schemas use v2 style". `@validator`
    is deprecated in pydantic v2 (`PydanticDeprecatedSince20`) and will be removed; its
    signature tricks (`values`, `field`, `config` by name) are gone from `field_validator`.

    ## Example
    ```python
    class UserCreate(BaseModel):
        password: str

        @validator("password", pre=True, allow_reuse=True)
        def strip(cls, v):
            return v.strip()
    ```

    ## Use instead
    ```python
    class UserCreate(BaseModel):
        password: str

        @field_validator("password", mode="before")
        @classmethod
        def strip(cls, v):
            return v.strip()
    ```

    ## Fix safety
    The fix is safe when the function takes `(cls, v)` (or declares extra parameters it does
    not use): the validator then runs at the same point with the same value. It is unsafe
    when `values` or `field.name` is used: `info.data` and `info.field_name` hold the same
    data, but the function's signature changes for any code that calls it directly.
    """

    code = "BK302"
    name = "v1-validator"
    summary = "Pydantic v1 `@validator`"
    fix_availability = FixAvailability.SOMETIMES
    required_text = ("validator(",)

    @classmethod
    def applies(cls, view: SourceView) -> bool:
        # `@validator(...)` and `validator(...)(f)` call it; a bare `@validator` does not.
        return (
            imports_any(view, VALIDATORS)
            or next(calls_to(view, VALIDATORS), None) is not None
            or next(decorators(view, VALIDATORS), None) is not None
            or class_facts(view)
        )

    def visit_Module(self, node: cst.Module) -> None:
        report_unused_imports(self, VALIDATORS)

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        owner = self.enclosing_class()
        super().visit_FunctionDef(node)
        for index, decorator in enumerate(node.decorators):
            expression = decorator.decorator
            func = expression.func if isinstance(expression, cst.Call) else expression
            if self.resolves_to(func, VALIDATORS) is None:
                continue
            if owner is None or owner.v1:
                continue
            self._check(node, index, decorator, func, owner)

    def visit_Call(self, node: cst.Call) -> None:
        inner = node.func
        if isinstance(inner, cst.Call) and self.resolves_to(inner.func, VALIDATORS):
            self.report(
                node,
                "Pydantic v1 `validator(...)(function)`: declare a `@field_validator` "
                "classmethod that calls the function instead",
            )

    def _check(
        self,
        node: cst.FunctionDef,
        index: int,
        decorator: cst.Decorator,
        func: cst.BaseExpression,
        owner: ClassInfo,
    ) -> None:
        plan = Replacement()
        expression = decorator.decorator
        if not isinstance(expression, cst.Call):
            plan.blockers.append("`@validator` without field names")
            arguments: list[str] = []
        else:
            arguments = self._arguments(expression, plan)
        name = decorator_text(self, func, "field_validator", plan)
        if not plan.blockers:
            plan.edits.append(
                Edit(
                    start(self.file, expression),
                    end(self.file, expression),
                    f"{name}({', '.join(arguments)})",
                )
            )
            classmethod_edits(self, node, index, plan)
            self._signature(node, plan)
        message = "Pydantic v1 `@validator`: use `@field_validator` with `@classmethod`"
        if plan.blockers:
            self.report(decorator, message, help="Not fixed: " + "; ".join(plan.blockers))
            return
        imports = import_edits(self.file, plan.imports)
        if imports is None:
            self.report(decorator, message, help="Not fixed: a name the fix needs is taken")
            return
        description = "Replace with `@field_validator(...)` and `@classmethod`"
        if plan.risks:
            fix = Fix.unsafe(f"{description} ({'; '.join(plan.risks)})", [*plan.edits, *imports])
        else:
            fix = Fix.safe(description, [*plan.edits, *imports])
        self.report(decorator, message, fix=fix)

    def _arguments(self, call: cst.Call, plan: Replacement) -> list[str]:
        quote = quote_of(call)
        arguments: list[str] = []
        for arg in call.args:
            if arg.keyword is None:
                if arg.star == "**":
                    plan.blockers.append("keyword arguments are unpacked with `**`")
                else:
                    arguments.append(f"{arg.star}{source(self.file, arg.value)}")
                continue
            keyword = arg.keyword.value
            value = literal_value(arg.value)
            if keyword == "pre":
                if value is True:
                    arguments.append(f"mode={quote}before{quote}")
                elif value is not False:
                    plan.blockers.append("`pre` is not a literal `True` or `False`")
            elif keyword == "allow_reuse":
                continue
            elif keyword == "check_fields":
                arguments.append(f"check_fields={source(self.file, arg.value)}")
            elif keyword in ("always", "each_item"):
                if value is True:
                    plan.blockers.append(_ALWAYS if keyword == "always" else _EACH_ITEM)
                elif value is not False:
                    plan.blockers.append(f"`{keyword}` is not a literal `True` or `False`")
            else:
                plan.blockers.append(f"`{keyword}=` has no `field_validator` equivalent")
        return arguments

    def _signature(self, node: cst.FunctionDef, plan: Replacement) -> None:
        params = node.params
        if params.posonly_params or params.kwonly_params or isinstance(params.star_arg, cst.Param):
            plan.blockers.append("the function's signature is not `(cls, value, ...)`")
            return
        if len(params.params) < 2 or any(p.default is not None for p in params.params):
            plan.blockers.append("the function's signature is not `(cls, value, ...)`")
            return
        extras = list(params.params[2:])
        kwargs = params.star_kwarg if isinstance(params.star_kwarg, cst.Param) else None
        if any(p.name.value not in VALIDATOR_EXTRAS for p in extras):
            plan.blockers.append("the function declares parameters v1 did not pass")
            return
        if not extras and kwargs is None:
            return
        body = uses([node.body])
        read = {name.value for name in body.reads}
        for param in [*extras, *([kwargs] if kwargs else [])]:
            if body.binds[param.name.value]:
                plan.blockers.append(f"`{param.name.value}` is rebound in the function")
        if kwargs is not None and kwargs.name.value in read:
            plan.blockers.append("`**kwargs` is used: read `info.data` / `info.field_name`")
        used = {p.name.value for p in extras if p.name.value in read}
        if "config" in used:
            plan.blockers.append(
                "`config` is used: v2 passes the configuration as `info.config`, a dict of v2 keys"
            )
        replaced: list[tuple[cst.CSTNode, str]] = []
        if "field" in used:
            accesses = _attribute_reads(node.body, "field")
            names = [n for n in body.reads if n.value == "field"]
            if len(accesses) != len(names) or any(a.attr.value != "name" for a in accesses):
                plan.blockers.append(
                    "`field` is used beyond `field.name`: read "
                    "`cls.model_fields[info.field_name]` (a `FieldInfo`) instead"
                )
            replaced.extend((a, "info.field_name") for a in accesses)
        if "values" in used:
            replaced.extend((n, "info.data") for n in body.reads if n.value == "values")
        if plan.blockers:
            return
        first = extras[0] if extras else kwargs
        last = kwargs or extras[-1]
        assert first is not None and last is not None
        if used:
            if (
                "info" in read
                or body.binds["info"]
                or "info" in {p.name.value for p in params.params}
            ):
                plan.blockers.append("the name `info` is already used in the function")
                return
            if available(self.file, "pydantic", "ValidationInfo"):
                plan.imports.append(("pydantic", "ValidationInfo"))
                info = "info: ValidationInfo"
            else:
                info = "info"
            plan.edits.append(Edit(start(self.file, first), param_end(self, last), info))
            plan.edits.extend(
                Edit(start(self.file, n), end(self.file, n), text) for n, text in replaced
            )
            plan.risks.append(
                "the function now takes `info: ValidationInfo`; `values` is `info.data`"
            )
        else:
            second = params.params[1]
            plan.edits.append(Edit(param_end(self, second), param_end(self, last), ""))


class _AttributeReads(cst.CSTVisitor):
    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name
        self.found: list[cst.Attribute] = []

    def visit_Attribute(self, node: cst.Attribute) -> None:
        if isinstance(node.value, cst.Name) and node.value.value == self.name:
            self.found.append(node)


def _attribute_reads(body: cst.CSTNode, name: str) -> list[cst.Attribute]:
    visitor = _AttributeReads(name)
    body.visit(visitor)
    return visitor.found
