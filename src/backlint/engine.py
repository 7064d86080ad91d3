"""The engine: per-file pass, project pass, suppression.

The per-file pass parses each Python file once and runs every enabled Python rule in ONE
traversal (plus the fact collectors); manifests are parsed into :class:`Manifest` records.
The project pass then runs project rules over the facts only.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

import libcst as cst

from backlint import __version__
from backlint.budget import BudgetExceeded, time_budget
from backlint.cache import ResultCache, Stamp, stamp_of
from backlint.diagnostics import Diagnostic, Position
from backlint.discovery import FileKind, SourceFile
from backlint.manifests import Manifest, Span
from backlint.project import FileResult, ProjectFacts
from backlint.registry import RuleSet, rule_option_tables, rules_by_code
from backlint.rule import FactCollector, PythonFile, PythonRule, RuleContext
from backlint.rules.meta import UnreadableFile, UnusedSuppression
from backlint.sources.incremental import ChunkedParser, ChunkedPositions
from backlint.sources.manifest_files import parse_manifest
from backlint.sources.python import (
    InterpreterParse,
    SourceProblem,
    decode_python,
    import_facts,
    parse_interpreter,
    parse_libcst,
)
from backlint.sources.symbols import KindResolver, ModuleSymbols, module_name
from backlint.sources.traverse import visit_batched
from backlint.sources.view import SourceView
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


def passes_text_gate(gate: Sequence[str], text: str) -> bool:
    """Whether ``text`` passes a rule's ``required_text`` (no gate: every text does)."""
    return not gate or any(token in text for token in gate)


def _visitors(rules: RuleSet) -> tuple[type[PythonRule] | type[FactCollector], ...]:
    """The Python rules and fact collectors of ``rules``: what visits libcst trees."""
    return (*rules.python, *rules.collectors)


def _present(rules: RuleSet, text: str) -> frozenset[str]:
    """The gate tokens of ``rules`` that ``text`` contains, each looked for once."""
    tokens = _TOKENS.get(rules)
    if tokens is None:
        gates = (r.required_text for r in _visitors(rules))
        tokens = _TOKENS[rules] = tuple(sorted({t for gate in gates for t in gate}))
    return frozenset(token for token in tokens if token in text)


_TOKENS: dict[RuleSet, tuple[str, ...]] = {}


def gated_rules(
    rules: RuleSet, text: str, present: frozenset[str] | None = None
) -> list[type[PythonRule]]:
    """The Python rules a file can concern, by the cheap text gate each rule declares."""
    return _passing(rules.python, _present(rules, text) if present is None else present)


def gated_collectors(
    rules: RuleSet, text: str, present: frozenset[str] | None = None
) -> list[type[FactCollector]]:
    return _passing(rules.collectors, _present(rules, text) if present is None else present)


def _passing(kinds: Sequence[Gated], present: frozenset[str]) -> list[Gated]:
    return [k for k in kinds if not k.required_text or not present.isdisjoint(k.required_text)]


# Set by the test suite: every ast gate that says no is checked against the full pass.
VERIFY_GATES = os.environ.get("BACKLINT_VERIFY_GATES") == "1"

Gated = TypeVar("Gated", type[PythonRule], type[FactCollector])


def _applying(
    candidates: list[Gated], view: SourceView | None, path: str
) -> tuple[list[Gated], list[Gated]]:
    """Split text-gated rules (or collectors) by their ast gate: (to run, to skip)."""
    if view is None:
        return candidates, []
    run: list[Gated] = []
    skip: list[Gated] = []
    for candidate in candidates:
        try:
            applies = candidate.applies(view)
        except RecursionError:
            applies = True  # the full pass decides, under its own guards
        except Exception as error:
            raise InternalError(
                f"{path}: the ast gate of {candidate.__name__} failed: {error!r}"
            ) from error
        (run if applies else skip).append(candidate)
    return run, skip


# Pathological input must not stall a run: past these, a file is reported and skipped.
FILE_TIME_BUDGET = 30.0
MAX_CHECKED_CHARACTERS = 5_000_000


def _facts_only(
    path: str, text: str, interpreter: InterpreterParse, name: str, package: bool
) -> FileResult:
    tree = interpreter.tree
    return FileResult(
        path,
        FileKind.PYTHON,
        (),
        imports=tuple(import_facts(tree, text)) if tree is not None else (),
        suppressions=python_suppressions(text),
        symbols=tuple(ModuleSymbols(tree, name, package).facts),
        module=name,
    )


# The editor server parses files piece by piece, keeping the pieces it has parsed.
_CHUNKS: ChunkedParser | None = None


def use_incremental_parsing(budget: int = 2_000_000) -> None:
    """From now on, parse with libcst piece by piece, keeping up to ``budget`` characters."""
    global _CHUNKS
    _CHUNKS = ChunkedParser(budget)


def _parse(
    text: str, interpreter: InterpreterParse, depth: int | None
) -> tuple[cst.Module, ChunkedPositions | None]:
    """libcst's module and, when parsed in pieces, its positions; ``depth``: the tree's, if
    known."""
    tree = interpreter.tree
    if _CHUNKS is not None and tree is not None:
        chunked = _CHUNKS.parse(text, tree)
        if chunked is not None:
            return chunked
    return parse_libcst(text, interpreter, depth), None


def check_python(
    path: str, text: str, rules: RuleSet, context: RuleContext, present: Present = None
) -> FileResult:
    """Facts from CPython's parser; libcst and the rules only for files a rule can concern."""
    if len(text) > MAX_CHECKED_CHARACTERS:
        # Generated files this large would take minutes to parse; people do not edit them.
        return _unreadable(
            path,
            FileKind.PYTHON,
            f"not checked: {len(text) / 1e6:.1f} million characters "
            f"(the limit is {MAX_CHECKED_CHARACTERS / 1e6:g} million)",
        )
    try:
        interpreter = parse_interpreter(text)
    except SourceProblem as problem:
        return _unreadable(path, FileKind.PYTHON, problem.message, problem.row, problem.column)
    present = _present(rules, text) if present is None else present
    gated = gated_rules(rules, text, present)
    collectors = gated_collectors(rules, text, present)
    name = module_name(path, context.src)
    package = os.path.basename(path) == "__init__.py"
    view = None
    if interpreter.tree is not None and (gated or collectors):
        view = SourceView(path, text, interpreter.tree, name, package, context)
    depth: int | None = None
    symbols: ModuleSymbols | None = None
    try:
        gated, skipped = _applying(gated, view, path)
        collectors, unneeded = _applying(collectors, view, path)
    finally:
        if view is not None:
            depth = view.depth() if view.walked else None
            symbols = view.symbols
            # The gates' state refers back to the view: free what it holds now.
            view.release()
    if not VERIFY_GATES:
        skipped, unneeded = [], []
    if interpreter.tree is not None and not gated and not collectors and not skipped + unneeded:
        return _facts_only(path, text, interpreter, name, package)
    # Either a rule needs the concrete tree, or the interpreter cannot read the file (syntax
    # newer than the running Python): libcst decides whether it is valid.
    visitors: list[PythonRule] = []
    checks: list[PythonRule | FactCollector] = []
    try:
        with time_budget(FILE_TIME_BUDGET):
            module, positions = _parse(text, interpreter, depth)
            file = PythonFile(
                path,
                text,
                module,
                name,
                package,
                tree=interpreter.tree,
                symbols=symbols,
                positions=positions,
            )
            visitors = [rule(file, context) for rule in gated]
            gatherers = [collector(file, context) for collector in collectors]
            checks += [rule(file, context) for rule in skipped]
            checks += [collector(file, context) for collector in unneeded]
            batch: list[cst.BatchableCSTVisitor] = [*visitors, *gatherers, *checks]
            if any(v.get_inherited_dependencies() for v in batch):
                file.wrapper.visit_batched(batch)
            elif batch:
                visit_batched(module, batch)
    except SourceProblem as problem:
        return _unreadable(path, FileKind.PYTHON, problem.message, problem.row, problem.column)
    except BudgetExceeded:
        return _unreadable(
            path,
            FileKind.PYTHON,
            f"not checked: took longer than {FILE_TIME_BUDGET:g} seconds (skipped)",
        )
    except RecursionError:
        return _unreadable(path, FileKind.PYTHON, "cannot be checked: nested too deeply")
    except Exception as error:  # a bug in a rule must not end the run
        raise InternalError(f"{path}: {_culprit(error, visitors)} failed: {error!r}") from error
    for check in checks:
        found = [*getattr(check, "diagnostics", ()), *check.facts]
        if found:
            raise InternalError(
                f"{path}: the ast gate of {type(check).__name__} skipped a file where it "
                f"finds {found[0]!r}"
            )
    # Family state kept on the file refers back to it: break the cycle now, so that all of
    # it is freed at once rather than left to the cyclic collector (whose walks over it
    # stalled the editor server).
    file.release()
    imports = import_facts(interpreter.tree, text) if interpreter.tree is not None else []
    return FileResult(
        path,
        FileKind.PYTHON,
        tuple(d for v in visitors for d in v.diagnostics),
        imports=tuple(imports),
        suppressions=python_suppressions(text),
        symbols=(*file.symbols.facts, *(f for v in visitors for f in v.facts)),
        module=name,
        facts=tuple(f for g in gatherers for f in g.facts),
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
    source: SourceFile,
    read: Reader,
    rules: RuleSet,
    context: RuleContext,
    present: Present = None,
) -> FileResult:
    """The per-file pass for one file of any kind; never raises for bad input.

    ``present``: the gate tokens of a Python file's text, when the caller knows them."""
    try:
        data = read(source.path)
    except OSError as error:
        reason = error.strerror or str(error)
        return _unreadable(source.path, source.kind, f"cannot be read: {reason}")
    try:
        if source.kind is FileKind.PYTHON:
            text, _ = decode_python(data)
            return check_python(source.path, text, rules, context, present)
        text = decode_manifest(data)
    except SourceProblem as problem:
        return _unreadable(source.path, source.kind, problem.message, problem.row, problem.column)
    return check_manifest(source.path, source.kind, text)


def _confirmed(diagnostic: Diagnostic, resolver: KindResolver) -> bool:
    return all((c.kind in resolver.kinds(c.qualname)) == c.present for c in diagnostic.requires)


Memo = dict[str, FileResult]


def file_key(source: SourceFile, data: bytes, rules: RuleSet, context: RuleContext) -> str:
    """Everything a file's per-file result depends on, hashed (see :func:`_keyed`)."""
    return _keyed(source, data, rules, context)[0]


Present = frozenset[str] | None


def _keyed(
    source: SourceFile, data: bytes, rules: RuleSet, context: RuleContext
) -> tuple[str, Present]:
    """Everything a file's per-file result depends on, hashed; and, for a Python file, the
    gate tokens its text contains (so that its check need not look for them again).

    A requirements file or pyproject.toml is only parsed in the per-file pass, so its key is
    its path and bytes. A Python file's result also depends on the rules that run on it (the
    ones whose text gate its text passes), their families' options, the target version and
    its module name; options of families that do not run on it leave its key alone.
    """
    digest = hashlib.blake2b(digest_size=20)
    for part in (__version__, f"{sys.version_info[0]}.{sys.version_info[1]}", source.path):
        digest.update(part.encode())
        digest.update(b"\0")
    digest.update(source.kind.value.encode())
    digest.update(data)
    present: Present = None
    if source.kind is FileKind.PYTHON:
        try:
            text, _ = decode_python(data)
        except SourceProblem:
            text = ""
        present = _present(rules, text)
        codes = sorted(rule.code for rule in gated_rules(rules, text, present))
        codes += sorted(
            f"{c.__module__}.{c.__qualname__}" for c in gated_collectors(rules, text, present)
        )
        tables = sorted({t for code in codes for t in rule_option_tables().get(code, ())})
        options = [
            (t, repr(context.options[t].model_dump()) if t in context.options else "")
            for t in tables
        ]
        digest.update(
            repr(
                (codes, options, context.target_version, module_name(source.path, context.src))
            ).encode()
        )
    return digest.hexdigest(), present


# A long-lived process (the editor server) re-checks the project on every change; computing
# a file's key means decoding it and running every rule's text gate, so keys are kept by
# the file's bytes and the run's settings.
_KEYS: dict[tuple[str, bytes, str], str] = {}
_MAX_KEYS = 200_000


def _run_salt(rules: RuleSet, context: RuleContext) -> str:
    options = sorted((name, repr(model)) for name, model in context.options.items())
    collectors = sorted(f"{c.__module__}.{c.__qualname__}" for c in rules.collectors)
    python = sorted(r.code for r in rules.python)
    return repr(
        (sorted(rules.codes), python, collectors, options, context.target_version, context.src)
    )


def _memoised_key(
    source: SourceFile, data: bytes, rules: RuleSet, context: RuleContext, salt: str
) -> tuple[str, Present]:
    """The file's key, and its gate tokens when they had to be looked for."""
    memo_key = (source.path, hashlib.blake2b(data, digest_size=16).digest(), salt)
    key = _KEYS.get(memo_key)
    if key is not None:
        return key, None
    if len(_KEYS) >= _MAX_KEYS:
        _KEYS.clear()
    key, present = _keyed(source, data, rules, context)
    _KEYS[memo_key] = key
    return key, present


def _stored(key: str, memo: Memo | None, cache: ResultCache | None) -> FileResult | None:
    """The per-file result kept for ``key`` in this run's memo or the cache, if any."""
    hit = memo.get(key) if memo is not None else None
    if hit is None and cache is not None:
        hit = cache.get(key)
        if hit is not None and memo is not None:
            memo[key] = hit
    return hit


Item = tuple[SourceFile, bytes, Present]


def _check_data(item: Item, rules: RuleSet, context: RuleContext) -> FileResult | str:
    """The per-file pass for bytes already read; an internal error comes back as its text."""
    source, data, present = item
    try:
        return check_file(source, lambda _path: data, rules, context, present)
    except InternalError as error:
        return str(error)


def worker_count() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


# Below this many files to parse, starting worker processes costs more than it saves.
PARALLEL_THRESHOLD = 48


def _check_chunk(
    items: list[Item], rules: RuleSet, context: RuleContext
) -> list[FileResult | str]:
    return [_check_data(item, rules, context) for item in items]


class _Pass:
    """The per-file pass over items handed over one at a time, while the caller is still
    reading and keying the next files: in worker processes once there are enough items,
    else in this process. Outcomes come back in the order the items were added."""

    def __init__(self, rules: RuleSet, context: RuleContext, jobs: int, expected: int) -> None:
        self.rules = rules
        self.context = context
        self.jobs = jobs
        # Several files per task, so that sending rules and results does not dominate.
        self.chunk = max(1, min(64, expected // (jobs * 8)))
        self.added = 0
        self._buffer: list[Item] = []
        # Each segment: its items, and the future of their outcomes (None: check here).
        self._segments: list[tuple[list[Item], Future[list[FileResult | str]] | None]] = []
        self._pool: ProcessPoolExecutor | None = None
        self._no_pool = jobs <= 1

    def add(self, item: Item) -> None:
        self._buffer.append(item)
        self.added += 1
        if len(self._buffer) >= self.chunk and self.added >= PARALLEL_THRESHOLD:
            self._submit()

    def _submit(self) -> None:
        items, self._buffer = self._buffer, []
        future = None
        if not self._no_pool:
            try:
                if self._pool is None:
                    self._pool = ProcessPoolExecutor(max_workers=self.jobs)
                future = self._pool.submit(_check_chunk, items, self.rules, self.context)
            except (OSError, BrokenProcessPool, RuntimeError):
                # No processes to be had (a sandbox, a broken worker): the work goes on here.
                self._no_pool = True
        self._segments.append((items, future))

    def outcomes(self, checked: Callable[[int], None] | None = None) -> Iterator[FileResult | str]:
        """Every outcome in order; ``checked(n)`` after each, with ``n`` done so far."""
        if self._buffer:
            if self._pool is None:
                self._no_pool = True  # too few files to be worth starting processes
            self._submit()
        done = 0
        try:
            for items, future in self._segments:
                found: list[FileResult | str] | None = None
                if future is not None:
                    try:
                        found = future.result()
                    except (OSError, BrokenProcessPool):
                        found = None
                if found is None:
                    found = _check_chunk(items, self.rules, self.context)
                for outcome in found:
                    done += 1
                    if checked is not None:
                        checked(done)
                    yield outcome
        finally:
            if self._pool is not None:
                self._pool.shutdown(cancel_futures=True)


def _progress_from(
    progress: Callable[[int, int], None] | None, done: int, total: int
) -> Callable[[int], None] | None:
    """``progress`` for a batch of files to check, counting on from ``done`` of ``total``."""
    if progress is None:
        return None
    report = progress
    return lambda count: report(done + count, total)


@dataclass
class RunResult:
    """Everything one run found: diagnostics left after suppression, and per-file results."""

    diagnostics: list[Diagnostic]
    files: dict[str, FileResult]
    suppressed: int = 0
    errors: list[str] = field(default_factory=list)
    # Rules and collectors left out: no Python file mentions their modules.
    dormant: frozenset[str] = frozenset()


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
    memo: Memo | None = None,
    cache: ResultCache | None = None,
    jobs: int = 1,
    progress: Callable[[int, int], None] | None = None,
) -> RunResult:
    """Check ``files`` (and the requirements files they include) with ``rules``.

    Per-file results come from ``memo`` (kept across the fix loop's rounds), then ``cache``
    (kept across runs); the rest are computed, in ``jobs`` processes when there are many.
    ``progress(done, total)`` is called after each file's per-file result (``total`` grows
    when included requirements files are found).
    """
    settings: dict[str, Any] = {
        "rules": rules,
        "context": context,
        "root": root,
        "per_file_ignores": per_file_ignores,
        "read": read,
    }
    outcome = _run(files, **settings, memo=memo, cache=cache, jobs=jobs, progress=progress)
    if VERIFY_GATES and outcome.dormant:
        # Check that the rules left out could not have changed the outcome.
        full = _run(files, **settings, dormancy=False)
        if full.diagnostics != outcome.diagnostics:
            missed = next(d for d in full.diagnostics if d not in outcome.diagnostics)
            outcome.errors.append(
                f"{', '.join(sorted(outcome.dormant))}: left out as no Python file of the "
                f"project mentions their modules, yet they find {missed!r}"
            )
    return outcome


def _dormant(rules: RuleSet, mentioned: set[str], context: RuleContext) -> frozenset[str]:
    """Rules and collectors (by name) whose ``project_tokens`` no Python file mentions."""
    found: set[str] = set()
    for kind in _visitors(rules):
        tokens = kind.tokens_for(context)
        if tokens and mentioned.isdisjoint(tokens):
            found.add(kind.__qualname__)
    return frozenset(found)


def _awake(rules: RuleSet, dormant: frozenset[str]) -> RuleSet:
    if not dormant:
        return rules
    return replace(
        rules,
        python=tuple(r for r in rules.python if r.__qualname__ not in dormant),
        collectors=tuple(c for c in rules.collectors if c.__qualname__ not in dormant),
    )


def _run(
    files: Sequence[SourceFile],
    *,
    rules: RuleSet,
    context: RuleContext,
    root: str,
    per_file_ignores: dict[str, list[str]] | None = None,
    read: Reader = read_file,
    memo: Memo | None = None,
    cache: ResultCache | None = None,
    jobs: int = 1,
    progress: Callable[[int, int], None] | None = None,
    dormancy: bool = True,
) -> RunResult:
    context = replace(context, enabled=rules.codes, src=context.src or (root,))
    results: dict[str, FileResult] = {}
    errors: list[str] = []
    others = tuple(f.path for f in files if f.kind is FileKind.OTHER)
    pending = [f for f in files if f.kind is not FileKind.OTHER]
    known = {f.path for f in files}
    done = 0
    # Stamps stand for reading a file only when files are read from disk (the editor
    # server reads unsaved buffers).
    on_disk = cache is not None and read is read_file
    # Rules that only matter where some Python file mentions their modules (pydantic's in
    # a project without pydantic) are left out of the per-file pass.
    tokens = sorted({t for k in _visitors(rules) for t in k.tokens_for(context)})
    preread: dict[str, tuple[Stamp | None, bytes]] = {}
    # Stamps already taken (before any read of the file): a warm run stats each file once.
    stamped: dict[str, Stamp] = {}
    dormant: frozenset[str] = frozenset()
    if tokens and dormancy:
        base = _run_salt(rules, context)
        last_mentions = cache.mentions(base) if on_disk and cache is not None else None
        mentions, preread = _mentions(pending, tokens, read, last_mentions)
        if cache is not None and last_mentions is not None:
            stamped = {path: stamp for path, (stamp, _) in mentions.items()}
            if mentions != last_mentions:
                cache.save_mentions(base, mentions)
        mentioned = {t for _, found in mentions.values() for t in found}
        dormant = _dormant(rules, mentioned, context)
    selected, rules = rules, _awake(rules, dormant)
    salt = _run_salt(rules, context)
    stamps = cache.stamps(salt) if on_disk and cache is not None else None
    seen: dict[str, tuple[Stamp, str]] = {}

    def found(source: SourceFile, result: FileResult) -> None:
        nonlocal done
        results[source.path] = result
        batch.append(result)
        done += 1
        if progress is not None:
            progress(done, len(known))

    while pending:
        batch: list[FileResult] = []
        todo: list[SourceFile] = []
        keys: list[str] = []
        checking = _Pass(rules, context, jobs, len(pending))
        for source in pending:
            early = preread.pop(source.path, None)
            if early is not None:
                stamp, data = early
            elif stamps is not None:
                stamp = stamped.get(source.path) or stamp_of(source.path)
            else:
                stamp = None
            if stamp is not None and stamps is not None:
                last = stamps.get(source.path)
                hit = _stored(last[1], memo, cache) if last and last[0] == stamp else None
                if hit is not None and last is not None:
                    seen[source.path] = last
                    found(source, hit)
                    continue
            try:
                data = early[1] if early is not None else read(source.path)
            except OSError as error:
                found(
                    source,
                    _unreadable(
                        source.path, source.kind, f"cannot be read: {error.strerror or error}"
                    ),
                )
                continue
            key, present = _memoised_key(source, data, rules, context, salt)
            if stamp is not None:
                # Taken before the read: a change racing with it leaves a stale stamp.
                seen[source.path] = (stamp, key)
            hit = _stored(key, memo, cache)
            if hit is not None:
                found(source, hit)
            else:
                checking.add((source, data, present))
                todo.append(source)
                keys.append(key)
        checked = _progress_from(progress, done, len(known))
        for source, key, outcome in zip(todo, keys, checking.outcomes(checked), strict=True):
            if isinstance(outcome, str):
                errors.append(outcome)
                seen.pop(source.path, None)
                continue
            if memo is not None:
                memo[key] = outcome
            if cache is not None:
                cache.put(key, outcome)
            results[source.path] = outcome
            batch.append(outcome)
        done += len(todo)
        pending = _include_targets(batch, known)
    if cache is not None and stamps is not None and seen != stamps:
        cache.save_stamps(salt, seen)

    _mark_constraints(results)
    diagnostics = [d for r in results.values() for d in r.diagnostics]
    try:
        diagnostics.extend(_check_manifests(results, rules, context))
    except InternalError as error:
        errors.append(str(error))
    # Kinds of outside names, from every rule selected (left out or not).
    outside: dict[str, frozenset[str]] = {}
    for rule in (*selected.python, *selected.manifest, *selected.project):
        for name, kinds in rule.known_kinds.items():
            outside[name] = outside.get(name, frozenset()) | kinds
    resolver = KindResolver((s for r in results.values() for s in r.symbols), outside)
    project = ProjectFacts(root, results, resolver, others)
    for rule in rules.project:
        try:
            diagnostics.extend(rule().check_project(project, context))
        except Exception as error:
            errors.append(f"project rule {rule.code} failed: {error!r}")

    diagnostics = [d for d in diagnostics if _confirmed(d, resolver)]
    suppression = apply_suppressions(
        diagnostics,
        {path: r.suppressions for path, r in results.items()},
        root=root,
        per_file_ignores=per_file_ignores or {},
        known_codes=rules_by_code(),
        enabled_codes=rules.codes,
        unused_rule=UnusedSuppression,
    )
    kept = sorted((d for d in suppression.kept if d.code in rules.codes), key=lambda d: d.sort_key)
    return RunResult(kept, results, suppression.suppressed, errors, dormant)


def _mentions(
    sources: Sequence[SourceFile],
    tokens: Sequence[str],
    read: Reader,
    last: dict[str, tuple[Stamp, frozenset[str]]] | None,
) -> tuple[dict[str, tuple[Stamp, frozenset[str]]], dict[str, tuple[Stamp | None, bytes]]]:
    """Which ``tokens`` each Python file mentions, from ``last`` where its stamp still
    matches; returns the mentions to keep and the bytes (with stamps) read on the way."""
    mentions: dict[str, tuple[Stamp, frozenset[str]]] = {}
    read_now: dict[str, tuple[Stamp | None, bytes]] = {}
    encoded = [(t, t.encode()) for t in tokens]
    for source in sources:
        if source.kind is not FileKind.PYTHON:
            continue
        stamp = stamp_of(source.path) if last is not None else None
        known = last.get(source.path) if last is not None else None
        if stamp is not None and known is not None and known[0] == stamp:
            mentions[source.path] = known
            continue
        try:
            data = read(source.path)
        except OSError:
            continue  # reported by the per-file pass
        read_now[source.path] = (stamp, data)
        found = frozenset(t for t, raw in encoded if raw in data)
        mentions[source.path] = (stamp or (0, 0, 0, 0), found)
    return mentions, read_now
