"""Which classes are pydantic models, and what a name refers to at a point of the code.

A class is a model when it derives, directly or through project classes in any module, from
one of pydantic's model bases (``tables.KNOWN_KINDS``). Module-level classes are decided by
the engine's project pass: every rule reports with a ``Condition`` on the class's dotted name,
and the engine keeps the diagnostic only if the kinds resolved across modules confirm it.
Nested classes are named by their dotted path (``app.schemas.Outer.Inner``) and their bases
are published as facts here. A class inside a function cannot be named from elsewhere, so it
is decided from what this file says: its bases must be pydantic's own, classes of the same
function, or a single project class the conditions can name.

Every rule of the family derives from :class:`PydanticRule`, which keeps the stack of scopes
during the shared traversal.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import ClassVar

import libcst as cst

from backlint.diagnostics import Condition
from backlint.facts import SymbolFact
from backlint.rule import PythonFile, PythonRule, RuleContext
from backlint.rules.pydantic.names import NameUses, parameter_names
from backlint.rules.pydantic.tables import KNOWN_KINDS, METHODS, defines

Requirements = tuple[Condition, ...]


def is_v1(qualname: str) -> bool:
    """Whether a dotted name belongs to the v1 API a project chose (``pydantic.v1``)."""
    return qualname == "pydantic.v1" or qualname.startswith("pydantic.v1.")


def base_expression(expression: cst.BaseExpression) -> cst.BaseExpression:
    """``RootModel[int]`` and ``Page[T]`` derive from ``RootModel`` and ``Page``."""
    while isinstance(expression, cst.Subscript):
        expression = expression.value
    return expression


# Name analyses of a file's functions and class bodies, by node, shared by the family's
# rules: they visit the same tree, and each analysis is a walk of its own.
def analysis(file: PythonFile, node: cst.FunctionDef | cst.Lambda | cst.ClassDef) -> NameUses:
    """The names ``node``'s own scope binds (a function's parameters included)."""
    cache: dict[int, NameUses] = file.shared("pydantic.analyses", dict)
    found = cache.get(id(node))
    if found is None:
        found = NameUses(nested=False)
        if not isinstance(node, cst.ClassDef):
            for name in parameter_names(node.params):
                found.binds[name] += 1
        node.body.visit(found)
        cache[id(node)] = found
    return found


def module_facts(file: PythonFile) -> frozenset[SymbolFact]:
    """The symbol facts the engine records for the module whatever the rules do."""
    return file.shared("pydantic.module_facts", lambda: frozenset(file.symbols.facts))


@dataclass(eq=False)
class ClassInfo:
    """What this file says about one class.

    ``qualname`` is its dotted name when it can be named from elsewhere (module level, or
    nested in such a class); conditions then name it. A class inside a function has none and
    is decided from ``kinds`` (what its bases say for certain) and ``deferred`` (the dotted
    names of bases only the project pass can decide); ``unknown`` says a base could not be
    resolved at all. ``v1`` marks a class deriving directly from ``pydantic.v1``.
    """

    file: PythonFile
    node: cst.ClassDef
    qualname: str | None
    bases: tuple[str, ...] = ()
    base_kinds: frozenset[str] = frozenset()
    deferred: tuple[str, ...] = ()
    unknown: bool = False
    v1: bool = False
    # Bases that are pydantic's own classes only (no project class in between).
    direct: bool = False
    inherited: tuple[ClassInfo, ...] = ()

    @property
    def name(self) -> str:
        return self.node.name.value

    @property
    def body_names(self) -> frozenset[str]:
        """The names the class body binds directly (fields, methods, nested classes...)."""
        return frozenset(analysis(self.file, self.node).binds)

    @property
    def kinds(self) -> frozenset[str]:
        """What this file says for certain: kinds of the bases, and overridden methods."""
        own = {defines(name) for name in self.body_names if name in METHODS}
        for base in self.inherited:
            own |= base.kinds
        return self.base_kinds | own

    def requires(self, kind: str, present: bool = True) -> Requirements | None:
        """Conditions under which this class has (or lacks) ``kind``; ``None``: never."""
        if self.v1:
            return None
        if self.qualname is not None:
            return (Condition(self.qualname, kind, present),)
        if kind in self.kinds:
            return () if present else None
        if self.unknown:
            return None
        if present:
            if len(self.deferred) == 1:
                return (Condition(self.deferred[0], kind, True),)
            return None
        return tuple(Condition(name, kind, False) for name in self.deferred)

    def requires_all(self, *wanted: tuple[str, bool]) -> Requirements | None:
        found: list[Condition] = []
        for kind, present in wanted:
            conditions = self.requires(kind, present)
            if conditions is None:
                return None
            found.extend(conditions)
        return tuple(found)


@dataclass(eq=False)
class ClassScope:
    info: ClassInfo
    # Classes defined so far in this class body, by name.
    classes: dict[str, ClassInfo] = field(default_factory=dict)

    @property
    def bound(self) -> frozenset[str]:
        return self.info.body_names


@dataclass(eq=False)
class FunctionScope:
    """A function or lambda; ``method_of`` is the class whose body holds it directly."""

    file: PythonFile
    node: cst.FunctionDef | cst.Lambda
    method_of: ClassInfo | None = None
    classes: dict[str, ClassInfo] = field(default_factory=dict)

    @property
    def binds(self) -> Counter[str]:
        """How often each name is bound in this scope (parameters included)."""
        return analysis(self.file, self.node).binds

    @property
    def annotations(self) -> dict[str, cst.BaseExpression]:
        """The ``name: T`` declarations of this scope's body."""
        return analysis(self.file, self.node).annotations

    @property
    def assigned(self) -> dict[str, cst.BaseExpression]:
        """The ``name = value`` assignments of this scope's body."""
        return analysis(self.file, self.node).assigned


@dataclass(eq=False)
class ComprehensionScope:
    node: cst.CSTNode


Scope = ClassScope | FunctionScope | ComprehensionScope


class PydanticRule(PythonRule):
    """Base of the pydantic rules: scope tracking and model detection."""

    family = "pydantic"
    seed = "000"
    known_kinds: ClassVar = KNOWN_KINDS
    # Every finding needs pydantic imported in the file, or a model kind that resolves only
    # through pydantic's names (KNOWN_KINDS) or project classes deriving from them: in a
    # project no Python file of which mentions pydantic there is nothing to find.
    project_tokens: ClassVar = ("pydantic",)

    def __init__(self, file: PythonFile, context: RuleContext) -> None:
        super().__init__(file, context)
        self.scopes: list[Scope] = []

    # Scopes --------------------------------------------------------------------------------

    def current_class(self) -> ClassInfo:
        """The class being visited (in ``visit_ClassDef``, after the base class's)."""
        scope = self.scopes[-1]
        assert isinstance(scope, ClassScope)
        return scope.info

    def enclosing_class(self) -> ClassInfo | None:
        """The class whose body directly holds the current node."""
        if self.scopes and isinstance(self.scopes[-1], ClassScope):
            return self.scopes[-1].info
        return None

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        info = self.class_info(node)
        parent = self.scopes[-1] if self.scopes else None
        if isinstance(parent, (ClassScope, FunctionScope)):
            parent.classes[info.name] = info
        if info.qualname is not None:
            fact = SymbolFact(info.qualname, info.bases)
            # The module's own symbol facts already hold most module-level classes: the
            # same fact again would tell the project pass nothing, and would make every
            # file with a class a file the rules must parse (see ``gates.class_facts``).
            if fact not in module_facts(self.file):
                self.facts.append(fact)
        self.scopes.append(ClassScope(info))

    def leave_ClassDef(self, original_node: cst.ClassDef) -> None:
        self.scopes.pop()

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.scopes.append(FunctionScope(self.file, node, self.enclosing_class()))

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        self.scopes.pop()

    def visit_Lambda(self, node: cst.Lambda) -> None:
        self.scopes.append(FunctionScope(self.file, node))

    def leave_Lambda(self, original_node: cst.Lambda) -> None:
        self.scopes.pop()

    def visit_ListComp(self, node: cst.ListComp) -> None:
        self.scopes.append(ComprehensionScope(node))

    def leave_ListComp(self, original_node: cst.ListComp) -> None:
        self.scopes.pop()

    def visit_SetComp(self, node: cst.SetComp) -> None:
        self.scopes.append(ComprehensionScope(node))

    def leave_SetComp(self, original_node: cst.SetComp) -> None:
        self.scopes.pop()

    def visit_DictComp(self, node: cst.DictComp) -> None:
        self.scopes.append(ComprehensionScope(node))

    def leave_DictComp(self, original_node: cst.DictComp) -> None:
        self.scopes.pop()

    def visit_GeneratorExp(self, node: cst.GeneratorExp) -> None:
        self.scopes.append(ComprehensionScope(node))

    def leave_GeneratorExp(self, original_node: cst.GeneratorExp) -> None:
        self.scopes.pop()

    # Classes -------------------------------------------------------------------------------

    def class_info(self, node: cst.ClassDef) -> ClassInfo:
        parent = self.scopes[-1] if self.scopes else None
        qualname: str | None = None
        if parent is None:
            qualname = self.file.qualname(node.name.value)
        elif isinstance(parent, ClassScope) and parent.info.qualname is not None:
            qualname = f"{parent.info.qualname}.{node.name.value}"
        bases: list[str] = []
        kinds: set[str] = set()
        deferred: list[str] = []
        inherited: list[ClassInfo] = []
        unknown = v1 = False
        direct = True
        for argument in node.bases:
            if argument.keyword is not None or argument.star:
                continue
            resolved = self.resolve_class(base_expression(argument.value))
            if isinstance(resolved, ClassInfo):
                direct = False
                v1 = v1 or resolved.v1
                inherited.append(resolved)
                unknown = unknown or resolved.unknown
                if resolved.qualname is not None:
                    bases.append(resolved.qualname)
                    deferred.append(resolved.qualname)
                else:
                    deferred.extend(resolved.deferred)
            elif isinstance(resolved, str):
                bases.append(resolved)
                if is_v1(resolved):
                    v1 = True
                elif resolved in KNOWN_KINDS:
                    kinds |= KNOWN_KINDS[resolved]
                else:
                    direct = False
                    deferred.append(resolved)
            else:
                direct = False
                unknown = True
        return ClassInfo(
            self.file,
            node,
            qualname,
            tuple(bases),
            frozenset(kinds),
            tuple(dict.fromkeys(deferred)),
            unknown,
            v1,
            direct and not unknown,
            tuple(inherited),
        )

    def resolve_class(self, expression: cst.BaseExpression) -> ClassInfo | str | None:
        """What a class reference names here: a class of this file's inner scopes, a dotted
        name, or ``None`` when it cannot be told."""
        if isinstance(expression, cst.Name):
            name = expression.value
            innermost = True
            for scope in reversed(self.scopes):
                if isinstance(scope, ClassScope):
                    # A class body's names are visible only directly inside it.
                    if innermost:
                        if name in scope.classes:
                            return scope.classes[name]
                        if name in scope.bound:
                            return None
                elif isinstance(scope, FunctionScope):
                    if name in scope.classes:
                        return scope.classes[name]
                    if scope.binds[name]:
                        return None
                elif comprehension_binds(scope.node, name):
                    return None
                innermost = False
            return self.file.qualify(expression)
        if isinstance(expression, cst.Attribute):
            head: cst.BaseExpression = expression
            while isinstance(head, cst.Attribute):
                head = head.value
            if isinstance(head, cst.Name) and self.locally_bound(head.value):
                return None
            return self.file.qualify(expression)
        return None

    def locally_bound(self, name: str) -> bool:
        """Whether a scope inside the module binds ``name`` where it is read now."""
        innermost = True
        for scope in reversed(self.scopes):
            if isinstance(scope, ClassScope):
                if innermost and (name in scope.bound or name in scope.classes):
                    return True
            elif isinstance(scope, FunctionScope):
                if name in scope.classes or scope.binds[name]:
                    return True
            elif comprehension_binds(scope.node, name):
                return True
            innermost = False
        return False

    def resolves_to(self, expression: cst.BaseExpression, wanted: Collection[str]) -> str | None:
        """The dotted name of ``expression`` if it is one of ``wanted`` here, else ``None``.

        The module's names are looked up first: scopes are read only for the few names that
        matter.
        """
        qualified = self.file.qualify(expression)
        if qualified is None or qualified not in wanted:
            return None
        return self.qualify_here(expression)

    def qualify_here(self, expression: cst.BaseExpression) -> str | None:
        """``file.qualify``, unless a local scope shadows the name's head."""
        head = expression
        while isinstance(head, (cst.Attribute, cst.Call)):
            head = head.value if isinstance(head, cst.Attribute) else head.func
        if isinstance(head, cst.Name) and self.locally_bound(head.value):
            return None
        return self.file.qualify(expression)


def comprehension_binds(node: cst.CSTNode, name: str) -> bool:
    """Whether a comprehension's own ``for`` targets bind ``name``."""
    for_in = getattr(node, "for_in", None)
    while isinstance(for_in, cst.CompFor):
        uses = NameUses(nested=False)
        uses.bind_target(for_in.target)
        if uses.binds[name]:
            return True
        for_in = for_in.inner_for_in
    return False
