"""BK603 missing-migrations: a service that owns tables but has no Alembic environment."""

from __future__ import annotations

import os
from collections.abc import Iterator

from packaging.utils import canonicalize_name

from backlint.diagnostics import Diagnostic
from backlint.manifests import Manifest, Requirement
from backlint.project import ProjectFacts
from backlint.rule import FixAvailability, ProjectRule, RuleContext
from backlint.rules.structure.facts import CreateAllFact, TableFact
from backlint.rules.structure.names import is_test_file, listed_files

# Distributions whose declaration says the project means to migrate with Alembic.
_MIGRATING = frozenset({"alembic", "flask-migrate"})
# Other migration tools: the schema is looked after, just not by Alembic.
_OTHER_TOOLS = frozenset({"yoyo", "migrate", "aerich", "peewee_migrate", "pw_migrate"})


def _has_alembic_environment(project: ProjectFacts) -> bool:
    """An Alembic ``env.py`` (it imports ``alembic.context``) or a migration script (it
    imports ``alembic.op``), another migration tool, or an ``alembic.ini`` when listed."""
    for file in project.python_files():
        for fact in file.imports:
            if fact.module in ("alembic.context", "alembic.op"):
                return True
            if fact.module == "alembic" and {"context", "op"}.intersection(fact.names):
                return True
            if fact.level == 0 and fact.module.split(".", 1)[0] in _OTHER_TOOLS:
                return True
    return any(os.path.basename(p) == "alembic.ini" for p in listed_files(project) or ())


def _declared(manifests: Iterator[Manifest]) -> Requirement | None:
    found = [
        (manifest.path, requirement)
        for manifest in manifests
        for requirement in manifest.requirements
        if not requirement.constraint
        and requirement.name is not None
        and canonicalize_name(requirement.name) in _MIGRATING
    ]
    return min(found, key=lambda item: (item[0], item[1].span.start))[1] if found else None


class MissingMigrations(ProjectRule):
    """
    ## What it does
    Checks that a project that maps SQLAlchemy tables (classes with `__tablename__` or
    mapped columns, `Table(...)`, SQLModel's `table=True`) and owns their schema has an
    Alembic environment: an `env.py` importing `alembic.context`, or migration scripts.

    The project owns the schema when it declares Alembic or Flask-Migrate as a dependency
    (reported at that requirement: the setup was meant but never done), or when it creates
    its tables itself with `metadata.create_all()` outside tests (reported at the call). A
    project that only maps tables another service creates does neither, and is not
    reported; nor is one that uses another migration tool (yoyo, sqlalchemy-migrate,
    aerich).

    ## Why is this bad?
    Seed 004 (Setting up Python backends), *Migrations and Operations*: "If the service
    owns a relational DB, initialize Alembic early"; seed 001 asks for migrations for
    schema changes. `create_all()` creates missing tables but never alters existing ones:
    the first new column in production becomes a manual `ALTER TABLE`, or a lost
    deployment.

    ## Example
    ```text
    requirements.txt   # alembic>=1.13
    app/models.py      # class User(Base): __tablename__ = "users"
    (no alembic/env.py)
    ```

    ## Use instead
    ```sh
    alembic init alembic   # then point env.py's target_metadata at Base.metadata
    alembic revision --autogenerate -m "initial schema"
    ```

    ## Fix safety
    There is no fix: `alembic init` writes files backlint does not own.
    """

    code = "BK603"
    name = "missing-migrations"
    family = "structure"
    summary = "Tables without migrations"
    seed = "004"
    fix_availability = FixAvailability.NONE

    def check_project(self, project: ProjectFacts, context: RuleContext) -> Iterator[Diagnostic]:
        root = project.root
        tables = [
            fact for file, fact in project.facts(TableFact) if not is_test_file(file.path, root)
        ]
        if not tables or _has_alembic_environment(project):
            return
        requirement = _declared(project.manifests())
        if requirement is not None:
            path = next(m.path for m in project.manifests() if requirement in m.requirements)
            yield self.diagnostic(
                path,
                requirement.line_span or requirement.span,
                f"`{requirement.name}` is declared and the project maps {len(tables)} "
                f"table{'s' if len(tables) != 1 else ''}, but it has no Alembic environment",
                help="Run `alembic init alembic` and generate the initial migration",
            )
            return
        calls = sorted(
            (
                (file.path, fact)
                for file, fact in project.facts(CreateAllFact)
                if not is_test_file(file.path, root)
            ),
            key=lambda item: (item[0], item[1].span.start),
        )
        if calls:
            path, call = calls[0]
            yield self.diagnostic(
                path,
                call.span,
                "Tables are created with `create_all()` and the project has no migrations: "
                "`create_all()` never alters an existing table",
                help="Initialize Alembic (`alembic init alembic`) and migrate the schema",
            )
