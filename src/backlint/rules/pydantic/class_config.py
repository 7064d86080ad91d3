"""BK301 class-config: a v1 ``class Config`` inside a pydantic model."""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

import libcst as cst

from backlint.diagnostics import Edit, Fix, Position
from backlint.rule import FixAvailability
from backlint.rules.pydantic.detect import ClassInfo, PydanticRule, Requirements, base_expression
from backlint.rules.pydantic.editing import (
    delete_arguments,
    end,
    import_edits,
    line_indent,
    report_unused_imports,
    source,
    start,
)
from backlint.rules.pydantic.gates import calls_to, class_facts, imports_any, keywords
from backlint.rules.pydantic.names import uses
from backlint.rules.pydantic.options import pydantic_options
from backlint.rules.pydantic.tables import (
    ANYSTR_KEYS,
    BASE_CONFIGS,
    CONFIG_DICTS,
    CONFIG_KEYS_V2,
    CONFIG_METHODS,
    CONFIG_REMOVED,
    CONFIG_RENAMED,
    DROPPABLE,
    EXTRA_ENUMS,
    EXTRA_VALUES,
    JSON_ENCODERS,
    MODEL,
    SETTINGS,
    SETTINGS_KEYS,
)
from backlint.sources.view import SourceView

# Keys reported in a `ConfigDict(...)` (besides a `json_encoders` that sets something).
_REPORTED_KEYS = frozenset({"allow_population_by_field_name", *CONFIG_RENAMED, *CONFIG_REMOVED})
# A converted configuration longer than this is written one key per line.
_ONE_LINE = 88
_BYTES_NAMES = frozenset({"bytes", "conbytes", "StrBytes", "ByteString"})


@dataclass
class _Entry:
    """One line of the new ``ConfigDict(...)``: a key, or a comment alone."""

    text: str
    comments: list[str] = field(default_factory=list)
    trailing: str | None = None


@dataclass
class _Plan:
    entries: list[_Entry] = field(default_factory=list)
    # Why there is no fix (each reason names the key and what to do).
    blockers: list[str] = field(default_factory=list)
    # Why the fix may change behaviour.
    risks: list[str] = field(default_factory=list)
    # Removed keys: (the statement, what to do), each reported on its own.
    removed: list[tuple[cst.CSTNode, str, str]] = field(default_factory=list)
    # Keys kept by the fix that v2 still deprecates: (the statement, what to do).
    notes: list[tuple[cst.CSTNode, str]] = field(default_factory=list)
    header: str | None = None


def literal_value(node: cst.BaseExpression) -> object:
    """The value of a literal ``True``/``False``/``None``/string/number, else ``...``."""
    if isinstance(node, cst.Name) and node.value in ("True", "False", "None"):
        return {"True": True, "False": False, "None": None}[node.value]
    if isinstance(node, (cst.SimpleString, cst.ConcatenatedString)):
        value = node.evaluated_value
        return value if isinstance(value, str) else ...
    if isinstance(node, cst.Integer):
        return node.evaluated_value
    return ...


class ClassConfig(PydanticRule):
    """
    ## What it does
    Checks for a pydantic v1 `class Config:` inside a pydantic model or settings class, and
    rewrites it as `model_config = ConfigDict(...)` (`SettingsConfigDict(...)` from
    pydantic-settings for a settings class), mapping every key pydantic v2 renamed:

    | v1 | v2 |
    |---|---|
    | `orm_mode` | `from_attributes` |
    | `allow_population_by_field_name` | `populate_by_name` (`validate_by_name` from 2.11) |
    | `anystr_lower`, `anystr_upper` | `str_to_lower`, `str_to_upper` |
    | `anystr_strip_whitespace` | `str_strip_whitespace` |
    | `min_anystr_length`, `max_anystr_length` | `str_min_length`, `str_max_length` |
    | `validate_all` | `validate_default` |
    | `schema_extra` | `json_schema_extra` |
    | `keep_untouched` | `ignored_types` |
    | `allow_mutation = False` | `frozen = True` |
    | `extra = Extra.forbid` | `extra = "forbid"` |
    | `smart_union = True` | dropped (v2 unions are smart) |
    | `underscore_attrs_are_private = True` | dropped (v2 always behaves so) |
    | `copy_on_model_validation = "none"` | dropped (v2 never copies) |

    A class is a model when it derives from `pydantic.BaseModel`, `RootModel`, v1's
    `GenericModel` or a `BaseSettings`, directly or through project classes in any module,
    however they are imported. A `class Config` anywhere else (a Django or Marshmallow `Meta`
    look-alike, a dataclass, a plain class) is not touched, and neither is a model built on
    `pydantic.v1`, whose author chose the v1 API.

    Keys pydantic v2 removed (`fields`, `getter_dict`, `error_msg_templates`, `json_loads`,
    `json_dumps`, `post_init_call`, and `smart_union`, `underscore_attrs_are_private` or
    `copy_on_model_validation` with a value v2 does not reproduce) are reported on their own
    line with what to use instead, and the class is left for a person to convert. So are
    configurations with methods (`schema_extra` as a static method, `customise_sources`),
    with a base class other than `BaseConfig`, or with keys pydantic does not know.

    Inside an existing `ConfigDict(...)` (or `SettingsConfigDict(...)`), v1 key names are
    reported too: v2 warns about them and ignores them. `json_encoders`, which the fix keeps,
    is reported wherever it appears: v2 still honours it but deprecates it, and its
    replacement (`@field_serializer`, `PlainSerializer`) is a per-field decision. The now
    unused imports of `Extra` and `BaseConfig` are reported.

    ## Why is this bad?
    Seed 000 (Python backend rules), rule 5: "Pydantic schemas use v2 style"
    (`model_config = ConfigDict(from_attributes=True)`). Pydantic v2 still reads a
    `class Config`, but warns (`PydanticDeprecatedSince20`), and silently ignores the renamed
    keys it warns about: a v1 `orm_mode = True` in a v2 project only half works.

    ## Example
    ```python
    from pydantic import BaseModel, Extra

    class UserResponse(BaseModel):
        id: int

        class Config:
            orm_mode = True
            extra = Extra.forbid
    ```

    ## Use instead
    ```python
    from pydantic import BaseModel, ConfigDict

    class UserResponse(BaseModel):
        id: int

        model_config = ConfigDict(from_attributes=True, extra="forbid")
    ```

    ## Fix safety
    The fix is safe when every key is known and its value means the same in the class body:
    a literal, or names the model's class body and the `Config` body do not bind. Comments
    and a docstring inside `Config` are kept as comments. It is unsafe when a value is
    computed from such names, when `schema_extra` is a function (v2 calls it with the v2
    schema), when `extra`, `frozen` or `allow_mutation` is not a literal, when the class
    inherits from a project model and makes itself mutable again (a parent's
    `allow_mutation = False` no longer applies through `frozen = False`), when an `anystr_*`
    key meets `bytes` fields in the module (v2's `str_*` keys apply to `str` only), and when
    the `Config` inherits from the parent model's `Config` (v2 merges `model_config` with the
    parent's by itself). A subclass in another module that declares `bytes` fields is not
    seen by the `anystr_*` check.

    Inside an existing `ConfigDict(...)`, renaming a v1 key is unsafe: v2 ignores the v1 name
    today, so the rename turns the setting on. Dropping a removed key whose value v2 always
    behaves as (`smart_union=True`) is safe.

    ## Options
    - `pydantic.minimum-version`: from `"2.11"`, `allow_population_by_field_name` becomes
      `validate_by_name`.
    """

    code = "BK301"
    name = "class-config"
    summary = "Pydantic v1 `class Config` in a model"
    fix_availability = FixAvailability.SOMETIMES
    # `class Config`, `Config = ...`, `ConfigDict(...)`, and `Extra` left unused by a fix (the
    # fixed file imports `ConfigDict`).
    required_text = ("class Config", "Config =", "ConfigDict", "BaseConfig")

    @classmethod
    def applies(cls, view: SourceView) -> bool:
        if imports_any(view, EXTRA_ENUMS | BASE_CONFIGS):
            return True
        for node in view.nodes(ast.ClassDef):
            for statement in node.body:
                if isinstance(statement, ast.ClassDef) and statement.name == "Config":
                    return True
                if isinstance(statement, ast.Assign) and any(
                    isinstance(t, ast.Name) and t.id == "Config" for t in statement.targets
                ):
                    return True
        for call in calls_to(view, CONFIG_DICTS):
            for keyword in keywords(call):
                if keyword.arg == "json_encoders":
                    if not _empty_ast(keyword.value):
                        return True
                elif keyword.arg in _REPORTED_KEYS:
                    return True
        return class_facts(view)

    def visit_Module(self, node: cst.Module) -> None:
        report_unused_imports(self, EXTRA_ENUMS | BASE_CONFIGS)

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        super().visit_ClassDef(node)
        if not isinstance(node.body, cst.IndentedBlock):
            return
        info = self.current_class()
        for statement in node.body.body:
            if isinstance(statement, cst.ClassDef) and statement.name.value == "Config":
                for settings in (False, True):
                    requires = info.requires_all((MODEL, True), (SETTINGS, settings))
                    if requires is not None:
                        self._check(info, statement, settings, requires)
            elif isinstance(statement, cst.SimpleStatementLine):
                for small in statement.body:
                    if (
                        isinstance(small, cst.Assign)
                        and len(small.targets) == 1
                        and isinstance(small.targets[0].target, cst.Name)
                        and small.targets[0].target.value == "Config"
                    ):
                        requires = info.requires(MODEL)
                        if requires is not None:
                            self.report(
                                small,
                                f"Pydantic v1 `Config = ...` in `{info.name}`: set "
                                "`model_config = ConfigDict(...)` with its keys instead",
                                requires=requires,
                            )

    def visit_Call(self, node: cst.Call) -> None:
        """v1 keys in a ``ConfigDict(...)``: v2 warns about them and ignores them."""
        if not isinstance(node.func, (cst.Name, cst.Attribute)):
            return
        if self.resolves_to(node.func, CONFIG_DICTS) is None:
            return
        given = {a.keyword.value for a in node.args if a.keyword is not None}
        for arg in node.args:
            if arg.keyword is None:
                continue
            key = arg.keyword.value
            if key == "json_encoders":
                if not _empty(arg.value):
                    self.report(arg, JSON_ENCODERS)
                continue
            if key == "allow_population_by_field_name":
                minor = pydantic_options(self.context).minor
                new = "validate_by_name" if minor >= 11 else "populate_by_name"
            elif key in CONFIG_RENAMED:
                new = CONFIG_RENAMED[key]
            else:
                if key in CONFIG_REMOVED:
                    self._removed_in_config_dict(node, arg, key, given)
                continue
            message = f"Config key `{key}` is `{new}` in pydantic v2"
            if new in given:
                self.report(arg, message, help=f"Not fixed: `{new}` is also given")
                continue
            assert arg.keyword is not None
            edit = Edit(start(self.file, arg.keyword), end(self.file, arg.keyword), new)
            why = f"v2 ignores `{key}` here; under its v2 name it takes effect"
            self.report(arg, message, fix=Fix.unsafe(f"Rename to `{new}` ({why})", [edit]))

    def _removed_in_config_dict(
        self, call: cst.Call, arg: cst.Arg, key: str, given: set[str]
    ) -> None:
        message = f"Config key `{key}` was removed in pydantic v2: {CONFIG_REMOVED[key]}"
        value = literal_value(arg.value)
        index = next(i for i, a in enumerate(call.args) if a is arg)
        if value in DROPPABLE.get(key, ()):
            # v2 ignores the key and always behaves as it says.
            edits = delete_arguments(self.file, call, [index])
            self.report(arg, message, fix=Fix.safe(f"Remove `{key}`", edits))
        elif key == "allow_mutation" and isinstance(value, bool) and "frozen" not in given:
            assert arg.keyword is not None
            text = f"frozen={not value}"
            edit = Edit(start(self.file, arg.keyword), end(self.file, arg.value), text)
            why = "v2 ignores `allow_mutation`; `frozen` takes effect"
            self.report(arg, message, fix=Fix.unsafe(f"Replace with `{text}` ({why})", [edit]))
        else:
            self.report(arg, message)

    def _check(
        self, info: ClassInfo, config: cst.ClassDef, settings: bool, requires: Requirements
    ) -> None:
        call = "SettingsConfigDict" if settings else "ConfigDict"
        module = "pydantic_settings" if settings else "pydantic"
        plan = self._plan(info, config, settings)
        for statement, key, advice in plan.removed:
            self.report(
                statement,
                f"Config key `{key}` was removed in pydantic v2: {advice}",
                requires=requires,
            )
        for statement, note in plan.notes:
            self.report(statement, note, requires=requires)
        message = f"Pydantic v1 `class Config` in `{info.name}`: use `model_config = {call}(...)`"
        fix: Fix | None = None
        help: str | None = None
        if plan.blockers:
            help = "Not fixed: " + "; ".join(plan.blockers)
        else:
            imports = import_edits(self.file, [(module, call)])
            if imports is None:
                help = f"Not fixed: the name `{call}` is taken in this module"
            else:
                edit = self._rewrite(config, call, plan)
                description = f"Replace `class Config` with `model_config = {call}(...)`"
                if plan.risks:
                    fix = Fix.unsafe(f"{description} ({'; '.join(plan.risks)})", [edit, *imports])
                else:
                    fix = Fix.safe(description, [edit, *imports])
        self.report(config, message, fix=fix, help=help, requires=requires)

    # Reading the configuration ---------------------------------------------------------------

    def _plan(self, info: ClassInfo, config: cst.ClassDef, settings: bool) -> _Plan:
        plan = _Plan()
        self._check_header(info, config, plan)
        lines = _lines(config.body)
        block = config.body
        if isinstance(block, cst.IndentedBlock) and block.header.comment is not None:
            plan.header = block.header.comment.value

        config_names = frozenset(uses([config.body], nested=False).binds)
        seen: set[str] = set()
        mutability: dict[str, cst.BaseExpression] = {}
        slot: _Entry | None = None
        for position, (comments, content, trailing) in enumerate(lines):
            if isinstance(content, cst.BaseCompoundStatement):
                if isinstance(content, cst.FunctionDef):
                    name = content.name.value
                    advice = CONFIG_METHODS.get(name, "v2 has no equivalent")
                    plan.blockers.append(f"`Config.{name}` is a method: {advice}")
                else:
                    plan.blockers.append("`Config` holds statements that are not keys")
                continue
            pending = list(comments)
            produced: _Entry | None = None
            for small in content:
                if isinstance(small, cst.Pass) or (
                    isinstance(small, cst.Expr) and isinstance(small.value, cst.Ellipsis)
                ):
                    continue
                if (
                    position == 0
                    and small is content[0]
                    and isinstance(small, cst.Expr)
                    and isinstance(small.value, (cst.SimpleString, cst.ConcatenatedString))
                    and isinstance(small.value.evaluated_value, str)
                ):
                    docstring = small.value.evaluated_value.strip()
                    pending.extend(f"# {line.strip()}".rstrip() for line in docstring.splitlines())
                    continue
                key, value = _assignment(small)
                if key is None or value is None:
                    plan.blockers.append("`Config` holds statements that are not `key = value`")
                    continue
                if key in seen:
                    plan.blockers.append(f"`{key}` is set twice")
                    continue
                seen.add(key)
                if key in ("allow_mutation", "frozen"):
                    mutability[key] = value
                    if slot is None:
                        slot = produced = _Entry("", pending)
                        pending = []
                        plan.entries.append(slot)
                    continue
                entry = self._entry(info, plan, small, key, value, settings, config_names)
                if entry is None:
                    continue
                entry.comments = pending
                pending = []
                plan.entries.append(entry)
                produced = entry
            if pending or (trailing is not None and produced is None):
                alone = trailing if produced is None else None
                plan.entries.append(_Entry("", pending, alone))
            if trailing is not None and produced is not None:
                produced.trailing = trailing
        if slot is not None:
            slot.text = self._mutability(info, plan, mutability)
        return plan

    def _check_header(self, info: ClassInfo, config: cst.ClassDef, plan: _Plan) -> None:
        if "model_config" in info.body_names:
            plan.blockers.append(
                f"`{info.name}` also sets `model_config`: merge the keys of `Config` into it"
            )
        if config.decorators or config.keywords:
            plan.blockers.append("`Config` is decorated or has keywords")
        parents = {
            source(self.file, base_expression(a.value))
            for a in info.node.bases
            if a.keyword is None
        }
        for argument in config.bases:
            qualified = self.qualify_here(argument.value)
            if qualified in BASE_CONFIGS:
                continue
            text = source(self.file, argument.value)
            owner, _, attribute = text.rpartition(".")
            if attribute == "Config" and owner in parents:
                plan.risks.append(
                    f"`Config` inherits from `{text}`; v2 merges `model_config` with the "
                    "parent's by itself"
                )
                continue
            plan.blockers.append(
                f"`Config` inherits from `{text}`: merge its keys into `model_config`"
            )

    def _entry(
        self,
        info: ClassInfo,
        plan: _Plan,
        statement: cst.BaseSmallStatement,
        key: str,
        value: cst.BaseExpression,
        settings: bool,
        config_names: frozenset[str],
    ) -> _Entry | None:
        text = source(self.file, value)
        literal = literal_value(value)
        if not self._same_in_class_body(info, value, config_names):
            plan.risks.append(f"the value of `{key}` reads names that the class body binds")
        if key == "extra":
            return _Entry(f"extra={self._extra(value, plan)}")
        if key == "allow_population_by_field_name":
            target = (
                "validate_by_name"
                if pydantic_options(self.context).minor >= 11
                else "populate_by_name"
            )
            return _Entry(f"{target}={text}")
        if key in CONFIG_RENAMED:
            if key in ANYSTR_KEYS and self._bytes_in_module():
                plan.risks.append(
                    f"`{key}` also applied to `bytes` in v1; `{CONFIG_RENAMED[key]}` applies "
                    "to `str` only"
                )
            if key == "schema_extra" and not isinstance(value, cst.Dict):
                plan.risks.append(
                    "`schema_extra` is not a dict: v2 calls `json_schema_extra` with the v2 "
                    "JSON schema"
                )
            return _Entry(f"{CONFIG_RENAMED[key]}={text}")
        if key in CONFIG_REMOVED:
            if literal in DROPPABLE.get(key, ()) or (
                key == "underscore_attrs_are_private"
                and literal is False
                and not any(n.startswith("_") and not n.startswith("__") for n in info.body_names)
            ):
                return None
            plan.removed.append((statement, key, CONFIG_REMOVED[key]))
            plan.blockers.append(f"`{key}` was removed in pydantic v2")
            return None
        if key in CONFIG_KEYS_V2 or (settings and key in SETTINGS_KEYS):
            if key == "json_encoders" and not _empty(value):
                plan.notes.append((statement, JSON_ENCODERS))
            return _Entry(f"{key}={text}")
        plan.blockers.append(
            f"`{key}` is not a pydantic {'settings ' if settings else ''}config key"
        )
        return None

    def _extra(self, value: cst.BaseExpression, plan: _Plan) -> str:
        literal = literal_value(value)
        if isinstance(literal, str) and literal in EXTRA_VALUES:
            return source(self.file, value)
        if (
            isinstance(value, cst.Attribute)
            and value.attr.value in EXTRA_VALUES
            and self.resolves_to(value.value, EXTRA_ENUMS) is not None
        ):
            return f'"{value.attr.value}"'
        plan.risks.append("`extra` is not a literal `Extra` member")
        return source(self.file, value)

    def _mutability(
        self, info: ClassInfo, plan: _Plan, found: dict[str, cst.BaseExpression]
    ) -> str:
        """``frozen=...`` for v1's ``allow_mutation`` and ``frozen`` together."""
        values = {key: literal_value(value) for key, value in found.items()}
        if any(not isinstance(v, bool) for v in values.values()):
            plan.risks.append("`frozen`/`allow_mutation` is not a literal")
            parts = []
            if "frozen" in found:
                parts.append(f"({source(self.file, found['frozen'])})")
            if "allow_mutation" in found:
                parts.append(f"not ({source(self.file, found['allow_mutation'])})")
            return f"frozen={' or '.join(parts)}"
        frozen = values.get("frozen") is True or values.get("allow_mutation") is False
        if not frozen and not info.direct:
            plan.risks.append(
                f"`{info.name}` inherits from a project model; a parent's "
                "`allow_mutation = False` kept it immutable in v1, `frozen=False` does not"
            )
        return f"frozen={frozen}"

    def _same_in_class_body(
        self, info: ClassInfo, value: cst.BaseExpression, config_names: frozenset[str]
    ) -> bool:
        """Whether ``value`` means the same evaluated in the model's body as in ``Config``'s.

        Names read immediately (not inside a lambda) resolve in the class body first; the
        ``Config`` body saw its own names and the module's.
        """
        bound = info.body_names | config_names
        return not any(name.value in bound for name in uses([value], nested=False).reads)

    def _bytes_in_module(self) -> bool:
        return any(name in self.file.text for name in _BYTES_NAMES)

    # Writing the fix -----------------------------------------------------------------------

    def _rewrite(self, config: cst.ClassDef, call: str, plan: _Plan) -> Edit:
        span = self.file.span(config)
        index = self.file.positions.index
        # Take the rest of the last line (a trailing comment) into the replacement.
        stop = Position(
            span.end.row, index.line_end(span.end.row) - index.line_start(span.end.row) + 1
        )
        indent = line_indent(self.file, config)
        inner = indent + self.file.module.default_indent
        newline = self.file.module.default_newline
        keys = [e for e in plan.entries if e.text]
        comments = [c for e in plan.entries for c in e.comments] + [
            e.trailing for e in plan.entries if e.trailing
        ]
        if plan.header:
            comments.append(plan.header)
        flat = f"model_config = {call}({', '.join(e.text for e in keys)})"
        multiline = "\n" in flat or "\r" in flat
        if not comments and not multiline and len(indent) + len(flat) <= _ONE_LINE:
            return Edit(span.start, stop, flat)
        if (
            len(comments) == 1
            and not multiline
            and not any(e.comments for e in plan.entries)
            and len(indent) + len(flat) + len(comments[0]) + 2 <= _ONE_LINE
        ):
            return Edit(span.start, stop, f"{flat}  {comments[0]}")
        lines = [f"model_config = {call}(" + (f"  {plan.header}" if plan.header else "")]
        for entry in plan.entries:
            lines.extend(f"{inner}{comment}" for comment in entry.comments)
            if entry.text:
                line = f"{inner}{entry.text},"
                if entry.trailing:
                    line += f"  {entry.trailing}"
                lines.append(line)
            elif entry.trailing:
                lines.append(f"{inner}{entry.trailing}")
        lines.append(f"{indent})")
        return Edit(span.start, stop, newline.join(lines))


# One line of a `Config` body: its comment lines, its statements (or a compound statement),
# and its trailing comment.
_Line = tuple[list[str], list[cst.BaseSmallStatement] | cst.BaseCompoundStatement, str | None]


def _comment(whitespace: cst.TrailingWhitespace) -> str | None:
    return whitespace.comment.value if whitespace.comment is not None else None


def _lines(block: cst.BaseSuite) -> list[_Line]:
    if isinstance(block, cst.SimpleStatementSuite):
        return [([], list(block.body), _comment(block.trailing_whitespace))]
    assert isinstance(block, cst.IndentedBlock)
    lines: list[_Line] = []
    for statement in block.body:
        if isinstance(statement, cst.SimpleStatementLine):
            comments = [e.comment.value for e in statement.leading_lines if e.comment]
            lines.append((comments, list(statement.body), _comment(statement.trailing_whitespace)))
        elif isinstance(statement, cst.BaseCompoundStatement):
            comments = [e.comment.value for e in statement.leading_lines if e.comment]
            lines.append((comments, statement, None))
    return lines


def _empty_ast(value: ast.expr) -> bool:
    """``_empty`` as the ast gate reads it."""
    return (isinstance(value, ast.Constant) and value.value is None) or (
        isinstance(value, ast.Dict) and not value.keys
    )


def _empty(value: cst.BaseExpression) -> bool:
    """``None`` or ``{}``: a setting that sets nothing."""
    return (isinstance(value, cst.Name) and value.value == "None") or (
        isinstance(value, cst.Dict) and not value.elements
    )


def _assignment(
    statement: cst.BaseSmallStatement,
) -> tuple[str | None, cst.BaseExpression | None]:
    if (
        isinstance(statement, cst.Assign)
        and len(statement.targets) == 1
        and isinstance(statement.targets[0].target, cst.Name)
    ):
        return statement.targets[0].target.value, statement.value
    if isinstance(statement, cst.AnnAssign) and isinstance(statement.target, cst.Name):
        return statement.target.value, statement.value
    return None, None
