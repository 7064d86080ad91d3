"""Which names a piece of code reads and which it binds.

The fixes rename parameters (`values` becomes `info.data`), replace a receiver or drop an
import; each needs to know that a name is not rebound somewhere and where it is read. libcst's
scope provider answers that for a whole module at several times the cost of a parse, so this
module reads only the nodes a fix is about to touch.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import libcst as cst

_COMPREHENSIONS = (cst.ListComp, cst.SetComp, cst.DictComp, cst.GeneratorExp)


class NameUses(cst.CSTVisitor):
    """Names read (``reads``, the nodes) and bound (``binds``, counted) in a subtree.

    With ``nested`` the bodies of nested functions, lambdas, classes and comprehensions are
    read too (their parameters and targets count as bindings, since they shadow); without it
    only the outermost scope is read, and a nested ``def``/``class`` binds its name there.
    Attribute names, keyword-argument names and imported module paths are not names.
    """

    def __init__(self, *, nested: bool) -> None:
        super().__init__()
        self.nested = nested
        self.reads: list[cst.Name] = []
        self.binds: Counter[str] = Counter()
        # ``name: T`` declarations of this scope, by name.
        self.annotations: dict[str, cst.BaseExpression] = {}
        # ``name = value`` assignments (one target), by name.
        self.assigned: dict[str, cst.BaseExpression] = {}

    # What is bound -------------------------------------------------------------------------

    def bind_target(self, target: cst.BaseExpression) -> None:
        if isinstance(target, cst.Name):
            self.binds[target.value] += 1
        elif isinstance(target, (cst.Tuple, cst.List)):
            for element in target.elements:
                self.bind_target(element.value)
        elif isinstance(target, cst.StarredElement):
            self.bind_target(target.value)
        else:  # `a.b = ...` and `a[i] = ...` read `a` (and `i`)
            target.visit(self)

    def visit_Assign(self, node: cst.Assign) -> None:
        if len(node.targets) == 1 and isinstance(node.targets[0].target, cst.Name):
            self.assigned[node.targets[0].target.value] = node.value

    def visit_AssignTarget(self, node: cst.AssignTarget) -> bool:
        self.bind_target(node.target)
        return False

    def visit_AnnAssign(self, node: cst.AnnAssign) -> bool:
        self.bind_target(node.target)
        if isinstance(node.target, cst.Name):
            self.annotations[node.target.value] = node.annotation.annotation
        node.annotation.visit(self)
        if node.value is not None:
            node.value.visit(self)
        return False

    def visit_AugAssign(self, node: cst.AugAssign) -> bool:
        if isinstance(node.target, cst.Name):
            self.reads.append(node.target)
        self.bind_target(node.target)
        node.value.visit(self)
        return False

    def visit_For(self, node: cst.For) -> bool:
        self.bind_target(node.target)
        node.iter.visit(self)
        node.body.visit(self)
        if node.orelse is not None:
            node.orelse.visit(self)
        return False

    def visit_WithItem(self, node: cst.WithItem) -> bool:
        node.item.visit(self)
        if node.asname is not None:
            self.bind_target(node.asname.name)
        return False

    def visit_ExceptHandler(self, node: cst.ExceptHandler) -> bool:
        if node.type is not None:
            node.type.visit(self)
        if node.name is not None:
            self.bind_target(node.name.name)
        node.body.visit(self)
        return False

    def visit_ExceptStarHandler(self, node: cst.ExceptStarHandler) -> bool:
        node.type.visit(self)
        if node.name is not None:
            self.bind_target(node.name.name)
        node.body.visit(self)
        return False

    def visit_NamedExpr(self, node: cst.NamedExpr) -> bool:
        self.bind_target(node.target)
        node.value.visit(self)
        return False

    def visit_Del(self, node: cst.Del) -> bool:
        self.bind_target(node.target)
        return False

    def visit_Import(self, node: cst.Import) -> bool:
        for alias in node.names:
            if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                self.binds[alias.asname.name.value] += 1
            else:
                top: cst.BaseExpression = alias.name
                while isinstance(top, cst.Attribute):
                    top = top.value
                if isinstance(top, cst.Name):
                    self.binds[top.value] += 1
        return False

    def visit_ImportFrom(self, node: cst.ImportFrom) -> bool:
        if isinstance(node.names, cst.ImportStar):
            self.binds["*"] += 1
            return False
        for alias in node.names:
            if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                self.binds[alias.asname.name.value] += 1
            elif isinstance(alias.name, cst.Name):
                self.binds[alias.name.value] += 1
        return False

    def visit_Global(self, node: cst.Global) -> bool:
        for item in node.names:
            self.binds[item.name.value] += 1
        return False

    def visit_Nonlocal(self, node: cst.Nonlocal) -> bool:
        for item in node.names:
            self.binds[item.name.value] += 1
        return False

    def visit_MatchAs(self, node: cst.MatchAs) -> bool:
        if node.name is not None:
            self.binds[node.name.value] += 1
        if node.pattern is not None:
            node.pattern.visit(self)
        return False

    def visit_MatchStar(self, node: cst.MatchStar) -> bool:
        if node.name is not None:
            self.binds[node.name.value] += 1
        return False

    def visit_MatchMapping(self, node: cst.MatchMapping) -> bool:
        if node.rest is not None:
            self.binds[node.rest.value] += 1
        for element in node.elements:
            element.visit(self)
        return False

    # Nested scopes ---------------------------------------------------------------------------

    def _parameters(self, params: cst.Parameters) -> None:
        every = [*params.posonly_params, *params.params, *params.kwonly_params]
        for extra in (params.star_arg, params.star_kwarg):
            if isinstance(extra, cst.Param):
                every.append(extra)
        for param in every:
            if param.annotation is not None:
                param.annotation.visit(self)
            if param.default is not None:
                param.default.visit(self)
            if self.nested:
                self.binds[param.name.value] += 1

    def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
        self.binds[node.name.value] += 1
        for decorator in node.decorators:
            decorator.visit(self)
        self._parameters(node.params)
        if node.returns is not None:
            node.returns.visit(self)
        if self.nested:
            node.body.visit(self)
        return False

    def visit_Lambda(self, node: cst.Lambda) -> bool:
        self._parameters(node.params)
        if self.nested:
            node.body.visit(self)
        return False

    def visit_ClassDef(self, node: cst.ClassDef) -> bool:
        self.binds[node.name.value] += 1
        for decorator in node.decorators:
            decorator.visit(self)
        for argument in (*node.bases, *node.keywords):
            argument.value.visit(self)
        if self.nested:
            node.body.visit(self)
        return False

    def visit_CompFor(self, node: cst.CompFor) -> bool:
        self.bind_target(node.target)
        node.iter.visit(self)
        for condition in node.ifs:
            condition.visit(self)
        if node.inner_for_in is not None:
            node.inner_for_in.visit(self)
        return False

    def on_visit(self, node: cst.CSTNode) -> bool:
        if not self.nested and isinstance(node, _COMPREHENSIONS):
            # Only the first iterable is evaluated in the enclosing scope.
            node.for_in.iter.visit(self)
            return False
        return super().on_visit(node)

    # What is read ------------------------------------------------------------------------------

    def visit_Attribute(self, node: cst.Attribute) -> bool:
        node.value.visit(self)
        return False

    def visit_Arg(self, node: cst.Arg) -> bool:
        node.value.visit(self)
        return False

    def visit_Name(self, node: cst.Name) -> bool:
        self.reads.append(node)
        return False


def uses(nodes: Iterable[cst.CSTNode], *, nested: bool = True) -> NameUses:
    """The names ``nodes`` read and bind."""
    collector = NameUses(nested=nested)
    for node in nodes:
        node.visit(collector)
    return collector


def parameter_names(params: cst.Parameters) -> list[str]:
    every = [*params.posonly_params, *params.params, *params.kwonly_params]
    for extra in (params.star_arg, params.star_kwarg):
        if isinstance(extra, cst.Param):
            every.append(extra)
    return [p.name.value for p in every]
