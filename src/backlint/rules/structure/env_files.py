"""BK602 env-file-committed: environment files that belong outside git, or are missing."""

from __future__ import annotations

import os
from collections.abc import Iterator

from backlint.diagnostics import Diagnostic, Position
from backlint.manifests import ManifestKind, Span
from backlint.project import FileResult, ProjectFacts
from backlint.rule import FixAvailability, ProjectRule, RuleContext
from backlint.rules.structure.facts import DotenvLoadFact, SettingsClassFact
from backlint.rules.structure.names import (
    KNOWN_SETTINGS_KINDS,
    SETTINGS_KIND,
    is_env_file,
    is_env_template,
    is_test_file,
    listed_files,
    shown_path,
)


class EnvFileCommitted(ProjectRule):
    """
    ## What it does
    Checks how a project keeps its environment files:

    - a `.env` (or `.env.production`, `.env.local`, ...) that git does not ignore is
      reported, at the settings class or `load_dotenv` call that reads it (or at the
      first settings class, or `pyproject.toml`);
    - a settings class reading the environment (a `BaseSettings` subclass, in any module)
      when the project has no `.env.example` (nor `.env.sample`, `.env.template`,
      `.env.dist`) documenting the variables is reported at the class;
    - the committed template loaded as configuration (`load_dotenv(".env.example")`,
      `env_file=".env.example"`) is reported where it is loaded.

    The first two need the list of files discovery walked past without checking them
    (`.env` files are not Python): where the engine does not provide it, only the third
    is checked. A `.env` that `.gitignore` ignores is never listed, so never reported.
    Test files are not checked.

    ## Why is this bad?
    Seed 003 (Python project architecture), *Environment Files*: `.env.example` is
    committed and `.env` is never committed; seed 001: "Never commit sensitive
    information"; seed 002 reads `.env.example` to learn what a service needs. A committed
    `.env` puts the deployment's secrets in every clone. Without `.env.example`, the
    variables a service needs are found by reading its settings class, or by failing to
    start. Loading the template as configuration turns documentation into live settings,
    and invites real values into a committed file.

    ## Example
    ```python
    class Settings(BaseSettings):
        model_config = SettingsConfigDict(env_file=".env.example")
    ```

    ## Use instead
    ```python
    class Settings(BaseSettings):
        model_config = SettingsConfigDict(env_file=".env")  # .env is in .gitignore
    ```
    with `.env.example` committed, listing every variable with an empty or sample value.

    ## Fix safety
    There is no fix: a committed `.env` also has to be removed from git's history and its
    secrets rotated.
    """

    code = "BK602"
    name = "env-file-committed"
    family = "structure"
    summary = "Environment file committed, or not documented"
    seed = "003"
    fix_availability = FixAvailability.NONE
    known_kinds = KNOWN_SETTINGS_KINDS

    def check_project(self, project: ProjectFacts, context: RuleContext) -> Iterator[Diagnostic]:
        root = project.root
        loads = [
            (file, fact)
            for file, fact in project.facts(DotenvLoadFact)
            if not is_test_file(file.path, root)
        ]
        settings = sorted(
            (
                (file, fact)
                for file, fact in project.facts(SettingsClassFact)
                if not is_test_file(file.path, root)
                and (fact.direct or SETTINGS_KIND in project.kinds.kinds(fact.qualname))
            ),
            key=lambda item: (item[0].path, item[1].span.start),
        )
        for file, fact in settings:
            for env_file in fact.env_files:
                if is_env_template(env_file):
                    yield self._template_loaded(file.path, fact.span, env_file)
        for file, load in loads:
            if is_env_template(load.path):
                yield self._template_loaded(file.path, load.span, load.path)
        listed = listed_files(project)
        if listed is None:
            return
        committed = sorted(p for p in listed if is_env_file(p))
        if committed:
            anchor = self._anchor(project, committed, settings, loads)
            if anchor is not None:
                name = shown_path(committed[0], root)
                yield self.diagnostic(
                    anchor[0],
                    anchor[1],
                    f"`{name}` is not ignored by git: it holds the deployment's values, "
                    "secrets among them",
                    help="Add it to `.gitignore` (and remove it from git), and document the "
                    "variables in `.env.example`",
                )
        if settings and not any(is_env_template(p) for p in listed):
            file, fact = settings[0]
            yield self.diagnostic(
                file.path,
                fact.span,
                f"Settings class `{fact.name}` reads the environment but no `.env.example` "
                "documents its variables",
                help="Commit a `.env.example` listing every variable, with empty or sample values",
            )

    def _template_loaded(self, path: str, span: Span, env_file: str) -> Diagnostic:
        return self.diagnostic(
            path,
            span,
            f"`{env_file}` is the committed template, loaded here as configuration: load "
            "`.env` (ignored by git) instead",
        )

    @staticmethod
    def _anchor(
        project: ProjectFacts,
        committed: list[str],
        settings: list[tuple[FileResult, SettingsClassFact]],
        loads: list[tuple[FileResult, DotenvLoadFact]],
    ) -> tuple[str, Span] | None:
        """Where to report a committed ``.env``: where it is read, else the settings or
        the project file (never the ``.env`` itself, whose lines would be shown)."""
        names = {os.path.basename(p) for p in committed}
        for file, fact in settings:
            if names.intersection(os.path.basename(e) for e in fact.env_files):
                return file.path, fact.span
        for file, load in loads:
            if os.path.basename(load.path) in names:
                return file.path, load.span
        if settings:
            return settings[0][0].path, settings[0][1].span
        pyprojects = sorted(
            m.path for m in project.manifests() if m.kind is ManifestKind.PYPROJECT
        )
        if pyprojects:
            at = Position(1, 1)
            return pyprojects[0], Span(at, at)
        return None
