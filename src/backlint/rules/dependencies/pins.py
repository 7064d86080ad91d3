"""BK105 unpinned-dependency: an application requirement without a version constraint."""

from __future__ import annotations

from collections.abc import Iterator

from backlint.diagnostics import Diagnostic
from backlint.manifests import Manifest, ManifestKind
from backlint.rule import ManifestRule, RuleContext
from backlint.rules.dependencies.options import requirements_options

EXACT_OPERATORS = ("==", "===")


class UnpinnedDependency(ManifestRule):
    """
    ## What it does
    Checks an application's requirements files (`requirements*.txt`, `requirements/*.txt`)
    for requirements without a version constraint: `fastapi` instead of `fastapi>=0.110`.
    With `pin-policy = "exact"` under `[tool.backlint.requirements]`, only `==` (or `===`)
    counts as pinned, as pip's documentation defines pinning.

    Not checked: `pyproject.toml` (a library states ranges, not pins), `requirements.in`
    files (pip-tools inputs, compiled into pinned files), URL, path and editable
    requirements (they name one artefact), constraint files, and requirements with hashes
    (pip's hash-checking mode already forces exact pins).

    ## Why is this bad?
    Seed 001 (Dependencies): "Pin dependency versions for reproducibility". An unpinned
    requirement installs whatever is newest on the day of the build, so two builds of the
    same commit can differ, and a breaking major release reaches production unreviewed.

    ## Example
    ```text
    fastapi
    sqlalchemy
    ```

    ## Use instead
    ```text
    fastapi>=0.110,<1.0
    sqlalchemy==2.0.36
    ```

    ## Fix safety
    There is no fix: which version the project was tested with is not knowable statically.
    """

    code = "BK105"
    name = "unpinned-dependency"
    family = "dependencies"
    summary = "Requirement without a version constraint"
    seed = "001"

    def check_manifest(self, manifest: Manifest, context: RuleContext) -> Iterator[Diagnostic]:
        if manifest.kind is not ManifestKind.REQUIREMENTS or manifest.path.endswith(".in"):
            return
        options = requirements_options(context)
        exact = options.pin_policy == "exact"
        for requirement in manifest.requirements:
            name = requirement.name
            if name is None or requirement.url or requirement.editable:
                continue
            if requirement.constraint or requirement.hashes or options.ignored(self.code, name):
                continue
            specifier = requirement.specifier
            if exact:
                pinned = any(
                    part.strip().startswith(EXACT_OPERATORS) and "*" not in part
                    for part in specifier.split(",")
                )
                if pinned:
                    continue
                message = (
                    f"`{name}` is not pinned to an exact version (`==`)"
                    if specifier
                    else f"`{name}` has no version constraint"
                )
            elif specifier:
                continue
            else:
                message = f"`{name}` has no version constraint"
            yield self.diagnostic(
                manifest.path,
                requirement.name_span or requirement.span,
                message,
                help="Add the version the project was tested with, e.g. `name>=X.Y` or `==X.Y.Z`",
            )
