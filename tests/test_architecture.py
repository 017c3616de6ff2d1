"""The import contract (DESIGN.md, "Who may import whom"), walked over every import.

Data goes one way: models -> timeline -> solver -> plan -> explain, with `check` beside them
as the second opinion (it sees the models only), `io` reading and writing files without
recomputing rules, team work, replan and compare on top, the facade `api` above them and the
`cli` a thin shell over the facade. Every import counts, the lazy ones inside functions and
the type-only ones too: a forbidden edge is a forbidden edge wherever it is written.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parents[1] / "src" / "liftplan"

# Each stage and the stages it may import (besides itself). `errors` is a leaf every stage
# but the models may raise.
ALLOWED: dict[str, set[str]] = {
    "models": set(),
    "errors": set(),
    "data": set(),
    "timeline": {"models"},
    "solver": {"models", "timeline"},
    "plan": {"models", "timeline", "solver", "errors"},
    "explain": {"models", "timeline", "solver", "plan", "errors"},
    "check": {"models"},
    "io": {"models", "errors"},
    "replan": {"models", "timeline", "solver", "plan", "explain", "check", "io", "errors"},
    "compare": {"models", "timeline", "solver", "plan", "explain", "check", "io", "errors"},
    "team": {"models", "timeline", "solver", "plan", "explain", "check", "io", "errors"},
    "api": {
        *("models", "timeline", "solver", "plan", "explain", "check", "io", "errors"),
        *("replan", "compare", "team"),
    },
    "cli": {"api", "io", "models", "errors"},
}
# The package's __init__ is the facade's lazy front door.
ALLOWED["liftplan"] = ALLOWED["api"] | {"api"}
# `python -m liftplan` runs the command line, and nothing else.
ALLOWED["__main__"] = {"cli"}

# Modules a stage may not import although their stage is allowed: the plan is the solver's
# output and never its input (a re-plan turns it into commitments first, in replan.py).
FORBIDDEN_MODULES: dict[str, set[str]] = {
    "solver": {"liftplan.models.plan"},
    "timeline": {"liftplan.models.plan"},
}

ROOT_MODULES_AT_MOST = 7
# Root files that are no module of the design: `__main__.py` is Python's fixed name for what
# `python -m liftplan` runs (three lines calling the cli), so it cannot live in a folder.
ROOT_EXEMPT = {"__main__.py"}


def stage_of(module: str) -> str:
    """``liftplan.solver.rules`` -> ``solver``; ``liftplan`` -> ``liftplan``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(path: Path) -> set[str]:
    """Every liftplan module ``path`` imports, wherever the import statement stands."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                source = ".".join([*base, *([node.module] if node.module else [])])
            else:
                source = node.module or ""
            # `from liftplan import api` imports the module liftplan.api; `from liftplan.io
            # import season_file` the module liftplan.io.season_file.
            folder = PACKAGE.parent / source.replace(".", "/")
            submodules = {
                f"{source}.{alias.name}"
                for alias in node.names
                if (folder / f"{alias.name}.py").exists() or (folder / alias.name).is_dir()
            }
            found |= submodules if len(submodules) == len(node.names) else {source}
            # `from liftplan.models import Session` reaches the module the package took it from.
            found |= {
                origin
                for alias in node.names
                if (origin := reexported_from(source).get(alias.name)) is not None
            }
        elif isinstance(node, ast.Call) and _dynamic_import(node) is not None:
            found.add(_dynamic_import(node) or "")
    return {module for module in found if module == "liftplan" or module.startswith("liftplan.")}


def _dynamic_import(call: ast.Call) -> str | None:
    """The module named by ``importlib.import_module("x")`` or ``__import__("x")``."""
    function = call.func
    name = function.attr if isinstance(function, ast.Attribute) else getattr(function, "id", "")
    if name not in ("import_module", "__import__") or not call.args:
        return None
    first = call.args[0]
    return first.value if isinstance(first, ast.Constant) and isinstance(first.value, str) else None


def reexported_from(package: str) -> dict[str, str]:
    """Names a package's ``__init__`` re-exports, each with the module it imports it from."""
    init = PACKAGE.parent / package.replace(".", "/") / "__init__.py"
    if not package.startswith("liftplan") or not init.exists():
        return {}
    names = {}
    for node in ast.parse(init.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names |= {alias.asname or alias.name: node.module for alias in node.names}
    return names


def forbidden_edges(paths: list[Path]) -> list[str]:
    edges = []
    for path in paths:
        importer = module_name(path)
        source = stage_of(importer)
        for imported in sorted(imported_modules(path)):
            target = stage_of(imported)
            if target == source or (imported == "liftplan" and source == "cli"):
                continue  # within a stage; the cli's entry point names the package
            if target not in ALLOWED.get(source, set()):
                edges.append(f"{importer} -> {imported} ({source} may not import {target})")
            elif imported in FORBIDDEN_MODULES.get(source, set()):
                edges.append(f"{importer} -> {imported} ({source} may not import it)")
    return edges


def package_files() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_no_module_imports_across_a_forbidden_seam() -> None:
    assert forbidden_edges(package_files()) == []


def test_every_stage_is_known_to_the_contract() -> None:
    stages = {stage_of(module_name(path)) for path in package_files()}
    assert stages <= set(ALLOWED), stages - set(ALLOWED)


def test_the_package_root_holds_only_the_facade_the_timeline_the_checker_replan_and_compare() -> (
    None
):
    root = sorted(path.name for path in PACKAGE.glob("*.py") if path.name not in ROOT_EXEMPT)
    assert len(root) <= ROOT_MODULES_AT_MOST, root


@pytest.mark.parametrize(
    ("where", "source", "reason"),
    [
        (
            "check.py",
            "from liftplan.solver.rules import HARD_RULES\n",
            "check may not import solver",
        ),
        ("solver/x.py", "def f():\n    from liftplan.io import season_file\n", "lazy import"),
        ("models/x.py", "from liftplan import errors\n", "models import nothing of ours"),
        ("cli/x.py", "from liftplan.team import batch\n", "cli goes through the facade"),
        ("team/x.py", "from liftplan import api\n", "team may not import the facade"),
        ("explain/x.py", "from ..io.overrides import with_overrides\n", "relative import"),
        ("solver/x.py", "from liftplan.models.plan import Session\n", "the plan is output"),
        ("solver/x.py", "def f():\n    from liftplan.models import Session\n", "re-export"),
        ("team/x.py", "import importlib\nimportlib.import_module('liftplan.api')\n", "dynamic"),
        ("team/x.py", "def f():\n    __import__('liftplan.api')\n", "dynamic import"),
    ],
)
def test_the_walk_finds_a_forbidden_edge(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str, source: str, reason: str
) -> None:
    fake = tmp_path / "liftplan"
    for folder in ("solver", "models", "cli", "team", "explain", "io"):
        (fake / folder).mkdir(parents=True)
        (fake / folder / "__init__.py").write_text("")
    (fake / "models" / "__init__.py").write_text("from liftplan.models.plan import Session\n")
    for module in ("api.py", "errors.py", "io/overrides.py", "io/season_file.py", "models/plan.py"):
        (fake / module).write_text("")
    (fake / "solver" / "rules.py").write_text("")
    (fake / "team" / "batch.py").write_text("")
    path = fake / where
    path.write_text(source)
    monkeypatch.setitem(globals(), "PACKAGE", fake)
    assert len(forbidden_edges([path])) == 1, reason
