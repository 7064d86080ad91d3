"""BK306 v1-field-argument: v1 arguments of ``Field()``: ``regex``, ``min_items``, ``const``..."""

from __future__ import annotations

import re

import libcst as cst

from backlint.diagnostics import Edit, Fix
from backlint.rule import FixAvailability, PythonFile, RuleContext
from backlint.rules.pydantic.class_config import literal_value
from backlint.rules.pydantic.detect import ClassInfo, PydanticRule, Requirements
from backlint.rules.pydantic.editing import (
    available,
    delete_arguments,
    end,
    import_edits,
    keyword_argument,
    keyword_of,
    source,
    start,
)
from backlint.rules.pydantic.gates import calls_to, class_facts, keywords
from backlint.rules.pydantic.tables import (
    CONSTRAINED_CALLS,
    FIELD_PARAMETERS_V1,
    FIELD_PARAMETERS_V2,
    FIELDS,
    ITEM_LENGTHS,
    MODEL,
    RUST_UNSUPPORTED_REGEX,
    SETTINGS,
)
from backlint.sources.view import SourceView

# Keywords of `constr`, `conlist`, `conset`, `confrozenset` that may be reported.
_CONSTRAINED_KEYWORDS = frozenset({"regex", "curtail_length", "unique_items", *ITEM_LENGTHS})
_FLAGS = re.compile(r"^\(\?[aiLmsux]+\)")
_REGEX_ENGINE = (
    "v2's default regex engine (Rust) has no look-arounds, back-references or `\\Z`: "
    'rewrite the pattern, or set `regex_engine="python-re"` in `model_config`'
)


class V1FieldArgument(PydanticRule):
    """
    ## What it does
    Checks the arguments of pydantic's `Field(...)` (and of `constr`, `conlist`, `conset`,
    `confrozenset`) for v1 arguments that v2 renamed or removed:

    | v1 | v2 |
    |---|---|
    | `regex="^[a-z]+"` | `pattern="^[a-z]+"` |
    | `min_items=`, `max_items=` | `min_length=`, `max_length=` |
    | `allow_mutation=False` | `frozen=True` |
    | `const=True` on `x: str = Field("a", const=True)` | `x: Literal["a"] = Field("a")` |
    | `unique_items=False`, `const=False`, `allow_mutation=True` | dropped |
    | `env="NAME"` in a settings class | `validation_alias="NAME"` |
    | any other keyword (`example=1`) | `json_schema_extra={"example": 1}` |

    `unique_items=True`, `include=`, and a regular expression that v2's engine cannot run
    (look-arounds, back-references) have no mechanical replacement: the diagnostic says what
    to do. Arguments v2 knows under the same name are never reported, so v2 code that uses
    `pattern=` or `examples=` is left alone, and so is `pydantic.v1.Field`.

    ## Why is this bad?
    Seed 000 (Python backend rules), rule 5: "Pydantic schemas use v2 style". In pydantic v2,
    `Field(regex=...)`, `const=` and `unique_items=` raise `PydanticUserError` when the
    model is defined; `min_items`, `allow_mutation` and extra keywords warn
    (`PydanticDeprecatedSince20`).

    ## Example
    ```python
    class Tag(BaseModel):
        name: str = Field(..., regex="^[a-z]+", example="python")
        aliases: list[str] = Field(default_factory=list, max_items=5)
    ```

    ## Use instead
    ```python
    class Tag(BaseModel):
        name: str = Field(..., pattern="^[a-z]+", json_schema_extra={"example": "python"})
        aliases: list[str] = Field(default_factory=list, max_length=5)
    ```

    ## Fix safety
    `regex` is safe to rename when the pattern is a literal that starts with `^` and has no
    `$`: v1 matched at the start of the string (`re.match`) and v2 searches anywhere, and
    v2's `$` does not match before a final newline as Python's does. Otherwise the fix is
    unsafe: it anchors the pattern with `^(?:...)` but cannot change `$`. `min_items`,
    `max_items`, dropped arguments and extra keywords are safe, and so is
    `allow_mutation=False`: v1 accepted it only on models with `validate_assignment = True`,
    where it refused assignments as v2's `frozen=True` does (with a `ValidationError` instead
    of a `TypeError`). `const` is unsafe: `Literal` does not coerce (`"1"` is no longer
    accepted for `Literal[1]`). `env` is unsafe: with `validation_alias` the field is no
    longer filled by its own name.
    """

    code = "BK306"
    name = "v1-field-argument"
    summary = "Pydantic v1 `Field()` argument"
    fix_availability = FixAvailability.SOMETIMES
    # `Field(` alone would match every Django `CharField(`; these names come from pydantic.
    required_text = ("pydantic",)

    def __init__(self, file: PythonFile, context: RuleContext) -> None:
        super().__init__(file, context)
        # Field calls that are a class attribute's value: the statement and its class.
        self._attributes: dict[int, tuple[cst.AnnAssign | cst.Assign, ClassInfo]] = {}

    @classmethod
    def applies(cls, view: SourceView) -> bool:
        for call in calls_to(view, FIELDS):
            if any(k.arg not in FIELD_PARAMETERS_V2 for k in keywords(call)):
                return True
        for call in calls_to(view, CONSTRAINED_CALLS.keys()):
            if any(k.arg in _CONSTRAINED_KEYWORDS for k in keywords(call)):
                return True
        return class_facts(view)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        owner = self.enclosing_class()
        if owner is not None and isinstance(node.value, cst.Call):
            self._attributes[id(node.value)] = (node, owner)

    def visit_Assign(self, node: cst.Assign) -> None:
        owner = self.enclosing_class()
        if owner is not None and isinstance(node.value, cst.Call):
            self._attributes[id(node.value)] = (node, owner)

    def visit_Call(self, node: cst.Call) -> None:
        if not isinstance(node.func, (cst.Name, cst.Attribute)):
            return
        qualified = self.resolves_to(node.func, FIELDS | CONSTRAINED_CALLS.keys())
        if qualified in FIELDS:
            self._field(node)
        elif qualified is not None:
            self._constrained(node, CONSTRAINED_CALLS[qualified])

    # Field -----------------------------------------------------------------------------------

    def _field(self, call: cst.Call) -> None:
        context = self._attributes.get(id(call))
        owner = context[1] if context else None
        if owner is not None and owner.v1:
            return
        unpacked = any(a.star == "**" for a in call.args)
        extras: list[int] = []
        env: int | None = None
        for index, arg in enumerate(call.args):
            if arg.keyword is None:
                continue
            keyword = arg.keyword.value
            if keyword == "regex":
                self._regex(call, index, arg)
            elif keyword in ITEM_LENGTHS:
                self._rename(call, index, arg, ITEM_LENGTHS[keyword])
            elif keyword == "allow_mutation":
                self._allow_mutation(call, index, arg)
            elif keyword == "const":
                self._const(call, index, arg, context)
            elif keyword == "unique_items":
                self._drop_if_false(
                    call,
                    index,
                    arg,
                    "`unique_items=True` was removed in pydantic v2: use a `set[...]` type, or "
                    "check uniqueness in a validator",
                )
            elif keyword == "include":
                self.report(
                    arg,
                    "`Field(include=...)` does nothing in pydantic v2: exclude the other "
                    "fields when dumping instead",
                )
            elif keyword == "env":
                env = index
            elif keyword not in FIELD_PARAMETERS_V2 and keyword not in FIELD_PARAMETERS_V1:
                extras.append(index)
        if env is None:
            self._extras(call, extras, unpacked, ())
            return
        if owner is None:
            self.report(
                call.args[env],
                "`Field(env=...)` is pydantic v1: in a pydantic-settings class use "
                "`validation_alias=`",
            )
            self._extras(call, extras, unpacked, ())
            return
        settings = owner.requires_all((MODEL, True), (SETTINGS, True))
        plain = owner.requires(SETTINGS, False)
        if settings is not None:
            self._env(call, env, settings)
            self._extras(call, extras, unpacked, settings)
        if plain is not None:
            self._extras(call, sorted([*extras, env]), unpacked, plain)

    def _rename(self, call: cst.Call, index: int, arg: cst.Arg, new: str) -> None:
        old = keyword_of(arg)
        message = f"`Field({old}=...)` is `{new}=` in pydantic v2"
        if keyword_argument(call, new) is not None:
            self.report(arg, message, help=f"Not fixed: `{new}=` is also given")
            return
        edit = self._keyword_edit(arg, new)
        self.report(arg, message, fix=Fix.safe(f"Rename to `{new}`", [edit]))

    def _keyword_edit(self, arg: cst.Arg, new: str) -> Edit:
        assert arg.keyword is not None
        return Edit(start(self.file, arg.keyword), end(self.file, arg.keyword), new)

    def _drop_if_false(self, call: cst.Call, index: int, arg: cst.Arg, advice: str) -> None:
        keyword = keyword_of(arg)
        value = literal_value(arg.value)
        if value is False:
            self.report(
                arg,
                f"`{keyword}=False` is pydantic v1 (and the default): remove it",
                fix=Fix.safe(
                    f"Remove `{keyword}=False`", delete_arguments(self.file, call, [index])
                ),
            )
        else:
            self.report(arg, advice)

    def _regex(self, call: cst.Call, index: int, arg: cst.Arg, name: str = "Field") -> None:
        message = f"`{name}(regex=...)` is `pattern=` in pydantic v2"
        if keyword_argument(call, "pattern") is not None:
            self.report(arg, message, help="Not fixed: `pattern=` is also given")
            return
        rename = self._keyword_edit(arg, "pattern")
        value = arg.value
        pattern = (
            value.evaluated_value
            if isinstance(value, (cst.SimpleString, cst.ConcatenatedString))
            else None
        )
        if isinstance(pattern, bytes):
            pattern = None
        if pattern is not None and any(s in pattern for s in RUST_UNSUPPORTED_REGEX):
            self.report(arg, message, help=f"Not fixed: {_REGEX_ENGINE}")
            return
        anchored = pattern is not None and pattern.startswith(("^", "\\A"))
        if anchored and pattern is not None and "$" not in pattern:
            self.report(arg, message, fix=Fix.safe("Rename to `pattern`", [rename]))
            return
        risks: list[str] = []
        edits = [rename]
        if pattern is None:
            risks.append(
                "v1 matched the pattern at the start of the string, v2 searches anywhere: "
                "anchor it with `^`"
            )
        else:
            if not anchored:
                anchoring = self._anchor(value)
                if anchoring is None:
                    risks.append("v2 searches anywhere in the string: anchor the pattern with `^`")
                else:
                    edits.append(anchoring)
                    risks.append("anchored with `^(?:...)`: v1 matched at the start only")
            if "$" in pattern:
                risks.append("v2's `$` does not match before a final newline, Python's does")
        self.report(
            arg, message, fix=Fix.unsafe(f"Rename to `pattern` ({'; '.join(risks)})", edits)
        )

    def _anchor(self, value: cst.BaseExpression) -> Edit | None:
        """``"[a-z]+"`` -> ``"^(?:[a-z]+)"`` (leading inline flags stay first)."""
        if not isinstance(value, cst.SimpleString):
            return None
        prefix, quote = value.prefix, value.quote
        body = value.value[len(prefix) + len(quote) : len(value.value) - len(quote)]
        flags = _FLAGS.match(body)
        head = flags.group(0) if flags else ""
        rest = body[len(head) :]
        text = f"{prefix}{quote}{head}^(?:{rest}){quote}"
        return Edit(start(self.file, value), end(self.file, value), text)

    def _allow_mutation(self, call: cst.Call, index: int, arg: cst.Arg) -> None:
        message = "`Field(allow_mutation=...)` is pydantic v1: use `frozen=`"
        value = literal_value(arg.value)
        if value is True:
            self.report(
                arg,
                message,
                fix=Fix.safe(
                    "Remove `allow_mutation=True` (the default)",
                    delete_arguments(self.file, call, [index]),
                ),
            )
            return
        if keyword_argument(call, "frozen") is not None:
            self.report(arg, message, help="Not fixed: `frozen=` is also given")
            return
        assert arg.keyword is not None
        if value is False:
            edit = Edit(start(self.file, arg.keyword), end(self.file, arg.value), "frozen=True")
            self.report(arg, message, fix=Fix.safe("Replace with `frozen=True`", [edit]))
            return
        text = f"frozen=not ({source(self.file, arg.value)})"
        edit = Edit(start(self.file, arg.keyword), end(self.file, arg.value), text)
        self.report(
            arg,
            message,
            fix=Fix.unsafe(f"Replace with `{text}` (the value is not a literal)", [edit]),
        )

    def _const(
        self,
        call: cst.Call,
        index: int,
        arg: cst.Arg,
        context: tuple[cst.AnnAssign | cst.Assign, ClassInfo] | None,
    ) -> None:
        value = literal_value(arg.value)
        if value is False:
            self.report(
                arg,
                "`const=False` is pydantic v1 (and the default): remove it",
                fix=Fix.safe("Remove `const=False`", delete_arguments(self.file, call, [index])),
            )
            return
        message = (
            "`Field(const=True)` was removed in pydantic v2: annotate the field `Literal[...]`"
        )
        default = _default(call)
        statement = context[0] if context else None
        if (
            value is not True
            or default is None
            or not isinstance(statement, cst.AnnAssign)
            or not _literal_like(default)
        ):
            self.report(arg, message)
            return
        if self.file.qualify("typing") == "typing" and self.file.qualify("Literal") is None:
            literal, imports = "typing.Literal", []
        else:
            found = (
                import_edits(self.file, [("typing", "Literal")])
                if available(self.file, "typing", "Literal")
                else None
            )
            if found is None:
                self.report(arg, message, help="Not fixed: the name `Literal` is taken")
                return
            literal, imports = "Literal", found
        annotation = statement.annotation.annotation
        edits = [
            Edit(
                start(self.file, annotation),
                end(self.file, annotation),
                f"{literal}[{source(self.file, default)}]",
            ),
            *delete_arguments(self.file, call, [index]),
            *imports,
        ]
        why = "`Literal` does not coerce: a value of another type that v1 converted is refused"
        self.report(arg, message, fix=Fix.unsafe(f"Annotate with `{literal}[...]` ({why})", edits))

    def _env(self, call: cst.Call, index: int, requires: Requirements) -> None:
        arg = call.args[index]
        message = "`Field(env=...)` is pydantic v1: use `validation_alias=` (pydantic-settings)"
        if keyword_argument(call, "validation_alias") is not None or keyword_argument(
            call, "alias"
        ):
            self.report(arg, message, help="Not fixed: the field has an alias", requires=requires)
            return
        value = arg.value
        imports: list[Edit] = []
        if isinstance(value, (cst.SimpleString, cst.ConcatenatedString)):
            text = f"validation_alias={source(self.file, value)}"
        elif isinstance(value, (cst.List, cst.Tuple)) and all(
            isinstance(e.value, cst.SimpleString) for e in value.elements
        ):
            found = import_edits(self.file, [("pydantic", "AliasChoices")])
            if found is None:
                self.report(
                    arg, message, help="Not fixed: `AliasChoices` is taken", requires=requires
                )
                return
            imports = found
            names = ", ".join(source(self.file, e.value) for e in value.elements)
            text = f"validation_alias=AliasChoices({names})"
        else:
            self.report(arg, message, requires=requires)
            return
        edit = Edit(start(self.file, arg), end(self.file, value), text)
        why = "the field is then read from the alias only, not from its own name"
        self.report(
            arg,
            message,
            fix=Fix.unsafe(f"Replace with `{text}` ({why})", [edit, *imports]),
            requires=requires,
        )

    def _extras(
        self, call: cst.Call, extras: list[int], unpacked: bool, requires: Requirements
    ) -> None:
        if not extras:
            return
        names = [keyword_of(call.args[i]) for i in extras]
        shown = ", ".join(f"`{n}`" for n in names)
        message = (
            f"Extra `Field()` keywords ({shown}) are deprecated in pydantic v2: "
            "use `json_schema_extra={...}`"
        )
        first = call.args[extras[0]]
        if unpacked or keyword_argument(call, "json_schema_extra") is not None:
            self.report(
                first,
                message,
                help="Not fixed: `**` or `json_schema_extra` is given",
                requires=requires,
            )
            return
        items = ", ".join(
            f'"{keyword_of(call.args[i])}": {source(self.file, call.args[i].value)}'
            for i in extras
        )
        edits = [
            Edit(start(self.file, first), end(self.file, first), f"json_schema_extra={{{items}}}"),
            *delete_arguments(self.file, call, extras[1:]),
        ]
        self.report(
            first,
            message,
            fix=Fix.safe("Move them into `json_schema_extra`", edits),
            requires=requires,
        )

    # constr, conlist, conset, confrozenset -------------------------------------------------

    def _constrained(self, call: cst.Call, name: str) -> None:
        for index, arg in enumerate(call.args):
            if arg.keyword is None:
                continue
            keyword = arg.keyword.value
            if keyword == "regex" and name == "constr":
                self._regex(call, index, arg, name)
            elif keyword in ITEM_LENGTHS and name != "constr":
                new = ITEM_LENGTHS[keyword]
                message = f"`{name}({keyword}=...)` is `{new}=` in pydantic v2"
                if keyword_argument(call, new) is not None:
                    self.report(arg, message, help=f"Not fixed: `{new}=` is also given")
                else:
                    self.report(
                        arg,
                        message,
                        fix=Fix.safe(f"Rename to `{new}`", [self._keyword_edit(arg, new)]),
                    )
            elif keyword == "unique_items" and name == "conlist":
                self._drop_if_false(
                    call,
                    index,
                    arg,
                    "`conlist(unique_items=True)` was removed in pydantic v2: use `conset`, or "
                    "check uniqueness in a validator",
                )
            elif keyword == "curtail_length" and name == "constr":
                self.report(
                    arg,
                    "`constr(curtail_length=...)` was removed in pydantic v2: truncate in a "
                    '`@field_validator(mode="before")`',
                )


def _default(call: cst.Call) -> cst.BaseExpression | None:
    for arg in call.args:
        if arg.keyword is None and not arg.star:
            return arg.value
        if arg.keyword is not None and arg.keyword.value == "default":
            return arg.value
    return None


def _literal_like(node: cst.BaseExpression) -> bool:
    """A value ``Literal[...]`` accepts: a string, number, bool, None or enum member."""
    if isinstance(node, (cst.SimpleString, cst.Integer)):
        return not (isinstance(node, cst.SimpleString) and "f" in node.prefix.lower())
    if isinstance(node, cst.Name):
        return node.value in ("True", "False", "None")
    if isinstance(node, cst.Attribute):
        return isinstance(node.value, (cst.Name, cst.Attribute))
    return False
