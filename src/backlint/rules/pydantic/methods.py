"""BK304 v1-model-method: ``.dict()``, ``.json()``, ``parse_obj``... on known models."""

from __future__ import annotations

import ast
from dataclasses import dataclass

import libcst as cst

from backlint.diagnostics import Condition, Edit, Fix
from backlint.facts import SymbolFact
from backlint.rule import FixAvailability, PythonFile
from backlint.rules.pydantic.class_config import literal_value
from backlint.rules.pydantic.detect import (
    ClassInfo,
    ClassScope,
    ComprehensionScope,
    FunctionScope,
    PydanticRule,
    Requirements,
    base_expression,
    comprehension_binds,
)
from backlint.rules.pydantic.editing import (
    available,
    end,
    import_edits,
    keyword_of,
    report_unused_imports,
    source,
    start,
)
from backlint.rules.pydantic.gates import (
    body_binds,
    calls_to,
    class_annotation,
    class_facts,
    imports_any,
    in_body,
    outline,
    plain_modules,
    strip_subscripts,
)
from backlint.rules.pydantic.tables import (
    INSTANCE,
    METHODS,
    MODEL,
    PARSE_OBJ_AS,
    ROOT_VALIDATORS,
    VALIDATORS,
    defines,
)
from backlint.sources.view import SourceView

# Decorators after which a method's first parameter is the class, or the instance.
_CLASS_DECORATORS = frozenset({"classmethod"})
_INSTANCE_DECORATORS = frozenset({"property", "cached_property", "functools.cached_property"})
_CLASS_VALIDATORS = (
    VALIDATORS
    | ROOT_VALIDATORS
    | {
        "pydantic.field_validator",
        "pydantic.functional_validators.field_validator",
    }
)

# Class methods that return an instance, and instance methods that return a copy.
_COPIES = frozenset({"copy", "model_copy"})
_CONSTRUCTORS = _COPIES | {
    "parse_obj",
    "parse_raw",
    "parse_file",
    "from_orm",
    "construct",
    "validate",
    "model_validate",
    "model_validate_json",
    "model_validate_strings",
    "model_construct",
}

_ADVICE = {
    "parse_file": "read the file and call `model_validate_json(...)` on its content",
    "update_forward_refs": (
        "`model_rebuild()` resolves names in the model's module; pass others with "
        "`_types_namespace={...}`"
    ),
    "copy": (
        "`model_copy` has no `include`/`exclude`: dump with `model_dump(include=..., "
        "exclude=...)` and validate the result instead"
    ),
    "json": (
        "`model_dump_json` takes no `json.dumps` arguments: use "
        '`json.dumps(m.model_dump(mode="json"), ...)`'
    ),
}


@dataclass(frozen=True, slots=True)
class Receiver:
    """What a method is called on: a model class (``role`` ``"class"``), an instance of one
    (``"instance"``), or a module-level name that may be either (``"either"``).

    ``source`` is the class (or the module-level name) whose kinds decide; ``extra`` holds
    conditions gathered on the way (``User.parse_obj(x).dict()`` needs ``User`` not to
    override ``parse_obj`` either).
    """

    role: str
    source: ClassInfo | str
    extra: Requirements = ()

    @property
    def name(self) -> str | None:
        return self.source if isinstance(self.source, str) else None

    def requires(self, method: str) -> Requirements | None:
        """Conditions under which this is a model that does not override ``method``."""
        if isinstance(self.source, ClassInfo):
            own = self.source.requires_all((MODEL, True), (defines(method), False))
            if own is None:
                return None
        else:
            own = (Condition(self.source, MODEL), Condition(self.source, defines(method), False))
        return (*own, *self.extra)


# Objects of the standard library that are never a model nor an instance of one, though they
# have methods of the v1 names (`os.environ.copy()`, `mock.patch.dict(...)`).
_NOT_MODELS = frozenset(
    {"os.environ", "os.environb", "sys.modules", "sys.path", "unittest.mock.patch"}
)


def _modules(file: PythonFile) -> frozenset[str]:
    """The names ``file`` binds only by plain ``import`` statements (module objects)."""

    def read() -> frozenset[str]:
        tree = file.tree
        # Without a tree no module-level name is known (as for ``file.symbols``).
        return plain_modules(tree) if tree is not None else frozenset()

    return file.shared("pydantic.plain_modules", read)


# What the gate looks for: called methods, and the two attributes read without a call.
_CALLED = frozenset(name for name, spec in METHODS.items() if not spec.attribute)
_ATTRIBUTES = frozenset(name for name, spec in METHODS.items() if spec.attribute)


class _Receivers:
    """Which expressions ``V1ModelMethod.receiver`` may find a model in, told from ``ast``.

    A superset: a dotted name the module binds, unless it is a module bound by plain
    ``import`` statements or an object of ``_NOT_MODELS``; a name some scope of the file binds
    as a class, as a method's first parameter, with an annotation that may name a class, or once
    to a call of such a receiver; a call or subscript of one. Scopes are not told apart.
    """

    def __init__(self, view: SourceView) -> None:
        self.view = view
        self.aliases = view.symbols.aliases
        self._names: set[str] | None = None
        self._modules: frozenset[str] | None = None

    def _module_level(self, name: str) -> bool:
        """Whether the module's binding of ``name`` may be a model or an instance of one:
        not a module, nor an object of ``_NOT_MODELS``."""
        if name not in self.aliases or self.view.qualify(name) in _NOT_MODELS:
            return False
        if self._modules is None:
            self._modules = plain_modules(self.view.tree, self.view.nodes(ast.Global))
        return name not in self._modules

    def may_be(self, expression: ast.expr) -> bool:
        return self._may_be(expression, None)

    def _may_be(self, expression: ast.expr, names: set[str] | None) -> bool:
        while True:
            expression = strip_subscripts(expression)
            if not isinstance(expression, ast.Call):
                break
            func = expression.func
            if isinstance(func, ast.Attribute) and func.attr in _CONSTRUCTORS:
                expression = func.value
            elif isinstance(func, (ast.Name, ast.Attribute, ast.Subscript)):
                expression = func
            else:
                return False
        if isinstance(expression, ast.Attribute):
            qualified = self.view.qualify(expression)
            return qualified is not None and qualified not in _NOT_MODELS
        if isinstance(expression, ast.Name):
            if self._module_level(expression.id):
                return True
            # A module (or a name of `_NOT_MODELS`) may still be shadowed in a scope.
            return expression.id in (self.names if names is None else names)
        return False

    @property
    def names(self) -> set[str]:
        if self._names is None:
            self._names = self._bound()
        return self._names

    def _bound(self) -> set[str]:
        view = self.view
        classes = {node.name for node in view.nodes(ast.ClassDef)}
        names = set(classes)
        for node in view.nodes(ast.ClassDef):
            for statement in in_body(node.body):
                if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    ordered = [*statement.args.posonlyargs, *statement.args.args]
                    if ordered:
                        names.add(ordered[0].arg)
        for kind in (ast.FunctionDef, ast.AsyncFunctionDef):
            for function in view.nodes(kind):
                arguments = function.args
                for param in (*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs):
                    annotation = param.annotation
                    if annotation is not None and class_annotation(view, annotation, classes):
                        names.add(param.arg)
        for statement in view.nodes(ast.AnnAssign):
            target = statement.target
            if isinstance(target, ast.Name) and class_annotation(
                view, statement.annotation, classes
            ):
                names.add(target.id)
        assigned = [
            (target.id, statement.value)
            for statement in view.nodes(ast.Assign)
            if len(statement.targets) == 1
            and isinstance(target := statement.targets[0], ast.Name)
            and isinstance(statement.value, ast.Call)
        ]
        # `a = User(); b = a.copy()`: a name bound to a call of a receiver is one.
        grown = True
        while grown:
            grown = False
            for name, value in assigned:
                if name not in names and self._may_be(value, names):
                    names.add(name)
                    grown = True
        return names


def _records(view: SourceView) -> bool:
    """Whether ``V1ModelMethod`` records a fact: a class's bases, the v1 methods a class
    overrides, or a module-level variable annotated with a class."""
    if class_facts(view):
        return True
    found = outline(view)
    if any(body_binds(node.body) & METHODS.keys() for node, _ in found.classes):
        return True
    return any(
        isinstance(statement.target, ast.Name) and class_annotation(view, statement.annotation, ())
        for statement in found.module_annotations
    )


class V1ModelMethod(PydanticRule):
    """
    ## What it does
    Checks for pydantic v1 methods and attributes on pydantic models, and renames them:

    | v1 | v2 |
    |---|---|
    | `m.dict(...)`, `m.json(...)` | `m.model_dump(...)`, `m.model_dump_json(...)` |
    | `m.copy(update=..., deep=...)` | `m.model_copy(update=..., deep=...)` |
    | `M.parse_obj(x)`, `M.validate(x)`, `M.from_orm(x)` | `M.model_validate(x)` |
    | `M.parse_raw(s)` | `M.model_validate_json(s)` |
    | `M.construct(...)` | `M.model_construct(...)` |
    | `M.schema(...)` | `M.model_json_schema(...)` |
    | `M.schema_json(...)` | `json.dumps(M.model_json_schema(...))` |
    | `M.update_forward_refs()` | `M.model_rebuild()` |
    | `M.__fields__`, `m.__fields_set__` | `M.model_fields`, `m.model_fields_set` |
    | `parse_obj_as(T, x)` | `TypeAdapter(T).validate_python(x)` |

    The receiver must certainly be a pydantic model or an instance of one: the model class
    itself (however imported, or a module-level alias of it), `cls` in its class methods,
    `self` in its methods, a parameter or variable annotated with the model class, a call of
    the class or of one of its constructors (`User(...).dict()`,
    `User.parse_obj(x).json()`), or a local variable bound once, to such a call. `.dict()`,
    `.json()` and `.copy()` on anything else (a `requests` response, a plain dict, a variable
    bound twice, a parameter typed `Optional[User]`, a module such as `copy` in
    `copy.copy(x)`, `os.environ`, `mock.patch`) are not reported, and neither are
    methods a project class overrides (a model that defines its own `dict()`, or inherits one
    from a project class). `m.parse_file(...)`, and calls with arguments v2 dropped
    (`copy(include=...)`, `json(encoder=...)`, `update_forward_refs(**localns)`), are
    reported without a fix.

    ## Why is this bad?
    Seed 000 (Python backend rules), rule 5: "Pydantic schemas use v2 style". The v1 methods
    are deprecated in pydantic v2 and warn on every call (`PydanticDeprecatedSince20`);
    some v1 arguments already raise (`json(encoder=...)`, `update_forward_refs(**localns)`).

    ## Example
    ```python
    def read_user(user: UserResponse) -> dict:
        return user.dict(exclude_none=True)
    ```

    ## Use instead
    ```python
    def read_user(user: UserResponse) -> dict:
        return user.model_dump(exclude_none=True)
    ```

    ## Fix safety
    The renames are safe: in pydantic v2 each deprecated method calls its replacement with
    the same arguments (`dict()` is `model_dump()`, `from_orm(x)` is `model_validate(x)`...);
    `update_forward_refs()` forces a rebuild where `model_rebuild()` rebuilds only a model
    whose references are unresolved, which gives the same model. `parse_raw` is unsafe:
    `model_validate_json` parses with pydantic's JSON parser and validates in JSON mode,
    where v1 loaded the JSON first. `schema_json` is unsafe: v1 dumped with pydantic's
    encoder for values JSON cannot hold. `copy(update=..., deep=True)` is unsafe: v1 also
    deep-copied the `update` values, `model_copy` does not. `m.json()` output is compact in v2
    (`{"a":1}`), whether or not the call is renamed.
    """

    code = "BK304"
    name = "v1-model-method"
    summary = "Pydantic v1 model method"
    fix_availability = FixAvailability.SOMETIMES
    required_text = (
        *(f".{name}" if spec.attribute else f".{name}(" for name, spec in METHODS.items()),
        "parse_obj_as",
        *(f"def {name}(" for name in METHODS),
    )

    @classmethod
    def applies(cls, view: SourceView) -> bool:
        if imports_any(view, PARSE_OBJ_AS) or next(calls_to(view, PARSE_OBJ_AS), None) is not None:
            return True
        receivers = _Receivers(view)
        for call in view.nodes(ast.Call):
            func = call.func
            if (
                isinstance(func, ast.Attribute)
                and func.attr in _CALLED
                and receivers.may_be(func.value)
            ):
                return True
        for attribute in view.nodes(ast.Attribute):
            if attribute.attr in _ATTRIBUTES and receivers.may_be(attribute.value):
                return True
        return _records(view)

    def visit_Module(self, node: cst.Module) -> None:
        report_unused_imports(self, PARSE_OBJ_AS)

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        super().visit_ClassDef(node)
        info = self.current_class()
        overridden = frozenset(defines(n) for n in info.body_names if n in METHODS)
        if info.qualname is not None and overridden:
            self.facts.append(SymbolFact(info.qualname, kinds=overridden))

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        if self.scopes or not isinstance(node.target, cst.Name):
            return
        resolved = self._annotation_class(node.annotation.annotation)
        if isinstance(resolved, str):
            local = self.file.qualname(node.target.value)
            self.facts.append(SymbolFact(local, (resolved,), frozenset({INSTANCE})))

    # Receivers -----------------------------------------------------------------------------

    def _annotation_class(self, annotation: cst.BaseExpression) -> ClassInfo | str | None:
        if isinstance(annotation, cst.SimpleString):
            text = annotation.evaluated_value
            if not isinstance(text, str):
                return None
            try:
                annotation = cst.parse_expression(text)
            except cst.ParserSyntaxError:
                return None
        if isinstance(annotation, (cst.Name, cst.Attribute)):
            return self.resolve_class(annotation)
        return None

    def _class_receiver(self, resolved: ClassInfo | str | None, role: str) -> Receiver | None:
        if resolved is None:
            return None
        if isinstance(resolved, ClassInfo) and resolved.requires(MODEL) is None:
            return None
        return Receiver(role, resolved)

    def receiver(self, expression: cst.BaseExpression) -> Receiver | None:
        """What ``expression`` certainly is, or ``None``."""
        if isinstance(expression, cst.Call):
            return self._call_receiver(expression)
        if isinstance(expression, cst.Subscript):
            # `Page[int]` is a model class when `Page` is one.
            inner = self.receiver(base_expression(expression))
            return self._as_class(inner)
        if isinstance(expression, cst.Attribute):
            resolved = self.resolve_class(expression)
            if not isinstance(resolved, str) or resolved in _NOT_MODELS:
                return None
            return self._class_receiver(resolved, "either")
        if not isinstance(expression, cst.Name):
            return None
        name = expression.value
        innermost = True
        for scope in reversed(self.scopes):
            if isinstance(scope, ClassScope):
                if innermost:
                    if name in scope.classes:
                        return self._class_receiver(scope.classes[name], "class")
                    if name in scope.bound:
                        return None
            elif isinstance(scope, FunctionScope):
                if name in scope.classes:
                    if scope.binds[name] != 1:
                        return None
                    return self._class_receiver(scope.classes[name], "class")
                if scope.binds[name]:
                    return self._local(scope, name)
            elif isinstance(scope, ComprehensionScope) and comprehension_binds(scope.node, name):
                return None
            innermost = False
        qualified = self.file.qualify(expression)
        if qualified is None or qualified in _NOT_MODELS or name in _modules(self.file):
            return None
        local = self.file.qualname(name)
        role = "class" if qualified == local and self._module_class(name) else "either"
        return self._class_receiver(qualified, role)

    @staticmethod
    def _as_class(found: Receiver | None) -> Receiver | None:
        """``found`` as a class, with the condition that makes it one."""
        if found is None or found.role == "instance":
            return None
        if found.role == "either" and found.name is not None:
            extra = (*found.extra, Condition(found.name, INSTANCE, False))
            return Receiver("class", found.source, extra)
        return found

    def _call_receiver(self, call: cst.Call) -> Receiver | None:
        """An instance made by calling a model class, or one of its constructors
        (``User.parse_obj(x)``, ``user.copy()``)."""
        target = call.func
        if isinstance(target, cst.Attribute) and target.attr.value in _CONSTRUCTORS:
            found = self.receiver(target.value)
            if found is None:
                return None
            constructor = target.attr.value
            if found.role == "instance" and constructor not in _COPIES:
                return None
            conditions = found.requires(constructor)
            if conditions is None:
                return None
            return Receiver("instance", found.source, conditions)
        if not isinstance(target, (cst.Name, cst.Attribute, cst.Subscript)):
            return None
        found = self._as_class(self.receiver(target))
        if found is None:
            return None
        return Receiver("instance", found.source, found.extra)

    def _module_class(self, name: str) -> bool:
        return any(
            isinstance(statement, cst.ClassDef) and statement.name.value == name
            for statement in self.file.module.body
        )

    def _local(self, scope: FunctionScope, name: str) -> Receiver | None:
        """A name bound once in a function: a parameter, an annotated or a plain assignment
        of a model instance."""
        if scope.binds[name] != 1:
            return None
        node = scope.node
        params = node.params
        ordered = [*params.posonly_params, *params.params]
        every = [*ordered, *params.kwonly_params]
        param = next((p for p in every if p.name.value == name), None)
        if param is not None:
            if (
                scope.method_of is not None
                and isinstance(node, cst.FunctionDef)
                and ordered
                and ordered[0] is param
            ):
                role = self._first_parameter_role(node)
                if role is None:
                    return None
                return self._class_receiver(scope.method_of, role)
            if param.annotation is None:
                return None
            resolved = self._annotation_class(param.annotation.annotation)
            return self._class_receiver(resolved, "instance")
        annotation = scope.annotations.get(name)
        if annotation is not None:
            return self._class_receiver(self._annotation_class(annotation), "instance")
        value = scope.assigned.get(name)
        if isinstance(value, cst.Call):
            return self._call_receiver(value)
        return None

    def _first_parameter_role(self, node: cst.FunctionDef) -> str | None:
        if not node.decorators:
            return "instance"
        if len(node.decorators) > 2:
            return None
        roles = set()
        for decorator in node.decorators:
            expression = decorator.decorator
            func = expression.func if isinstance(expression, cst.Call) else expression
            text = source(self.file, func)
            qualified = self.file.qualify(func) or text
            builtin = text in _CLASS_DECORATORS and self.file.qualify(func) is None
            if builtin or qualified in _CLASS_VALIDATORS:
                roles.add("class")
            elif text in _INSTANCE_DECORATORS or qualified == "functools.cached_property":
                roles.add("instance")
            else:
                return None
        return roles.pop() if len(roles) == 1 else None

    # Checks --------------------------------------------------------------------------------

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        if isinstance(func, cst.Attribute):
            method = func.attr.value
            spec = METHODS.get(method)
            if spec is not None and not spec.attribute:
                found = self.receiver(func.value)
                requires = found.requires(method) if found is not None else None
                if found is not None and requires is not None:
                    self._method(node, func, method, found.role, requires)
        if isinstance(func, (cst.Name, cst.Attribute)) and self.resolves_to(func, PARSE_OBJ_AS):
            self._parse_obj_as(node, func)

    def visit_Attribute(self, node: cst.Attribute) -> None:
        method = node.attr.value
        if method not in ("__fields__", "__fields_set__"):
            return
        found = self.receiver(node.value)
        requires = found.requires(method) if found is not None else None
        if found is None or requires is None:
            return
        new = METHODS[method].v2
        message = f"Pydantic v1 `{method}`: use `{new}`"
        rename = Edit(start(self.file, node.attr), end(self.file, node.attr), new)
        on_class = Fix.safe(f"Rename to `{new}`", [rename])
        if method == "__fields_set__":
            self.report(node.attr, message, fix=on_class, requires=requires)
            return
        receiver = source(self.file, node.value)
        on_instance = Fix.safe(
            f"Replace with `type({receiver}).{new}`",
            [Edit(start(self.file, node), end(self.file, node), f"type({receiver}).{new}")],
        )
        if found.role == "class":
            self.report(node.attr, message, fix=on_class, requires=requires)
        elif found.role == "instance":
            self.report(node.attr, message, fix=on_instance, requires=requires)
        elif found.name is not None:
            for present, fix in ((False, on_class), (True, on_instance)):
                variant = (*requires, Condition(found.name, INSTANCE, present))
                self.report(node.attr, message, fix=fix, requires=variant)

    def _method(
        self, call: cst.Call, func: cst.Attribute, method: str, role: str, requires: Requirements
    ) -> None:
        spec = METHODS[method]
        shown = f"{method}()"
        message = f"Pydantic v1 `{shown}`: use `{spec.v2}()`"
        advice = _ADVICE.get(method)
        positional = [a for a in call.args if a.keyword is None and not a.star]
        keywords = [a for a in call.args if a.keyword is not None]
        renamed = dict(spec.renamed)
        stars = any(a.star for a in call.args)
        blocked = method == "parse_file" or (stars and method != "construct")
        blocked = blocked or len(positional) > spec.positional
        if spec.keywords is not None:
            blocked = blocked or any(
                keyword_of(a) not in spec.keywords and keyword_of(a) not in renamed
                for a in keywords
            )
        if method == "parse_raw" and (len(positional) != 1 or keywords):
            blocked = True
        if blocked:
            help = f"Not fixed: {advice}" if advice else "Not fixed: arguments v2 does not take"
            self.report(func.attr, message, help=help, requires=requires)
            return
        edits = [Edit(start(self.file, func.attr), end(self.file, func.attr), spec.v2)]
        for arg in keywords:
            assert arg.keyword is not None
            if arg.keyword.value in renamed:
                edits.append(
                    Edit(
                        start(self.file, arg.keyword),
                        end(self.file, arg.keyword),
                        renamed[arg.keyword.value],
                    )
                )
        risks: list[str] = []
        if method == "parse_raw":
            risks.append("`model_validate_json` parses with pydantic's JSON parser in JSON mode")
        if method == "copy":
            deep = next((a for a in keywords if a.keyword and a.keyword.value == "deep"), None)
            update = any(a.keyword and a.keyword.value == "update" for a in keywords)
            if update and deep is not None and literal_value(deep.value) is not False:
                risks.append("v1 also deep-copied the `update` values; `model_copy` does not")
        if method == "schema_json":
            rewritten, risk = self._schema_json(call, func)
            if rewritten is None:
                self.report(
                    func.attr,
                    message,
                    help="Not fixed: the name `dumps` is taken",
                    requires=requires,
                )
                return
            edits = rewritten
            risks.append(risk)
        description = f"Replace with `{spec.v2}()`"
        fix = (
            Fix.unsafe(f"{description} ({'; '.join(risks)})", edits)
            if risks
            else Fix.safe(description, edits)
        )
        self.report(func.attr, message, fix=fix, requires=requires)

    def _schema_json(self, call: cst.Call, func: cst.Attribute) -> tuple[list[Edit] | None, str]:
        """``M.schema_json(indent=2)`` -> ``json.dumps(M.model_json_schema(), indent=2)``."""
        schema_args: list[str] = []
        dumps_args: list[str] = []
        for arg in call.args:
            text = source(self.file, arg.value)
            assert arg.keyword is not None
            target = (
                schema_args if arg.keyword.value in ("by_alias", "ref_template") else dumps_args
            )
            target.append(f"{arg.keyword.value}={text}")
        imports: list[Edit] = []
        if self.file.qualify("json") == "json":
            dumps = "json.dumps"
        else:
            found = import_edits(self.file, [("json", "dumps")])
            if found is None:
                return None, ""
            imports = found
            dumps = "dumps"
        receiver = source(self.file, func.value)
        inner = f"{receiver}.model_json_schema({', '.join(schema_args)})"
        text = f"{dumps}({', '.join([inner, *dumps_args])})"
        edit = Edit(start(self.file, call), end(self.file, call), text)
        return [
            edit,
            *imports,
        ], "v1 dumped the schema with pydantic's encoder for values JSON cannot hold"

    def _parse_obj_as(self, call: cst.Call, func: cst.BaseExpression) -> None:
        message = "Pydantic v1 `parse_obj_as`: use `TypeAdapter(T).validate_python(obj)`"
        type_ = obj = None
        extra = False
        for index, arg in enumerate(call.args):
            if arg.star:
                extra = True
            elif arg.keyword is None:
                if index == 0:
                    type_ = arg.value
                elif index == 1:
                    obj = arg.value
                else:
                    extra = True
            elif arg.keyword.value == "type_":
                type_ = arg.value
            elif arg.keyword.value == "obj":
                obj = arg.value
            else:
                extra = True
        if extra or type_ is None or obj is None:
            self.report(call, message, help="Not fixed: `type_name` has no v2 equivalent")
            return
        imports: list[Edit] = []
        if isinstance(func, cst.Attribute) and self.qualify_here(func.value) == "pydantic":
            adapter = f"{source(self.file, func.value)}.TypeAdapter"
        elif available(self.file, "pydantic", "TypeAdapter"):
            adapter = "TypeAdapter"
            imports = import_edits(self.file, [("pydantic", "TypeAdapter")]) or []
        else:
            self.report(call, message, help="Not fixed: the name `TypeAdapter` is taken")
            return
        text = f"{adapter}({source(self.file, type_)}).validate_python({source(self.file, obj)})"
        edit = Edit(start(self.file, call), end(self.file, call), text)
        self.report(
            call,
            message,
            fix=Fix.safe("Replace with `TypeAdapter(T).validate_python(obj)`", [edit, *imports]),
        )
