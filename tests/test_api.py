"""The package's public names: the facade's functions, even where a module shares the name."""

from __future__ import annotations

import doctest
import subprocess
import sys
from pathlib import Path

import liftplan
from liftplan import api

ROOT = Path(__file__).parents[1]


def test_public_names_are_the_facade_functions_even_after_their_modules_are_imported() -> None:
    import liftplan.check
    import liftplan.compare
    import liftplan.replan

    for name in ("check", "compare", "explain", "load_season", "replan", "solve"):
        assert getattr(liftplan, name) is getattr(api, name)
        assert callable(getattr(liftplan, name))


def test_the_package_docstring_example_runs() -> None:
    failures, tried = doctest.testmod(liftplan, extraglobs={"__name__": "doc"}, report=True)
    assert tried >= 4 and failures == 0


def test_importing_the_package_does_not_load_the_solver() -> None:
    code = "import sys, liftplan; print('ortools' in sys.modules, 'liftplan.api' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_the_command_line_starts_without_loading_the_solver() -> None:
    """`liftplan --help` and option parsing stay fast: OR-Tools loads only when a command runs."""
    code = (
        "import sys, liftplan.cli; "
        "print('ortools' in sys.modules, 'liftplan.api' in sys.modules, 'pandas' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split()[:2] == ["False", "False"]
