"""A plan file where a season (team, scenario) is asked for, and files with nothing in them:
one line naming the file and what it is or needs, exit 2, nothing written, at every command
that reads that kind of file (the io layer's `read_document` and `read_plan` say it once)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import invoke, solve_both_checked

EXAMPLES = Path(__file__).parents[2] / "examples"
SEASON_NEEDS = "a season needs at least `timezone` and `season`"


@pytest.fixture(scope="module")
def solved(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding the sample week's season.yaml and its plan.json and plan.csv, both
    put through `liftplan check`."""
    folder = tmp_path_factory.mktemp("solved")
    season = folder / "season.yaml"
    season.write_text((EXAMPLES / "sample-week.yaml").read_text())
    solve_both_checked(season, folder)
    return folder


def one_line(code: int, out: str, err: str) -> str:
    """The one line a refused command printed (exit 2), wherever it printed it."""
    assert code == 2, out + err
    lines = (out + err).splitlines()
    assert len(lines) == 1 and "Traceback" not in err, lines
    return lines[0].removeprefix("liftplan: ")


def season_commands(season: Path, out: Path) -> dict[str, list[str | Path]]:
    """Every command that reads ``season`` as a season (or a team of one), writing into the
    folder ``out`` where it writes (made here; it must stay empty)."""
    out.mkdir()
    plan = out.parent / "given-plan.json"
    return {
        "solve": ["solve", season, "-o", out / "plan.json"],
        "explain": ["explain", season],
        "check": ["check", season, plan],
        "replan": ["replan", season, plan, "--from", "2026-03-04", "-o", out / "plan.json"],
        "compare": ["compare", season, "--scenario", "two=lifting.per_week.max=2"],
        "validate": ["validate", season],
        "batch": ["batch", season, "-o", out],
    }


COMMANDS = ["solve", "explain", "check", "replan", "compare", "validate", "batch"]


@pytest.mark.parametrize("written", ["plan.csv", "plan.json"])
@pytest.mark.parametrize("command", COMMANDS)
def test_a_plan_given_as_the_season_says_it_is_a_plan(
    solved: Path, tmp_path: Path, command: str, written: str
) -> None:
    """plan.csv read as YAML was "invalid YAML: mapping values are not allowed here" (or a
    roster without an `id` column, at validate and batch); plan.json at batch an INVALID
    athlete with 18 season problems."""
    (tmp_path / "given-plan.json").write_bytes((solved / "plan.json").read_bytes())
    plan = tmp_path / written
    plan.write_bytes((solved / written).read_bytes())
    out = tmp_path / "out"
    line = one_line(*invoke(*season_commands(plan, out)[command]))
    assert line.startswith(f"{plan}: is a plan file, not a "), line
    assert "not a season" in line or "not a team" in line
    assert list(out.iterdir()) == []


EMPTY_SEASONS = {
    "empty.yaml": "",
    "empty.json": "",
    "blank.json": " \n\n",
    "comments.yaml": "# my season, to be written\n\n",
}


@pytest.mark.parametrize("name", list(EMPTY_SEASONS))
@pytest.mark.parametrize("command", COMMANDS)
def test_an_empty_season_file_says_what_a_season_needs(
    solved: Path, tmp_path: Path, command: str, name: str
) -> None:
    """An empty .json was JSON's "line 1: Expecting value"; an empty .yaml "the file is
    empty" without what to write (batch: "expected a mapping")."""
    (tmp_path / "given-plan.json").write_bytes((solved / "plan.json").read_bytes())
    season = tmp_path / name
    season.write_text(EMPTY_SEASONS[name])
    out = tmp_path / "out"
    line = one_line(*invoke(*season_commands(season, out)[command]))
    assert line.startswith(f"{season}: the file is empty: "), line
    assert "`timezone` and `season`" in line
    if command != "batch":  # batch takes a team file too, and says so
        assert line.endswith(f"{SEASON_NEEDS} (its `start`, and `weeks` or `end`)"), line
    assert list(out.iterdir()) == []


def plan_commands(season: Path, plan: Path, out: Path) -> dict[str, list[str | Path]]:
    """Every command that reads ``plan`` as a plan file: check, replan's PLAN and --done."""
    good = season.parent / "plan.json"
    return {
        "check": ["check", season, plan],
        "replan": ["replan", season, plan, "--from", "2026-03-04", "-o", out],
        "replan --done": ["replan", season, good, "--from", "2026-03-04", "--done", plan],
    }


@pytest.mark.parametrize("command", ["check", "replan", "replan --done"])
def test_an_empty_plan_csv_is_one_line_at_every_command_reading_a_plan(
    solved: Path, tmp_path: Path, command: str
) -> None:
    """0 bytes was "missing columns: athlete, week, ..."; the header alone was 12 lines of
    "the easy run is missing" at check (exit 1) and a new plan from nothing at replan."""
    season = solved / "season.yaml"
    out = tmp_path / "new.json"
    empty, header = tmp_path / "empty.csv", tmp_path / "header.csv"
    empty.write_text("")
    header.write_text((solved / "plan.csv").read_text().splitlines()[0] + "\n")
    line = one_line(*invoke(*plan_commands(season, empty, out)[command]))
    assert line == f"{empty}: the file is empty: give the plan.json (or plan.csv) to read"
    line = one_line(*invoke(*plan_commands(season, header, out)[command]))
    assert line == (
        f"{header}: no sessions, only its header row: a plan of this season lists its runs; "
        "give the plan file `liftplan solve` wrote"
    )
    assert not out.exists()


def test_a_season_with_nothing_to_plan_still_checks_its_empty_plan_csv(tmp_path: Path) -> None:
    """No runs, no lift asked: its plan.csv is the header alone, and `check` accepts it (what
    solve writes, check reads), while the same header against a season with runs is refused."""
    season = tmp_path / "season.yaml"
    season.write_text(
        "timezone: UTC\nseason: {start: 2026-03-02, weeks: 1}\n"
        "lifting: {per_week: {min: 0, max: 2, target: 0}}\n"
    )
    _, sessions, rows = solve_both_checked(season, tmp_path)
    assert sessions == [] and rows == []
    with_runs = tmp_path / "runs.yaml"
    with_runs.write_text((EXAMPLES / "sample-week.yaml").read_text())
    line = one_line(*invoke("check", with_runs, tmp_path / "plan.csv"))
    assert line.startswith(f"{tmp_path / 'plan.csv'}: no sessions, only its header row: ")


def test_a_roster_of_its_header_alone_has_no_athletes(tmp_path: Path) -> None:
    """It was "a roster needs an `id` column", which it has; an empty one says it is empty."""
    roster, empty = tmp_path / "roster.csv", tmp_path / "empty.csv"
    roster.write_text("id,name,timezone,season_file\n")
    empty.write_text("")
    for command in (["batch", roster, "-o", tmp_path / "out"], ["validate", roster]):
        line = one_line(*invoke(*command))
        assert line == f"{roster}: no athletes: the roster has its header row only"
    line = one_line(*invoke("batch", empty, "-o", tmp_path / "out"))
    assert line == (
        f"{empty}: the file is empty: a roster needs a header row (id, name, timezone, season_file)"
    )
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("given", ["plan.csv", "empty.yaml", "team.yaml"])
def test_a_scenario_file_that_is_a_plan_a_team_or_empty_is_one_line(
    solved: Path, tmp_path: Path, given: str
) -> None:
    scenario = tmp_path / given
    if given == "plan.csv":
        scenario.write_bytes((solved / "plan.csv").read_bytes())
    elif given == "team.yaml":  # a valid team (was: "defaults: unknown field (and 1 more")
        scenario.write_text(
            "defaults: {timezone: UTC}\n"
            "athletes:\n  - {id: a, season: {start: 2026-03-02, weeks: 2}}\n"
        )
    else:
        scenario.write_text("# nothing changed yet\n")
    line = one_line(*invoke("compare", solved / "season.yaml", "--scenario", f"new={scenario}"))
    kind = {
        "plan.csv": "is a plan file, not a scenario",
        "team.yaml": "is a team file, not a scenario",
    }.get(given, "the file is empty")
    assert line == f"{scenario}: {kind}: a scenario holds the season fields it changes"
