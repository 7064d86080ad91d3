"""BK102 unknown-package and BK103 typosquat-suspect: names checked against the PyPI index.

Both rules read the bundled index of every PyPI project (``backlint.data.package_index``).
Exactly one of BK101, BK102 and BK103 reports a given requirement:

* BK101 first: a bogus ``python-X`` name is its business alone;
* then BK103: a name that is not among the most downloaded projects and is shaped like a
  popular one (one typo away, its words reordered, a ``py``/``python`` variant), whether or
  not it exists, since the shape says which package was meant;
* then BK102: any other name that is not on PyPI at all.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Literal

from backlint.data.package_index import PackageIndex, normalise, package_index
from backlint.diagnostics import Diagnostic
from backlint.manifests import Manifest, ManifestKind, Requirement
from backlint.rule import ManifestRule, RuleContext
from backlint.rules.dependencies.options import requirements_options
from backlint.rules.dependencies.prefix import real_name_for_python_prefix

# Popular means among the 5,000 most downloaded projects: the set typosquatters aim at
# (GuardDog uses the same cut-off) and the one BK101 uses. Measured over 20,000 random
# unranked projects, a larger set mostly adds look-alike pairs of two obscure-ish real
# projects, and a smaller one misses typos of well-used backend libraries.
POPULAR_RANK = 5000

# Below this many letters (a ``py``/``python`` affix not counted), names are too dense for
# "one edit away" to mean "a typo of": `pyhdf` and `pypdf`, `mario` and `marko` are
# unrelated projects. Shorter names are only matched by a swap of two letters or a doubled
# letter (`pyzt`, `reqquests`), the typos that rarely make another real word.
MIN_TYPO_LENGTH = 5
# A changed letter turns 5-letter names into each other too often (`touch`/`torch`,
# `kerax`/`keras`); from six letters on it is a typo far more often than not.
MIN_SUBSTITUTION_LENGTH = 6
# The shortest name (affix not counted) a py/python variant may map to: `py-sh` is not `sh`.
MIN_VARIANT_CORE = 4

# How far a suggestion for an unknown name may be, by the unknown name's length.
_SUGGESTION_BUDGETS = ((4, 1), (8, 2))
_MAX_SUGGESTION_DISTANCE = 3

_AFFIXES = ("python", "py")

EditKind = Literal["substitution", "insertion", "deletion", "transposition"]


@dataclass(frozen=True, slots=True)
class Edit:
    """How a name differs from a popular one by one edit.

    ``position`` is the index in the name where the edit sits; ``letters`` holds the letters
    involved (inserted, dropped, both substituted or both swapped); ``doubled`` says that an
    inserted letter repeats its neighbour (``reequests``).
    """

    kind: EditKind
    position: int
    letters: str
    doubled: bool = False


@dataclass(frozen=True, slots=True)
class Lookalike:
    """A name that looks like a popular project, and why.

    ``reason`` completes the sentence "``name`` ... ``popular``": ``"is one typo away from"``,
    ``"reorders the words of"`` or ``"is a py/python variant of"``.
    """

    name: str
    popular: str
    reason: str


def one_edit(name: str, popular: str) -> Edit | None:
    """The single edit (Damerau-Levenshtein, adjacent swaps) turning ``popular`` into ``name``."""
    if name == popular or abs(len(name) - len(popular)) > 1:
        return None
    start = 0
    shortest = min(len(name), len(popular))
    while start < shortest and name[start] == popular[start]:
        start += 1
    if len(name) == len(popular):
        if name[start + 1 :] == popular[start + 1 :]:
            return Edit("substitution", start, name[start] + popular[start])
        swapped = name[start : start + 2]
        if (
            swapped == popular[start : start + 2][::-1]
            and name[start + 2 :] == popular[start + 2 :]
        ):
            return Edit("transposition", start, swapped)
        return None
    if len(name) > len(popular):
        if name[start + 1 :] != popular[start:]:
            return None
        letter = name[start]
        doubled = (start > 0 and name[start - 1] == letter) or name[
            start + 1 : start + 2
        ] == letter
        return Edit("insertion", start, letter, doubled=doubled)
    if name[start:] != popular[start + 1 :]:
        return None
    return Edit("deletion", start, popular[start])


def _core(name: str) -> str:
    """``name`` without one leading and one trailing ``py``/``python`` affix."""
    for affix in ("python-", "python", "py-", "py"):
        if name.startswith(affix) and len(name) > len(affix):
            name = name[len(affix) :]
            break
    for affix in ("-python", "python", "-py", "py"):
        if name.endswith(affix) and len(name) > len(affix):
            name = name[: -len(affix)]
            break
    return name


def python_variants(name: str) -> set[str]:
    """Names ``name`` becomes when a ``py``/``python`` word is dropped, stripped or swapped.

    ``py-redis``, ``redis-py``, ``pyredis`` -> ``redis``; ``findpy`` -> ``findpython``;
    ``pythonyaml`` -> ``pyyaml``. Applied to a popular name it gives the forms a typosquatter
    would register (``python-dateutil`` -> ``py-dateutil``, ``dateutil``).
    """
    parts = name.split("-")
    variants: set[str] = set()
    for i, part in enumerate(parts):
        before, after = parts[:i], parts[i + 1 :]
        if part in _AFFIXES:
            variants.add("-".join(before + after))
        else:
            for affix in _AFFIXES:
                rest = part.removeprefix(affix)
                if rest != part:
                    if len(rest) >= MIN_VARIANT_CORE:
                        variants.add("-".join([*before, rest, *after]))
                    break
        if "python" in part:
            variants.add("-".join([*before, part.replace("python", "py"), *after]))
        elif "py" in part:
            variants.add("-".join([*before, part.replace("py", "python"), *after]))
    variants.discard(name)
    return {v for v in variants if len(_core(v)) >= MIN_VARIANT_CORE}


def _touches_a_number(name: str, edit: Edit) -> bool:
    """Whether the edit changes one digit into another or lengthens or shortens a number."""
    if edit.kind == "substitution":
        return edit.letters.isdigit()
    if edit.kind in ("insertion", "deletion") and edit.letters.isdigit():
        before = name[edit.position - 1 : edit.position] if edit.position else ""
        after_start = edit.position + 1 if edit.kind == "insertion" else edit.position
        return before.isdigit() or name[after_start : after_start + 1].isdigit()
    return False


def _deletions(name: str) -> set[str]:
    return {name[:i] + name[i + 1 :] for i in range(len(name))}


def _part_at(name: str, position: int) -> str:
    """The hyphen-separated word of ``name`` that holds ``position``."""
    start = name.rfind("-", 0, position) + 1
    end = name.find("-", position)
    return name[start : end if end != -1 else len(name)]


class LookalikeFinder:
    """Tells which popular project an obscure or unknown name imitates, from an index.

    ``popular_rank``: projects ranked at or above it are the popular ones worth imitating.
    """

    def __init__(self, index: PackageIndex, popular_rank: int = POPULAR_RANK) -> None:
        self.index = index
        ranked = index.popular()
        self.popular = {n: r for n in ranked if (r := index.rank(n) or 0) <= popular_rank}
        # One-edit neighbours are found through shared single-letter deletions (the
        # symmetric-delete trick): a name and a popular project one edit apart always share
        # a key among {name} + its deletions.
        self._by_deletion: dict[str, list[str]] = {}
        self._by_words: dict[tuple[str, ...], list[str]] = {}
        self._by_variant: dict[str, list[str]] = {}
        for name in self.popular:
            for key in {name, *_deletions(name)}:
                self._by_deletion.setdefault(key, []).append(name)
            words = name.split("-")
            if len(words) > 1:
                self._by_words.setdefault(tuple(sorted(words)), []).append(name)
            for variant in python_variants(name):
                self._by_variant.setdefault(variant, []).append(name)
        # Words that appear in ranked project names: an edit that lands on one of them makes
        # a different, meaningful name (`django-mssql` is not a typo of `django-mysql`).
        self._words = {word for name in ranked for word in name.split("-") if len(word) >= 3}

    def lookalike(self, name: str) -> Lookalike | None:
        """The popular project ``name`` imitates, or ``None``; ranked names never imitate."""
        canonical = normalise(name)
        if not canonical or self.index.rank(canonical) is not None:
            return None
        found: list[Lookalike] = []
        found.extend(self._typos(canonical))
        words = canonical.split("-")
        if len(words) > 1:
            for popular in self._by_words.get(tuple(sorted(words)), []):
                if popular != canonical:
                    found.append(Lookalike(canonical, popular, "reorders the words of"))
        variants = python_variants(canonical)
        for variant in variants:
            if variant in self.popular:
                found.append(Lookalike(canonical, variant, "is a py/python variant of"))
        for popular in self._by_variant.get(canonical, []):
            found.append(Lookalike(canonical, popular, "is a py/python variant of"))
        if not found:
            return None
        return min(found, key=lambda f: (self.popular[f.popular], f.popular))

    def _typos(self, name: str) -> Iterator[Lookalike]:
        candidates = {
            popular
            for key in {name, *_deletions(name)}
            for popular in self._by_deletion.get(key, ())
        }
        for popular in candidates:
            edit = one_edit(name, popular)
            if edit is not None and self._is_typo(name, popular, edit):
                yield Lookalike(name, popular, "is one typo away from")

    def _is_typo(self, name: str, popular: str, edit: Edit) -> bool:
        """Whether a one-edit difference reads as a typo rather than a different name."""
        length = min(len(_core(name)), len(_core(popular)))
        short_form = edit.kind == "transposition" or edit.doubled
        if length < MIN_TYPO_LENGTH and not (short_form and len(popular) >= 4):
            return False
        if edit.kind == "substitution" and length < MIN_SUBSTITUTION_LENGTH:
            return False
        if _touches_a_number(name, edit):
            # Numbers are versions or siblings, not typos (`boto2`, `uuid6`, `cu11`/`cu114`).
            return False
        if edit.position == 0 and edit.kind != "transposition" and not edit.doubled:
            # People rarely mistype the first letter; another first letter is another name
            # (`jarray`/`xarray`, `gnumpy`/`numpy`).
            return False
        if "-" in edit.letters:
            return True  # `http-tools` for `httptools`: the words themselves are unchanged
        name_word = _part_at(name, edit.position)
        popular_word = _part_at(popular, edit.position)
        if len(name_word) <= 3 and len(popular_word) <= 3 and "-" in name:
            # In a family of extensions, short words tell siblings apart (`mypy-boto3-ecs`
            # beside `mypy-boto3-ec2`, `fastapi-sse` beside `fastapi-sso`): not typos.
            return False
        return name_word not in self._words


@cache
def lookalike_finder() -> LookalikeFinder:
    """The finder over the bundled index."""
    return LookalikeFinder(package_index())


def lookalike(name: str) -> Lookalike | None:
    """:meth:`LookalikeFinder.lookalike` over the bundled index.

    Ranked names never imitate, so the finder's tables (a third of a second to build) are
    built only once a manifest names a project the index does not rank.
    """
    canonical = normalise(name)
    if not canonical or package_index().rank(canonical) is not None:
        return None
    return lookalike_finder().lookalike(canonical)


def _osa_distance(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment distance of ``a`` and ``b``, or ``limit + 1`` if above it."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            best = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                best = min(best, previous2[j - 2] + 1)
            current[j] = best
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def suggestion_budget(name: str) -> int:
    """How many edits away a suggestion for ``name`` may be."""
    for length, budget in _SUGGESTION_BUDGETS:
        if len(name) <= length:
            return budget
    return _MAX_SUGGESTION_DISTANCE


@dataclass(frozen=True, slots=True)
class _Candidate:
    name: str
    rank: int
    letters: frozenset[str]


@cache
def _candidates_by_length(index: PackageIndex) -> dict[int, list[_Candidate]]:
    by_length: dict[int, list[_Candidate]] = {}
    for name in index.popular():
        candidate = _Candidate(name, index.rank(name) or 0, frozenset(name))
        by_length.setdefault(len(name), []).append(candidate)
    return by_length


def nearest_ranked(name: str, index: PackageIndex | None = None, limit: int = 3) -> list[str]:
    """The ranked projects nearest to ``name`` by edit distance, most used first.

    Only the names at the smallest distance found are offered, and only within
    :func:`suggestion_budget` edits and at most half the candidate's letters: a suggestion
    that rewrites most of the name helps nobody.
    """
    index = index or package_index()
    canonical = normalise(name)
    budget = suggestion_budget(canonical)
    letters = frozenset(canonical)
    by_length = _candidates_by_length(index)
    scored: list[tuple[int, int, str]] = []
    for length in range(len(canonical) - budget, len(canonical) + budget + 1):
        for candidate in by_length.get(length, ()):
            # Each edit brings in at most one letter the other name lacks: a cheap bound
            # that spares computing most distances.
            if (
                len(letters - candidate.letters) > budget
                or len(candidate.letters - letters) > budget
            ):
                continue
            distance = _osa_distance(canonical, candidate.name, budget)
            if distance <= budget and distance <= len(candidate.name) // 2:
                scored.append((distance, candidate.rank, candidate.name))
    if not scored:
        return []
    scored.sort()
    # Only the closest ones: `jinja2` for `jinja3`, not also `ninja`.
    return [found for distance, _, found in scored[:limit] if distance == scored[0][0]]


def is_constraints_file(path: str) -> bool:
    """Whether a requirements file is, by its name, a constraints file (``constraints.txt``).

    A ``-c`` target is read like any requirements file; its name is what says that its
    entries only pin versions and never make pip install anything.
    """
    return os.path.basename(path).lower().startswith("constraint")


def _checked_names(manifest: Manifest, context: RuleContext, code: str) -> Iterator[Requirement]:
    """Requirements that name a PyPI project this rule should look at."""
    options = requirements_options(context)
    # Files pulled in by ``-c`` are marked by the engine; the name catches the usual
    # constraints file checked on its own.
    if manifest.kind is ManifestKind.REQUIREMENTS and is_constraints_file(manifest.path):
        return
    for requirement in manifest.requirements:
        name = requirement.name
        if not name or requirement.url or requirement.editable or requirement.constraint:
            continue
        if options.ignored(code, name) or real_name_for_python_prefix(name) is not None:
            continue
        yield requirement


def _quoted(names: list[str]) -> str:
    quoted = [f"`{n}`" for n in names]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]


class UnknownPackage(ManifestRule):
    """
    ## What it does
    Checks requirements files and pyproject.toml for distributions that do not exist on
    PyPI, according to the index of every PyPI project name bundled with backlint (see
    `docs/package-index.md` for its date and how to rebuild it). When a popular project has
    a close name, the message suggests up to three of them.

    Requirements installed from a URL, a path or in editable mode are not checked, nor are
    constraints files (`constraints*.txt`, the usual target of `-c`), which pin versions but
    never make pip install anything. A name BK101 reports (`python-X`) or that looks like a
    typo of a popular project (BK103) is reported by that rule instead, so each line gets one
    diagnostic; a lookalike ignored for BK103 comes back to this rule if it is not on PyPI.

    ## Why is this bad?
    Seed 000 (Python backend rules) puts package names first among its build-critical rules:
    a requirement that is not on PyPI fails every install. Code assistants invent plausible
    names (`fastapi-helperz`, `huggingface-cli`) and repeat them: a study of 576,000
    generated code samples found that 19.7% of the packages they named did not exist. Worse
    than a failed install, someone may register the invented name with code of their own
    ("slopsquatting").

    ## Example
    ```text
    fastapi>=0.110
    fastapi-helperz>=1.0
    ```

    ## Use instead
    ```text
    fastapi>=0.110
    ```

    ## Fix safety
    There is no fix: only a person knows which package was meant.

    ## Options
    A private package served from your own index is not on PyPI; tell the rule about it:
    ```toml
    [tool.backlint.requirements]
    ignore = { BK102 = ["internal-lib"] }
    ```
    The index is a snapshot: a project published after its date is reported until backlint
    ships a newer index. Ignore it the same way meanwhile.

    ## References
    - [PEP 503 name normalisation](https://peps.python.org/pep-0503/#normalized-names)
    - [Spracklen et al., package hallucinations by code-generating LLMs](https://arxiv.org/abs/2406.10279)
    """

    code = "BK102"
    name = "unknown-package"
    family = "dependencies"
    summary = "Package not on PyPI"
    seed = "000"

    def check_manifest(self, manifest: Manifest, context: RuleContext) -> Iterator[Diagnostic]:
        index = package_index()
        for requirement in _checked_names(manifest, context, self.code):
            name = requirement.name
            assert name is not None
            if index.exists(name):
                continue
            # A typo-shaped name is BK103's when BK103 runs, unless it was ignored there:
            # ignoring a lookalike says it is wanted, not that it is on PyPI.
            if (
                TyposquatSuspect.code in context.enabled
                and lookalike(name) is not None
                and not requirements_options(context).ignored(TyposquatSuspect.code, name)
            ):
                continue
            message = f"`{name}` is not on PyPI (package index of {index.taken})"
            nearest = nearest_ranked(name, index)
            if nearest:
                message += f"; did you mean {_quoted(nearest)}?"
            yield self.diagnostic(
                manifest.path,
                requirement.name_span or requirement.span,
                message,
                help="If it is a private package, list it under "
                "`[tool.backlint.requirements] ignore` for BK102",
            )


class TyposquatSuspect(ManifestRule):
    """
    ## What it does
    Checks requirements files and pyproject.toml for names shaped like a popular project
    (one of the 5,000 most downloaded on PyPI) without being it:

    - one typo away: a letter added, dropped, changed or swapped with its neighbour
      (`reqeusts`, `requestss`, `flask-cor`, `http-tools`);
    - its words reordered (`dateutil-python` for `python-dateutil`);
    - a `py`/`python` variant (`pyredis`, `redis-py`, `py-dateutil`, `dateutil`).

    Only names that are not themselves among the 15,000 most downloaded projects are
    reported, whether they exist on PyPI (an obscure lookalike) or not (a typo that would
    fail the install, reported here rather than by BK102 because the intended package is
    plain). Requirements from a URL, a path or in editable mode, and constraints files, are
    not checked; a `python-X` name is left to BK101.

    To keep false alarms rare, one edit is not taken for a typo when:
    - the names are short: under five letters (a `py`/`python` affix not counted) only a
      swap or a doubled letter counts, and a changed letter needs six;
    - it changes the first letter (`gnumpy`, `jarray`): another first letter is another name;
    - it changes a number (`boto2`, `uuid6`, `cu114`): versions and siblings;
    - it tells apart two members of a family of extensions by a short word
      (`mypy-boto3-ecs`, `fastapi-sse`);
    - it makes a word that popular project names use (`django-mssql`, `deep-logic`).

    Over every unranked project on PyPI the rule reports about 0.4% (see
    `docs/package-index.md`), many of them squatted or placeholder names.

    ## Why is this bad?
    Seed 000 (Python backend rules) puts package names first among its build-critical rules
    (rule 1, package naming). A lookalike name fails the install, or installs someone
    else's code: typosquatters register misspellings of popular packages to run code on
    installs, and PyPI's own check and GuardDog look for these same shapes. An obscure
    lookalike is almost never what the code imports.

    ## Example
    ```text
    reqeusts>=2.31
    dateutil-python>=2.9
    ```

    ## Use instead
    ```text
    requests>=2.31
    python-dateutil>=2.9
    ```

    ## Fix safety
    There is no fix: the lookalike may, rarely, be the package you want. Check it, then
    change the name or ignore it.

    ## Options
    ```toml
    [tool.backlint.requirements]
    ignore = { BK103 = ["pyphen-lite"] }
    ```

    ## References
    - [PyPI's typosquatting check (warehouse `typosnyper.py`)](https://github.com/pypi/warehouse/blob/main/warehouse/packaging/typosnyper.py)
    - [GuardDog typosquatting heuristic](https://github.com/DataDog/guarddog)
    """

    code = "BK103"
    name = "typosquat-suspect"
    family = "dependencies"
    summary = "Lookalike of a popular package"
    seed = "000"

    def check_manifest(self, manifest: Manifest, context: RuleContext) -> Iterator[Diagnostic]:
        index = package_index()
        for requirement in _checked_names(manifest, context, self.code):
            name = requirement.name
            assert name is not None
            found = lookalike(name)
            if found is None:
                continue
            if index.exists(name):
                status = "is an obscure package"
            else:
                status = f"is not on PyPI (package index of {index.taken})"
            yield self.diagnostic(
                manifest.path,
                requirement.name_span or requirement.span,
                f"`{name}` {status} and {found.reason} the popular `{found.popular}`; "
                f"did you mean `{found.popular}`?",
            )
