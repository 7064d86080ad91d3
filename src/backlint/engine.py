"""The engine: per-file pass, project pass, suppression.

The per-file pass parses each Python file once and runs every enabled Python rule in ONE
traversal (plus the fact collectors); manifests are parsed into :class:`Manifest` records.
The project pass then runs project rules over the facts only.
"""

from __future__ import annotations

import codecs
import hashlib
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace

import libcst as cst

from backlint.diagnostics import Diagnostic, Position
from backlint.discovery import FileKind, SourceFile
from backlint.manifests import Manifest, Span
from backlint.project import FileResult, ProjectFacts
from backlint.registry import RuleSet, rules_by_code
from backlint.rule import PythonFile, PythonRule, RuleContext
from backlint.rules.meta import UnreadableFile, UnusedSuppression
from backlint.sources.manifest_files import parse_manifest
from backlint.sources.python import (
    SourceProblem,
    decode_python,
    import_facts,
    parse_interpreter,
    parse_libcst,
)
from backlint.sources.symbols import KindResolver, ModuleSymbols, module_name
from backlint.suppress import apply_suppressions, python_suppressions, requirements_suppressions
from backlint.text import position_of_byte

Reader = Callable[[str], bytes]


def read_file(path: str) -> bytes:
    with open(path, "rb") as handle:
        return handle.read()


class InternalError(Exception):
    """A rule failed on a file: a bug in backlint, reported with the file and rule."""


def _unreadable(
    path: str, kind: FileKind, message: str, row: int = 1, column: int = 1
) -> FileResult:
    at = Position(row, column)
    diagnostic = UnreadableFile.diagnostic(path, Span(at, at), message)
    return FileResult(path, kind, (diagnostic,), readable=False)


def decode_manifest(data: bytes) -> str:
    """Manifests are UTF-8 (a BOM is allowed); raises :class:`SourceProblem` otherwise."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        # The error's offset counts from after a byte order mark.
        index = error.start + (3 if data.startswith(codecs.BOM_UTF8) else 0)
        at = position_of_byte(data, index, "utf-8-sig")
        raise SourceProblem(
            f"not valid UTF-8: byte 0x{data[index]:02x} cannot be decoded", at.row, at.column
        ) from None


def gated_rules(rules: RuleSet, text: str) -> list[type[PythonRule]]:
    """The Python rules a file can concern, by the cheap text gate each rule declares."""
    return [
        rule
        for rule in rules.python
        if not rule.required_text or any(token in text for token in rule.required_text)
    ]


def check_python(path: str, text: str, rules: RuleSet, context: RuleContext) -> FileResult:
    """Facts from CPython's parser; libcst and the rules only for files a rule can concern."""
    try:
        interpreter = parse_interpreter(text)
    except SourceProblem as problem:
        return _unreadable(path, FileKind.PYTHON, problem.message, problem.row, problem.column)
    gated = gated_rules(rules, text)
    name = module_name(path, context.src)
    package = os.path.basename(path) == "__init__.py"
    if interpreter.tree is not None and not gated:
        symbols = ModuleSymbols(interpreter.tree, name, package)
        return FileResult(
            path,
            FileKind.PYTHON,
            (),
            imports=tuple(import_facts(interpreter.tree, text)),
            suppressions=python_suppressions(text),
            symbols=tuple(symbols.facts),
            module=name,
        )
    # Either a rule needs the concrete tree, or the interpreter cannot read the file (syntax
    # newer than the running Python): libcst decides whether it is valid.
    try:
        module = parse_libcst(text, interpreter)
    except SourceProblem as problem:
        return _unreadable(path, FileKind.PYTHON, problem.message, problem.row, problem.column)
    file = PythonFile(path, text, module, name, package, tree=interpreter.tree)
    visitors = [rule(file, context) for rule in gated]
    try:
        if any(v.get_inherited_dependencies() for v in visitors):
            file.wrapper.visit_batched(visitors)
        elif visitors:
            cst.visit_batched(module, visitors)
    except RecursionError:
        return _unreadable(path, FileKind.PYTHON, "cannot be checked: nested too deeply")
    except Exception as error:  # a bug in a rule must not end the run
        raise InternalError(f"{path}: {_culprit(error, visitors)} failed: {error!r}") from error
    imports = import_facts(interpreter.tree, text) if interpreter.tree is not None else []
    return FileResult(
        path,
        FileKind.PYTHON,
        tuple(d for v in visitors for d in v.diagnostics),
        imports=tuple(imports),
        suppressions=python_suppressions(text),
        symbols=(*file.symbols.facts, *(f for v in visitors for f in v.facts)),
        module=name,
    )


def _culprit(error: BaseException, visitors: Sequence[PythonRule]) -> str:
    """The rule whose code raised, found in the traceback (the traversal is shared)."""
    traceback = error.__traceback__
    found = "fact collection"
    while traceback is not None:
        owner = traceback.tb_frame.f_locals.get("self")
        if isinstance(owner, PythonRule) and owner in visitors:
            found = f"rule {owner.code}"
        traceback = traceback.tb_next
    return found


def check_manifest(path: str, kind: FileKind, text: str) -> FileResult:
    """Parse one manifest; its rules run once the project's includes are known."""
    try:
        manifest = parse_manifest(kind, path, text)
    except SourceProblem as problem:
        return _unreadable(path, kind, problem.message, problem.row, problem.column)
    manifest = _with_include_existence(manifest)
    # Comments in all three formats start with "#" after whitespace (";" in setup.cfg is not
    # used by noqa directives).
    return FileResult(
        path, kind, (), manifest=manifest, suppressions=requirements_suppressions(text)
    )


def _mark_constraints(results: dict[str, FileResult]) -> None:
    """Requirements of files pulled in only by ``-c`` constrain versions and declare nothing."""
    manifests = [r.manifest for r in results.values() if r.manifest is not None]
    constrained = {i.resolved for m in manifests for i in m.includes if i.constraint}
    required = {i.resolved for m in manifests for i in m.includes if not i.constraint}
    for path in constrained - required:
        result = results.get(path or "")
        if result is None or result.manifest is None:
            continue
        marked = tuple(replace(r, constraint=True) for r in result.manifest.requirements)
        results[result.path] = replace(
            result, manifest=replace(result.manifest, requirements=marked)
        )


def _check_manifests(
    results: dict[str, FileResult], rules: RuleSet, context: RuleContext
) -> list[Diagnostic]:
    diagnostics: list[Diagnostic] = []
    for result in results.values():
        if result.manifest is None:
            continue
        for rule in rules.manifest:
            try:
                diagnostics.extend(rule().check_manifest(result.manifest, context))
            except Exception as error:
                raise InternalError(
                    f"{result.path}: rule {rule.code} failed: {error!r}"
                ) from error
    return diagnostics


def _with_include_existence(manifest: Manifest) -> Manifest:
    if not manifest.includes:
        return manifest
    includes = tuple(
        replace(include, exists=os.path.isfile(include.resolved))
        if include.resolved is not None
        else include
        for include in manifest.includes
    )
    return replace(manifest, includes=includes)


def check_file(
    source: SourceFile, read: Reader, rules: RuleSet, context: RuleContext
) -> FileResult:
    """The per-file pass for one file of any kind; never raises for bad input."""
    try:
        data = read(source.path)
    except OSError as error:
        reason = error.strerror or str(error)
        return _unreadable(source.path, source.kind, f"cannot be read: {reason}")
    try:
        if source.kind is FileKind.PYTHON:
            text, _ = decode_python(data)
            return check_python(source.path, text, rules, context)
        text = decode_manifest(data)
    except SourceProblem as problem:
        return _unreadable(source.path, source.kind, problem.message, problem.row, problem.column)
    return check_manifest(source.path, source.kind, text)


def _confirmed(diagnostic: Diagnostic, resolver: KindResolver) -> bool:
    return all((c.kind in resolver.kinds(c.qualname)) == c.present for c in diagnostic.requires)


def _check_memoised(
    source: SourceFile,
    read: Reader,
    rules: RuleSet,
    context: RuleContext,
    memo: dict[tuple[str, FileKind, bytes], FileResult] | None,
) -> FileResult:
    if memo is None:
        return check_file(source, read, rules, context)
    try:
        data = read(source.path)
    except OSError:
        return check_file(source, read, rules, context)
    key = (source.path, source.kind, hashlib.blake2b(data, digest_size=16).digest())
    result = memo.get(key)
    if result is None:
        result = memo[key] = check_file(source, lambda _path: data, rules, context)
    return result


@dataclass
class RunResult:
    """Everything one run found: diagnostics left after suppression, and per-file results."""

    diagnostics: list[Diagnostic]
    files: dict[str, FileResult]
    suppressed: int = 0
    errors: list[str] = field(default_factory=list)


def _include_targets(results: Iterable[FileResult], known: set[str]) -> list[SourceFile]:
    targets: list[SourceFile] = []
    for result in results:
        if result.manifest is None:
            continue
        for include in result.manifest.includes:
            if include.resolved and include.exists and include.resolved not in known:
                known.add(include.resolved)
                targets.append(SourceFile(include.resolved, FileKind.REQUIREMENTS, False))
    return targets


def run(
    files: Sequence[SourceFile],
    *,
    rules: RuleSet,
    context: RuleContext,
    root: str,
    per_file_ignores: dict[str, list[str]] | None = None,
    read: Reader = read_file,
    memo: dict[tuple[str, FileKind, bytes], FileResult] | None = None,
) -> RunResult:
    """Check ``files`` (and the requirements files they include) with ``rules``.

    ``memo`` keeps per-file results by content across runs with the same rules and context
    (the fix loop re-checks the project after every round; unchanged files are not re-parsed).
    """
    context = replace(context, enabled=rules.codes, src=context.src or (root,))
    results: dict[str, FileResult] = {}
    errors: list[str] = []
    pending = list(files)
    known = {f.path for f in files}
    while pending:
        batch: list[FileResult] = []
        for source in pending:
            try:
                result = _check_memoised(source, read, rules, context, memo)
            except InternalError as error:
                errors.append(str(error))
                continue
            results[source.path] = result
            batch.append(result)
        pending = _include_targets(batch, known)

    _mark_constraints(results)
    diagnostics = [d for r in results.values() for d in r.diagnostics]
    try:
        diagnostics.extend(_check_manifests(results, rules, context))
    except InternalError as error:
        errors.append(str(error))
    known: dict[str, frozenset[str]] = {}
    for rule in (*rules.python, *rules.manifest, *rules.project):
        for name, kinds in rule.known_kinds.items():
            known[name] = known.get(name, frozenset()) | kinds
    resolver = KindResolver((s for r in results.values() for s in r.symbols), known)
    project = ProjectFacts(root, results, resolver)
    for rule in rules.project:
        try:
            diagnostics.extend(rule().check_project(project, context))
        except Exception as error:
            errors.append(f"project rule {rule.code} failed: {error!r}")

    diagnostics = [d for d in diagnostics if _confirmed(d, resolver)]
    outcome = apply_suppressions(
        diagnostics,
        {path: r.suppressions for path, r in results.items()},
        root=root,
        per_file_ignores=per_file_ignores or {},
        known_codes=rules_by_code(),
        enabled_codes=rules.codes,
        unused_rule=UnusedSuppression,
    )
    kept = sorted((d for d in outcome.kept if d.code in rules.codes), key=lambda d: d.sort_key)
    return RunResult(kept, results, outcome.suppressed, errors)
