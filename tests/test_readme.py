"""The README's examples run, and its race tables are the code's tables."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from ruamel.yaml import YAML

from conftest import solve_checked
from liftplan.cli.app import cli
from liftplan.models import Season, Status
from liftplan.models.races import DISTANCE_FROM_MINUTES, RACE_WINDOWS, RaceDistance

ROOT = Path(__file__).parent.parent
README = (ROOT / "README.md").read_text()


def section(title: str) -> str:
    """The README's text from the heading ``title`` to the next heading of any level."""
    start = README.index(f"\n{title}\n")
    following = re.search(r"\n#{2,3} ", README[start + len(title) + 2 :])
    assert following is not None
    return README[start : start + len(title) + 2 + following.start()]


def fenced(text: str, language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", text, flags=re.DOTALL)


def table(text: str, header: str) -> list[list[str]]:
    """The rows of the Markdown table whose header row starts with ``header``."""
    lines = text[text.index(f"\n| {header}") :].strip().splitlines()
    rows = []
    for line in lines[2:]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip("|").split("|")])
    return rows


def test_the_season_file_example_is_a_valid_season() -> None:
    (example,) = fenced(section("## The season file"), "yaml")
    data = YAML(typ="safe", pure=True).load(example)
    season = Season.model_validate(_plain(data))
    assert season.season.weeks == 16 and [p.name for p in season.effective_phases] == [
        "base",
        "build",
        "peak",
        "taper",
    ]
    assert season.races()[0].distance == RaceDistance.MARATHON  # 240 minutes, judged


def _plain(node: object) -> dict[str, object]:
    import datetime as dt

    def walk(value: object) -> object:
        if isinstance(value, dict):
            return {str(walk(k)): walk(v) for k, v in value.items()}
        if isinstance(value, list):
            return [walk(v) for v in value]
        return value.isoformat() if isinstance(value, dt.date) else value

    plain = walk(node)
    assert isinstance(plain, dict)
    return plain


@pytest.fixture(scope="module")
def race_example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    (example,) = fenced(section("### Races"), "yaml")
    path = tmp_path_factory.mktemp("readme") / "season.yaml"
    path.write_text(example)
    return path


def test_the_race_example_solves_as_the_readme_says(race_example: Path) -> None:
    from liftplan import api

    plan = solve_checked(api.load_season(race_example))
    assert plan.status is Status.OPTIMAL
    lifts = {str(lift.date): str(lift.kind) for lift in plan.lifts}
    assert lifts["2026-04-23"] == "light"  # the Thursday before the 10k (B)
    assert "2026-04-27" not in lifts and "2026-04-28" not in lifts  # two days after it
    assert lifts["2026-04-30"] == "light"  # the Thursday after
    phases = [(str(p.name), p.first_week, p.last_week, p.derived) for p in plan.phases]
    assert phases == [
        ("base", 1, 2, True),
        ("build", 3, 4, True),
        ("peak", 5, 6, True),
        ("taper", 7, 8, True),
    ]
    assert [race.priority for race in api.load_season(race_example).races()] == ["B", "A"]


def test_the_race_example_through_the_cli(race_example: Path, tmp_path: Path) -> None:
    plan = tmp_path / "plan.json"
    solved = CliRunner().invoke(cli, ["solve", str(race_example), "-o", str(plan)])
    assert solved.exit_code == 0, solved.stderr
    assert (
        "phases derived from the A race on Sun 31 May: base 1-2, build 3-4, peak 5-6, taper 7-8"
        in solved.stderr
    )
    checked = CliRunner().invoke(cli, ["check", str(race_example), str(plan)])
    assert checked.exit_code == 0, checked.output


def test_the_minutes_table_is_the_code_s() -> None:
    rows = table(section("### Races"), "minutes")
    judged = [RaceDistance(name) for _, name in rows]
    assert judged == [name for _, name in DISTANCE_FROM_MINUTES] + [RaceDistance.MI100]
    lows = [0] + [bound for bound, _ in DISTANCE_FROM_MINUTES]
    for (minutes, _), low in zip(rows, lows, strict=True):
        first = 0 if minutes.startswith("under") else int(re.split(r"[- ]", minutes)[0])
        assert first == low, minutes


def test_the_days_around_a_race_table_is_the_code_s() -> None:
    rows = table(section("### Races"), "distance")
    written = {
        RaceDistance(name): (int(before), int(none), int(light), weeks)
        for name, before, none, light, weeks in rows
    }
    assert written == {
        name: (
            w.light_before,
            w.no_lift_after,
            w.light_after,
            f"{w.taper_weeks} / {w.peak_weeks} / {w.recovery_weeks}",
        )
        for name, w in RACE_WINDOWS.items()
    }


def test_the_worked_example_prints_what_the_readme_shows(tmp_path: Path) -> None:
    text = section("## A worked example")
    summary, csv = fenced(text, "")[:2]
    out = tmp_path / "plan.csv"
    result = CliRunner().invoke(
        cli, ["solve", str(ROOT / "examples" / "sample-week.yaml"), "-o", str(out)]
    )
    assert result.exit_code == 0
    assert result.stderr == summary
    written = out.read_text().splitlines()
    assert csv.splitlines() == written[: len(csv.splitlines())]  # the file's first rows
    # plan.json's first lift: the reasons and the load the paragraph after quotes
    plan = tmp_path / "plan.json"
    result = CliRunner().invoke(
        cli, ["solve", str(ROOT / "examples" / "sample-week.yaml"), "-o", str(plan)]
    )
    lift = next(s for s in json.loads(plan.read_text())["sessions"] if s["activity"] == "lift")
    quoted = re.search(r"each lift carries its reasons,\s*`(\[.*?\])`", text, re.S)
    assert quoted is not None and json.loads(quoted.group(1).replace("\n", " ")) == lift["reasons"]
    load = re.search(r"load \(`(.*?)`\)", text)
    assert load is not None
    assert load.group(1) in {exercise["load"] for exercise in lift["workout"]["exercises"]}


def test_the_infeasible_example_explains_as_the_readme_shows(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(ROOT)  # the README's paths are relative to the checkout
    text = section("### When no plan exists")
    blocks = re.findall(r"^```(\w*)\n(.*?)^```$", text, flags=re.MULTILINE | re.DOTALL)
    (_, command), (_, shown) = blocks[:2]
    args = command.split()[1:]
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 3
    assert result.stdout == shown


def test_the_compare_example_runs_with_the_files_it_names(monkeypatch: pytest.MonkeyPatch) -> None:
    import shlex

    from liftplan.io.overrides import with_overrides

    (example,) = fenced(section("### What if? Comparing scenarios"), "bash")
    words = shlex.split(example.replace("\\\n", " "))
    assert words[:2] == ["liftplan", "compare"]
    monkeypatch.chdir(ROOT)  # the example's paths are from the repository's root
    result = CliRunner().invoke(cli, [*words[1:], "--format", "json"])
    assert result.exit_code == 3, result.stderr  # `strict` has no plan, as the README says
    import json

    table = json.loads(result.stdout)
    assert list(table) == ["base", "two", "strict", "weekdays"]
    assert table["strict"]["reason"] and table["strict"]["metrics"]["objective"] is None
    assert "note: " not in result.stderr  # scenario notes go in the table, not stderr
    assert any("aiming for 2" in change for change in table["two"]["changes"])
    base = api_load(ROOT / "examples" / "marathon-16-weeks.yaml")
    for name, overrides in (
        ("two", ["lifting.per_week.max=2"]),
        ("weekdays", ["availability.weekly.sat=[]"]),
    ):
        plan = solve_checked(with_overrides(base, overrides))
        assert plan.objective == table[name]["metrics"]["objective"]
        assert max(plan.lifts_per_week) == table[name]["metrics"]["lifts/week max"]


def api_load(path: Path) -> Season:
    from liftplan import api

    return api.load_season(path)
