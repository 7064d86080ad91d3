"""BK303 v1-root-validator: ``@root_validator`` becomes ``@model_validator(mode=...)``."""

from __future__ import annotations

import ast
import keyword

import libcst as cst

from backlint.diagnostics import Edit, Fix
from backlint.rule import FixAvailability
from backlint.rules.pydantic.class_config import literal_value
from backlint.rules.pydantic.detect import ClassInfo, PydanticRule
from backlint.rules.pydantic.editing import (
    end,
    import_edits,
    report_unused_imports,
    source,
    start,
)
from backlint.rules.pydantic.gates import class_facts, decorators, imports_any
from backlint.rules.pydantic.names import uses
from backlint.rules.pydantic.tables import MODEL_VALIDATORS, ROOT_VALIDATORS
from backlint.rules.pydantic.validators import (
    Replacement,
    classmethod_edits,
    decorator_text,
    param_end,
    quote_of,
    remove_classmethod,
)
from backlint.sources.view import SourceView

_AFTER = (
    'an "after" model validator receives the model instance, not a dict of values, and '
    "must return it"
)
_BEFORE = 'a "before" model validator receives the raw input, which is not always a dict'


class V1RootValidator(PydanticRule):
    """
    ## What it does
    Checks for pydantic v1's `@root_validator` (bare, called, or read through the module)
    and rewrites it as `@model_validator` with an explicit `mode`, which v2 requires:

    - `@root_validator(pre=True)` becomes `@model_validator(mode="before")` with
      `@classmethod`; the function is unchanged.
    - `@root_validator` and `@root_validator(skip_on_failure=True)` become
      `@model_validator(mode="after")` on an instance method: the function now receives the
      model, not a dict, so the fix rewrites `def f(cls, values)` as `def f(self)`, reads
      of `values["x"]` and `values.get("x")` as `self.x`, `return values` as `return self`
      and `cls` as `type(self)`. When the function does anything else with `values` (assigns
      to it, passes it on, iterates over it), there is no fix and the diagnostic says what
      the rewrite must do.

    `allow_reuse` and `skip_on_failure` are dropped (an "after" model validator runs only
    when every field is valid). Code that imports `root_validator` from `pydantic.v1` is left
    alone, and the now unused import of `root_validator` is reported, as is a
    `@model_validator(...)` without `mode` (what a partial migration leaves, and a
    `TypeError` when the class is defined).

    ## Why is this bad?
    Seed 000 (Python backend rules), rule 5: "Pydantic schemas use v2 style".
    `@root_validator` is deprecated in pydantic v2, refuses `pre=False` without
    `skip_on_failure=True`, and `model_validator()` without a `mode` is a `TypeError`.

    ## Example
    ```python
    class Range(BaseModel):
        low: int
        high: int

        @root_validator(skip_on_failure=True)
        def ordered(cls, values):
            if values["low"] > values["high"]:
                raise ValueError("low > high")
            return values
    ```

    ## Use instead
    ```python
    class Range(BaseModel):
        low: int
        high: int

        @model_validator(mode="after")
        def ordered(self):
            if self.low > self.high:
                raise ValueError("low > high")
            return self
    ```

    ## Fix safety
    Always unsafe. A "before" validator receives the raw input, which is a dict for
    `Model(**data)` but can be any object given to `model_validate` (or one read with
    `from_attributes`). An "after" validator receives the model instance: reading a key that
    is not a field (`values.get("typo")`) now raises, and with v1's default
    `skip_on_failure=False` the validator no longer runs after a field has failed.
    """

    code = "BK303"
    name = "v1-root-validator"
    summary = "Pydantic v1 `@root_validator`"
    fix_availability = FixAvailability.SOMETIMES
    required_text = ("root_validator", "model_validator")

    @classmethod
    def applies(cls, view: SourceView) -> bool:
        if imports_any(view, ROOT_VALIDATORS):
            return True
        for decorator, qualified in decorators(view, MODEL_VALIDATORS | ROOT_VALIDATORS):
            if qualified in ROOT_VALIDATORS or not _has_mode(decorator):
                return True
        return class_facts(view)

    def visit_Module(self, node: cst.Module) -> None:
        report_unused_imports(self, ROOT_VALIDATORS)

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        owner = self.enclosing_class()
        super().visit_FunctionDef(node)
        for index, decorator in enumerate(node.decorators):
            expression = decorator.decorator
            func = expression.func if isinstance(expression, cst.Call) else expression
            qualified = self.resolves_to(func, MODEL_VALIDATORS | ROOT_VALIDATORS)
            if qualified in MODEL_VALIDATORS:
                self._without_mode(decorator)
                continue
            if qualified not in ROOT_VALIDATORS:
                continue
            if owner is None or owner.v1:
                continue
            self._check(node, index, decorator, func, owner)

    def _without_mode(self, decorator: cst.Decorator) -> None:
        """``@model_validator()`` without ``mode`` (a half-converted root validator)."""
        expression = decorator.decorator
        if isinstance(expression, cst.Call) and any(
            a.star or (a.keyword is not None and a.keyword.value == "mode")
            for a in expression.args
        ):
            return
        self.report(
            decorator,
            '`@model_validator` needs `mode="before"`, `"after"` or `"wrap"`: without it '
            "pydantic raises `TypeError`",
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
        pre = False
        quote = '"'
        if isinstance(expression, cst.Call):
            quote = quote_of(expression)
            for arg in expression.args:
                keyword_name = arg.keyword.value if arg.keyword is not None else None
                value = literal_value(arg.value)
                if keyword_name == "pre" and isinstance(value, bool):
                    pre = value
                elif keyword_name == "allow_reuse" or (
                    keyword_name == "skip_on_failure" and isinstance(value, bool)
                ):
                    continue
                else:
                    plan.blockers.append(
                        f"`{source(self.file, arg)}` has no `model_validator` equivalent"
                    )
        mode = "before" if pre else "after"
        message = f'Pydantic v1 `@root_validator`: use `@model_validator(mode="{mode}")`' + (
            "" if pre else "; it receives the model instance, not a dict"
        )
        name = decorator_text(self, func, "model_validator", plan)
        params = node.params
        if (
            len(params.params) != 2
            or params.posonly_params
            or params.kwonly_params
            or isinstance(params.star_arg, cst.Param)
            or isinstance(params.star_kwarg, cst.Param)
            or any(p.default is not None for p in params.params)
        ):
            plan.blockers.append("the function's signature is not `(cls, values)`")
        if plan.blockers:
            self.report(decorator, message, help="Not fixed: " + "; ".join(plan.blockers))
            return
        plan.edits.append(
            Edit(
                start(self.file, expression),
                end(self.file, expression),
                f"{name}(mode={quote}{mode}{quote})",
            )
        )
        if pre:
            classmethod_edits(self, node, index, plan)
            plan.risks.append(_BEFORE)
        else:
            self._after(node, index, plan)
            plan.risks.append(_AFTER + "; the body now reads fields as attributes")
        if plan.blockers:
            help = "Not fixed: " + "; ".join(plan.blockers)
            if not pre:
                help += (
                    '. Rewrite it as `@model_validator(mode="after")` on `def f(self)`: read '
                    "fields as `self.x`, set them on `self`, and return `self`"
                )
            self.report(decorator, message, help=help)
            return
        imports = import_edits(self.file, plan.imports)
        if imports is None:
            self.report(decorator, message, help="Not fixed: a name the fix needs is taken")
            return
        fix = Fix.unsafe(
            f'Replace with `@model_validator(mode="{mode}")` ({"; ".join(plan.risks)})',
            [*plan.edits, *imports],
        )
        self.report(decorator, message, fix=fix)

    def _after(self, node: cst.FunctionDef, index: int, plan: Replacement) -> None:
        """Rewrite a post root validator's body to read the model instead of a dict."""
        removal = remove_classmethod(self, node, index)
        if removal is None:
            plan.blockers.append("the function has other decorators")
            return
        plan.edits.extend(removal)
        cls_param, values_param = node.params.params
        cls_name, values = cls_param.name.value, values_param.name.value
        body = uses([node.body])
        if body.binds[values] or body.binds[cls_name]:
            plan.blockers.append("the function rebinds its parameters")
            return
        if any(n.value == "self" for n in body.reads) or body.binds["self"]:
            plan.blockers.append("the function already uses the name `self`")
            return
        statements = node.body.body if isinstance(node.body, cst.IndentedBlock) else ()
        if not statements or not _returns_name(statements[-1], values):
            plan.blockers.append(f"the function does not end with `return {values}`")
            return
        reads = _ValuesReads(values)
        node.body.visit(reads)
        allowed = {id(n) for n in reads.names}
        if reads.other or any(n.value == values and id(n) not in allowed for n in body.reads):
            plan.blockers.append(
                f'`{values}` is used as more than a read-only dict (`{values}["x"]`, '
                f'`{values}.get("x")`, `return {values}`)'
            )
            return
        plan.edits.append(Edit(start(self.file, cls_param), param_end(self, values_param), "self"))
        for target, text in reads.replacements:
            plan.edits.append(Edit(start(self.file, target), end(self.file, target), text))
        for name in body.reads:
            if name.value == cls_name:
                plan.edits.append(Edit(start(self.file, name), end(self.file, name), "type(self)"))


def _has_mode(decorator: ast.expr) -> bool:
    """``_without_mode`` as the ast gate reads it: a call given ``mode=`` (or ``*``/``**``)."""
    return isinstance(decorator, ast.Call) and (
        any(isinstance(a, ast.Starred) for a in decorator.args)
        or any(k.arg in (None, "mode") for k in decorator.keywords)
    )


def _returns_name(statement: cst.BaseStatement, name: str) -> bool:
    if not isinstance(statement, cst.SimpleStatementLine) or len(statement.body) != 1:
        return False
    small = statement.body[0]
    return (
        isinstance(small, cst.Return)
        and isinstance(small.value, cst.Name)
        and small.value.value == name
    )


def _field_key(node: cst.BaseExpression) -> str | None:
    if isinstance(node, cst.SimpleString):
        value = node.evaluated_value
        if isinstance(value, str) and value.isidentifier() and not keyword.iskeyword(value):
            return value
    return None


class _ValuesReads(cst.CSTVisitor):
    """The read-only uses of a root validator's ``values`` dict, and what replaces them.

    ``names`` are the ``values`` names inside allowed uses; ``other`` is set by a use that
    writes (an assignment or ``del`` target) or a ``return`` of something else.
    """

    def __init__(self, values: str) -> None:
        super().__init__()
        self.values = values
        self.names: list[cst.Name] = []
        self.replacements: list[tuple[cst.CSTNode, str]] = []
        self.other = False
        self._store = 0
        self._nested = 0

    def _is_values(self, node: cst.BaseExpression) -> bool:
        return isinstance(node, cst.Name) and node.value == self.values

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self._nested += 1

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        self._nested -= 1

    def visit_Lambda(self, node: cst.Lambda) -> None:
        self._nested += 1

    def leave_Lambda(self, original_node: cst.Lambda) -> None:
        self._nested -= 1

    def visit_AssignTarget(self, node: cst.AssignTarget) -> None:
        self._store += 1

    def leave_AssignTarget(self, original_node: cst.AssignTarget) -> None:
        self._store -= 1

    def visit_Del(self, node: cst.Del) -> None:
        self._store += 1

    def leave_Del(self, original_node: cst.Del) -> None:
        self._store -= 1

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        if isinstance(node.target, cst.Subscript) and self._is_values(node.target.value):
            self.other = True

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        if isinstance(node.target, cst.Subscript) and self._is_values(node.target.value):
            self.other = True

    def visit_Subscript(self, node: cst.Subscript) -> None:
        if not self._is_values(node.value):
            return
        key = None
        if len(node.slice) == 1 and isinstance(node.slice[0].slice, cst.Index):
            key = _field_key(node.slice[0].slice.value)
        if self._store or key is None:
            self.other = True
            return
        assert isinstance(node.value, cst.Name)
        self.names.append(node.value)
        self.replacements.append((node, f"self.{key}"))

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        if not (
            isinstance(func, cst.Attribute)
            and self._is_values(func.value)
            and func.attr.value == "get"
        ):
            return
        key = (
            _field_key(node.args[0].value) if node.args and node.args[0].keyword is None else None
        )
        if key is None or len(node.args) > 2 or any(a.keyword or a.star for a in node.args):
            self.other = True
            return
        assert isinstance(func.value, cst.Name)
        self.names.append(func.value)
        self.replacements.append((node, f"self.{key}"))

    def visit_Return(self, node: cst.Return) -> None:
        if self._nested:
            return
        if node.value is not None and self._is_values(node.value):
            assert isinstance(node.value, cst.Name)
            self.names.append(node.value)
            self.replacements.append((node.value, "self"))
        else:
            self.other = True
