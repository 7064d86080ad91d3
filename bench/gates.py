"""How many files each rule and fact collector parses with libcst, and what that costs.

Usage: python bench/gates.py TREE [--only NAME ...]

For every Python file of TREE it applies each rule's text gate (``required_text``) and then
its ast gate (``applies``), and for the files that pass both it times the libcst parse and
the rule's own traversal. It prints, per rule or collector, the files each gate lets
through and the seconds spent on them: the list to work down when a tree is slow.
"""

from __future__ import annotations

import argparse
import collections
import os
import time

import libcst as cst

from backlint import engine
from backlint.discovery import FileKind
from backlint.rule import PythonFile, RuleContext
from backlint.sources.python import decode_python, parse_interpreter, parse_libcst
from backlint.sources.symbols import module_name
from backlint.sources.view import SourceView
from backlint.workspace import Selection, plan_projects


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tree")
    parser.add_argument("--only", nargs="*", default=(), help="rule or collector class names")
    args = parser.parse_args()
    project = next(iter(plan_projects([args.tree], Selection())))
    config = project.config
    rules = project.rules
    context = RuleContext(
        target_version=config.target_version,
        options=config.families,
        src=(config.root,),
        enabled=rules.codes,
    )
    texted: collections.Counter[str] = collections.Counter()
    passed: collections.Counter[str] = collections.Counter()
    cost: collections.Counter[str] = collections.Counter()
    files = parsed = 0
    parse_seconds = gate_seconds = 0.0
    for source in project.files:
        if source.kind is not FileKind.PYTHON:
            continue
        with open(source.path, "rb") as handle:
            text, _ = decode_python(handle.read())
        files += 1
        try:
            interpreter = parse_interpreter(text)
        except Exception:
            continue
        candidates = [*engine.gated_rules(rules, text), *engine.gated_collectors(rules, text)]
        if args.only:
            candidates = [c for c in candidates if c.__name__ in args.only]
        if not candidates or interpreter.tree is None:
            continue
        name = module_name(source.path, context.src)
        package = os.path.basename(source.path) == "__init__.py"
        view = SourceView(source.path, text, interpreter.tree, name, package, context)
        started = time.perf_counter()
        running = []
        for candidate in candidates:
            texted[candidate.__name__] += 1
            if candidate.applies(view):
                passed[candidate.__name__] += 1
                running.append(candidate)
        gate_seconds += time.perf_counter() - started
        if not running:
            continue
        parsed += 1
        started = time.perf_counter()
        module = parse_libcst(text, interpreter)
        parse_seconds += time.perf_counter() - started
        for candidate in running:
            file = PythonFile(source.path, text, module, name, package, tree=interpreter.tree)
            started = time.perf_counter()
            visitor = candidate(file, context)
            if visitor.get_inherited_dependencies():
                file.wrapper.visit_batched([visitor])
            else:
                cst.visit_batched(module, [visitor])
            cost[candidate.__name__] += time.perf_counter() - started
    print(
        f"{files} Python files; {parsed} parsed by libcst ({parse_seconds:.1f} s); "
        f"ast gates {gate_seconds:.1f} s"
    )
    print(f"{'rule or collector':32} {'text gate':>9} {'ast gate':>9} {'seconds':>8}")
    for name, count in texted.most_common():
        print(f"{name:32} {count:9} {passed[name]:9} {cost[name]:8.2f}")


if __name__ == "__main__":
    main()
