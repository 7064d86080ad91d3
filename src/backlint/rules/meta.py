"""Rules about backlint's own input: suppression comments and files it cannot read."""

from __future__ import annotations

from backlint.diagnostics import Severity
from backlint.rule import BuiltinRule, FixAvailability


class UnusedSuppression(BuiltinRule):
    """
    ## What it does
    Checks for `# noqa` directives that name a backlint code (`BKxxx`) which suppresses
    nothing on that line, or which is not a backlint code at all.

    ## Why is this bad?
    A suppression that no longer suppresses anything hides the next real finding on that
    line, and an unknown code is usually a typo that suppresses nothing. Codes of other tools
    (`E501`, `F401`) and a bare `# noqa` are left alone: they may be meant for another linter.
    A code whose rule is not enabled in this run is not reported either, since the run cannot
    know whether it would be used.

    ## Example
    ```text
    redis>=5  # noqa: BK101
    ```

    ## Use instead
    ```text
    redis>=5
    ```

    ## Fix safety
    The fix removes the unused or unknown codes (or the whole directive when none is left).
    It is safe: a directive that suppresses nothing has no effect.
    """

    code = "BK001"
    name = "unused-suppression"
    family = "backlint"
    summary = "Unused `noqa` directive"
    fix_availability = FixAvailability.SAFE
    severity = Severity.WARNING


class UnreadableFile(BuiltinRule):
    """
    ## What it does
    Reports a file that backlint cannot decode or parse: a Python syntax error, bytes that
    are not valid in the file's encoding, or a pyproject.toml that is not valid TOML. The
    diagnostic points at the line and column where reading failed.

    ## Why is this bad?
    No other rule can check a file that cannot be read, and the interpreter or installer
    will fail on it too. The rest of the project is still checked.

    ## Example
    ```python
    def broken(:
        pass
    ```

    ## Use instead
    ```python
    def fixed():
        pass
    ```

    ## Fix safety
    There is no fix: what the file should say is for a person to decide.
    """

    code = "BK002"
    name = "unreadable-file"
    family = "backlint"
    summary = "File cannot be read"


RULES = (UnusedSuppression, UnreadableFile)
