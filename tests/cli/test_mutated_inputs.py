"""Mutated season, team and plan files keep the CLI's promise (Hypothesis).

Valid files are mutated in their structure (a field dropped, added, or given a value of
another type), their values (numbers, dates, times, text at any leaf) and their bytes (bytes
flipped, cut or inserted), then run through the CLI. The contract:

- `solve`: exit 0 with a plan `check` accepts, 3 (infeasible, with a diagnosis), or exit 2
  with exactly one line; never exit 1, never a traceback, never a file written on exit 2;
- `batch` of a mutated team file: never exit 1 or a traceback; exit 2 is one line;
- `check` of a mutated plan: the plan is judged (0, or 1 listing violations) or refused in
  one line (exit 2); never an internal error or a traceback.

Profiles: ``ci`` (the default, under a minute) and ``long`` for local hunting, chosen with
the environment variable ``LIFTPLAN_HYPOTHESIS_PROFILE``, e.g.
``LIFTPLAN_HYPOTHESIS_PROFILE=long python -m pytest tests/cli/test_mutated_inputs.py``.
"""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import season_data
from liftplan.cli import cli

settings.register_profile(
    "ci",
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.register_profile(
    "long",
    max_examples=1000,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
PROFILE = os.environ.get("LIFTPLAN_HYPOTHESIS_PROFILE", "ci")

SEASON = season_data()
TEAM = {
    "defaults": {key: value for key, value in season_data().items() if key != "id"},
    "athletes": [{"id": "ana", "name": "Ana"}, {"id": "ben", "lifting": {"minutes": 30}}],
}

LEAVES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(
        [
            "2026-02-29",
            "2026-13-01",
            "9999-12-31",
            "0001-01-01",
            "24:00",
            "07:00-06:00",
            "00:00-24:00",
            "",
            "\x00",
            "race",
            "easy",
            "UTC",
            "../../etc/passwd",
            "1e400",
        ]
    ),
    st.text(max_size=12),
)
VALUES = st.recursive(
    LEAVES,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=6,
)


def paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a value inside ``node`` (keys of mappings, indexes of lists)."""
    found = [prefix] if prefix else []
    if isinstance(node, dict):
        for key, value in node.items():
            found += paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += paths(value, (*prefix, index))
    return found


@st.composite
def mutated_document(draw: st.DrawFn, document: dict[str, Any]) -> dict[str, Any]:
    """``document`` with one to three changes of structure or value."""
    data = copy.deepcopy(document)
    for _ in range(draw(st.integers(1, 3))):
        where = draw(st.sampled_from(paths(data)))
        parent: Any = data
        for part in where[:-1]:
            parent = parent[part]
        last = where[-1]
        action = draw(st.sampled_from(["replace", "drop", "add"]))
        if action == "drop" and isinstance(parent, dict):
            del parent[last]
        elif action == "add" and isinstance(parent, dict):
            parent[draw(st.text(min_size=1, max_size=8))] = draw(VALUES)
        else:
            parent[last] = draw(VALUES)
    return data


@st.composite
def mutated_bytes(draw: st.DrawFn, text: str) -> bytes:
    """``text`` as UTF-8 with bytes flipped, cut or inserted."""
    data = bytearray(text.encode("utf-8"))
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, max(0, len(data) - 1)))
        action = draw(st.sampled_from(["flip", "cut", "insert", "truncate"]))
        if action == "flip" and data:
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif action == "cut":
            del data[at : at + draw(st.integers(1, 20))]
        elif action == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=8))
        else:
            del data[at:]
    return bytes(data)


def as_yaml_or_json(data: dict[str, Any], suffix: str) -> str:
    # JSON is valid YAML 1.2, so one dump serves both readers
    return json.dumps(data, default=str, allow_nan=True)


def assert_one_line(stderr: str) -> None:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("liftplan: "), stderr


def assert_no_crash(code: int, stderr: str) -> None:
    assert "Traceback" not in stderr and "internal error" not in stderr, stderr


def solve_contract(folder: Path, season: Path) -> None:
    out = folder / "out" / "plan.json"
    out.parent.mkdir(exist_ok=True)
    out.unlink(missing_ok=True)
    result = CliRunner().invoke(cli, ["solve", str(season), "-o", str(out), "--time-limit", "20"])
    assert_no_crash(result.exit_code, result.stderr)
    assert result.exit_code in (0, 2, 3), (result.exit_code, result.stderr)
    if result.exit_code == 2:
        assert_one_line(result.stderr)
        assert not out.exists()
    elif result.exit_code == 0:
        checked = CliRunner().invoke(cli, ["check", str(season), str(out)])
        assert checked.exit_code == 0, checked.output + checked.stderr


@settings(settings.get_profile(PROFILE))
@given(data=mutated_document(SEASON), suffix=st.sampled_from([".yaml", ".json"]))
def test_a_mutated_season_is_planned_or_refused_in_one_line(
    data: dict[str, Any], suffix: str, tmp_path: Path
) -> None:
    season = tmp_path / f"season{suffix}"
    season.write_text(as_yaml_or_json(data, suffix), encoding="utf-8")
    solve_contract(tmp_path, season)


@settings(settings.get_profile(PROFILE))
@given(raw=mutated_bytes(json.dumps(SEASON, indent=1)), suffix=st.sampled_from([".yaml", ".json"]))
def test_a_season_with_broken_bytes_is_planned_or_refused_in_one_line(
    raw: bytes, suffix: str, tmp_path: Path
) -> None:
    season = tmp_path / f"season{suffix}"
    season.write_bytes(raw)
    solve_contract(tmp_path, season)


# Each team example runs a whole batch (a worker process and every athlete): fewer of them,
# so the CI profile stays under a minute; the long profile keeps a fifth of its examples.
TEAM_EXAMPLES = max(10, settings.get_profile(PROFILE).max_examples // 5)


@settings(settings.get_profile(PROFILE), max_examples=TEAM_EXAMPLES)
@given(data=mutated_document(TEAM))
def test_a_mutated_team_never_crashes_the_batch(data: dict[str, Any], tmp_path: Path) -> None:
    team = tmp_path / "team.yaml"
    team.write_text(json.dumps(data, default=str), encoding="utf-8")
    out = tmp_path / "plans"
    result = CliRunner().invoke(
        cli, ["batch", str(team), "-o", str(out), "--jobs", "1", "--time-limit", "20"]
    )
    assert_no_crash(result.exit_code, result.stderr)
    assert result.exit_code in (0, 2, 3), (result.exit_code, result.stderr)
    if result.exit_code == 2 and not out.exists():
        assert_one_line(result.stderr)


@pytest.fixture(scope="module")
def planned(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    folder = tmp_path_factory.mktemp("planned")
    season = folder / "season.json"
    season.write_text(json.dumps(SEASON), encoding="utf-8")
    out = folder / "plan.json"
    result = CliRunner().invoke(cli, ["solve", str(season), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    return season, json.loads(out.read_text(encoding="utf-8"))


@settings(settings.get_profile(PROFILE))
@given(data=st.data())
def test_a_mutated_plan_is_judged_or_refused_in_one_line(
    data: st.DataObject, planned: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    season, plan = planned
    mutated = data.draw(mutated_document(plan))
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(mutated, default=str), encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(season), str(path)])
    assert_no_crash(result.exit_code, result.stderr)
    assert result.exit_code in (0, 1, 2), (result.exit_code, result.stderr)
    if result.exit_code == 2:
        assert_one_line(result.stderr)
