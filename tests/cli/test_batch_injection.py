"""Hostile ids and names (tests/cases/injection, robustness case 12), at the CLI.

One athlete never takes the team down: an id that cannot name a file, or names one of the
batch's own files, is exit 2 for that athlete with one clear line, and the others are
planned with a team page; two athletes with one id are exit 2 for the team file, one line
naming both. No CSV, workbook or summary cell ever starts a formula, and the calendar's
text is escaped as RFC 5545 wants.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
import yaml

from conftest import invoke

CASES = Path(__file__).parents[1] / "cases"
INJECTION = CASES / "injection"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def base_season() -> dict[str, object]:
    data = yaml.safe_load((INJECTION / "base.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return dict(json.loads(json.dumps(data, default=str)))  # dates as text, for JSON files


def cells_of_csv(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


@pytest.mark.parametrize(
    ("case", "code"),
    [
        ("cr", "U+000D"),
        ("ctrl", "U+001B"),
        ("ffff", "U+FFFF"),
        ("newline", "U+000A"),
        ("nul", "U+0000"),
        ("tab", "U+0009"),
    ],
)
def test_an_id_with_an_unprintable_character_is_one_line(
    tmp_path: Path, case: str, code: str
) -> None:
    season = tmp_path / f"season-id-{case}.json"
    shutil.copy(INJECTION / season.name, season)
    outputs = [str(tmp_path / f"plan.{suffix}") for suffix in ("csv", "json", "ics", "xlsx")]
    status, _, err = invoke("solve", str(season), *(arg for o in outputs for arg in ("-o", o)))
    assert status == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"liftplan: {season}: id: ")
    assert code in lines[0]
    assert sorted(p.name for p in tmp_path.iterdir()) == [season.name]  # nothing written


@pytest.mark.parametrize("case", ["formula", "semicolon"])
def test_a_printable_but_hostile_id_is_inert_in_every_format(tmp_path: Path, case: str) -> None:
    season = tmp_path / f"season-id-{case}.json"
    shutil.copy(INJECTION / season.name, season)
    athlete = json.loads(season.read_text())["id"]
    out = {suffix: tmp_path / f"plan.{suffix}" for suffix in ("csv", "json", "ics", "xlsx")}
    status, _, err = invoke(
        "solve", str(season), *(a for p in out.values() for a in ("-o", str(p)))
    )
    assert status == 0, err
    for plan in (out["json"], out["csv"]):  # the plan keeps every rule, read from either file
        code, stdout, stderr = invoke("check", str(season), str(plan))
        assert code == 0, stdout + stderr
    cells = cells_of_csv(out["csv"].read_text(encoding="utf-8"))
    assert not any(cell.startswith(FORMULA_STARTS) for cell in cells)
    workbook = openpyxl.load_workbook(out["xlsx"])
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str) and cell.value.startswith((*FORMULA_STARTS, "'")):
                    assert cell.quotePrefix, (sheet.title, cell.coordinate)  # text, if edited
    # The id exactly as written, with no quote in front (Excel's flag keeps it text).
    ids = {row[0].value for row in workbook["plan"].iter_rows(min_row=2)}
    assert ids == {athlete}
    with zipfile.ZipFile(out["xlsx"]) as archive:  # no formula element anywhere
        assert not any(b"<f>" in archive.read(name) for name in archive.namelist())
    calname = next(
        line
        for line in out["ics"].read_text(encoding="utf-8").splitlines()
        if line.startswith("X-WR-CALNAME:")
    )
    escaped = athlete.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    assert calname == f"X-WR-CALNAME:liftplan: {escaped}"


@pytest.mark.parametrize("athlete", ["@ana", "=1", "-ben", "+x", "'x", "''", "'=1", "a'"])
def test_a_plan_csv_of_an_id_guarded_against_formulas_is_checked_and_replanned(
    tmp_path: Path, athlete: str
) -> None:
    """plan.csv writes such an id after a quote (no formula); reading it back takes exactly
    that quote off, so check and replan see the season's own athlete."""
    season = tmp_path / "season.json"
    season.write_text(json.dumps({**base_season(), "id": athlete}))
    plan_json, plan_csv = tmp_path / "plan.json", tmp_path / "plan.csv"
    status, _, err = invoke("solve", season, "-o", plan_json, "-o", plan_csv)
    assert status == 0, err
    cells = [row[0] for row in csv.reader(io.StringIO(plan_csv.read_text(encoding="utf-8")))]
    guarded = athlete.startswith((*FORMULA_STARTS, "'"))
    assert cells[1:] == [f"'{athlete}" if guarded else athlete] * (len(cells) - 1)
    for plan in (plan_json, plan_csv):
        code, out, err = invoke("check", season, plan)
        assert (code, err) == (0, ""), out + err
        assert out.startswith(f"{plan}: OK, ")
    again_json, again_csv = tmp_path / "again.json", tmp_path / "again.csv"
    code, _, err = invoke(
        "replan", season, plan_csv, "--from", "2026-03-09", "-o", again_json, "-o", again_csv
    )
    assert code == 0, err
    assert json.loads(again_json.read_text())["athlete"] == athlete
    for plan in (again_json, again_csv):  # the lifts before --from kept as history
        code, out, err = invoke("check", season, plan)
        assert code == 0, out + err


def test_hostile_ids_in_a_team_are_each_their_athlete_s_problem(tmp_path: Path) -> None:
    ids = ["ana", "summary", "team", "Joint", "timings", "a\x00b", "semi;colon", "..", "CON"]
    ids += ["../evil", '=HYPERLINK("http://evil.example/")', "\u202etxt.exe", "ok-1.b_2"]
    team = tmp_path / "team.json"
    team.write_text(json.dumps({"defaults": base_season(), "athletes": [{"id": i} for i in ids]}))
    out = tmp_path / "plans"
    status, _, err = invoke("batch", str(team), "-o", str(out), "--format", "xlsx")
    assert status == 2, err
    assert "internal error" not in err
    rows = list(csv.DictReader((out / "summary.csv").open(encoding="utf-8")))
    assert [row["athlete"] for row in rows] == [
        "'" + i if i.startswith(FORMULA_STARTS) else i for i in ids
    ]
    planned = {row["athlete"] for row in rows if row["status"] == "OPTIMAL"}
    # Ids that cannot be a file name as they are get a safe one (each run of other
    # characters becomes "_"); ids with controls, without a letter or digit, or naming the
    # batch's own files or a device are that athlete's error.
    formula = "'" + ids[10]
    assert planned == {"ana", "ok-1.b_2", "semi;colon", "../evil", formula}
    assert {row["status"] for row in rows if row["athlete"] not in planned} == {"INVALID"}
    assert all("id: " in row["error"] for row in rows if row["athlete"] not in planned)
    stems = ["HYPERLINK_http_evil.example_", "ana", "evil", "ok-1.b_2", "semi_colon"]
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [f"{stem}.{suffix}" for stem in stems for suffix in ("json", "xlsx")]
        + ["summary.csv", "team.html", "timings.csv"]
    )
    assert not (tmp_path / "evil.json").exists()  # nothing climbed out of the folder
    text = (out / "summary.csv").read_text(encoding="utf-8")
    assert not any(cell.startswith(FORMULA_STARTS) for cell in cells_of_csv(text))
    for i in ids[1:5]:  # the batch's own files are named in the line
        assert f"athletes[{ids.index(i)}]: id: '{i}' is the name of the batch's own" in err


def test_a_formula_team_is_planned_under_safe_names_and_inert_everywhere(
    tmp_path: Path,
) -> None:
    team = tmp_path / "team-formulas.json"
    shutil.copy(INJECTION / team.name, team)
    data = json.loads(team.read_text())
    data["athletes"].append({"id": "ok", "name": "=1+1"})  # a formula name on a good id
    team.write_text(json.dumps(data))
    out = tmp_path / "plans"
    status, _, err = invoke("batch", str(team), "-o", str(out), "--format", "xlsx")
    assert status == 0, err  # each is planned under a safe file name, every cell inert
    for name in ("summary.csv", "timings.csv", "ok.csv"):
        if (out / name).exists():
            text = (out / name).read_text(encoding="utf-8")
            assert not any(cell.startswith(FORMULA_STARTS) for cell in cells_of_csv(text))
    assert (out / "team.html").is_file() and (out / "ok.xlsx").is_file()
    statuses = [row["status"] for row in csv.DictReader((out / "summary.csv").open())]
    assert statuses == ["OPTIMAL"] * 6
    assert not any(p.name.startswith(FORMULA_STARTS) for p in out.iterdir())


@pytest.mark.parametrize(
    ("name", "line"),
    [
        ("team-dup-ids.json", "athletes[1].id: 'ana' is also the id of athletes[0]"),
        ("team-dup-ids-feasible.json", "athletes[1].id: 'ana' is also the id of athletes[0]"),
        ("team-dup-ids-one-invalid.json", "athletes[1].id: 'ana' is also the id of athletes[0]"),
        (
            "team.json",
            "athletes[15].id: 'a_b' names the same files (a_b.*) as athletes[14] ('a/b')",
        ),
        (
            "team-no-nul-nl.json",
            "athletes[13].id: 'a_b' names the same files (a_b.*) as athletes[12] ('a/b')",
        ),
    ],
)
def test_two_athletes_with_one_id_refuse_the_team_file(
    tmp_path: Path, name: str, line: str
) -> None:
    team = tmp_path / name
    shutil.copy(INJECTION / name, team)
    out = tmp_path / "plans"
    for _ in range(2):  # the same line every time: nothing depends on which job ends first
        status, _, err = invoke("batch", str(team), "-o", str(out))
        assert status == 2
        assert err.strip().splitlines() == [
            f"liftplan: {team}: {line}: each athlete needs an id of their own"
        ]
    assert not out.exists()


def test_case_12_duplicate_ids_in_a_roster_of_look_alikes(tmp_path: Path) -> None:
    shutil.copytree(CASES / "robustness" / "12-duplicate-athlete-ids", tmp_path / "case")
    team = tmp_path / "case" / "team.yaml"
    status, _, err = invoke("batch", str(team), "-o", str(tmp_path / "plans"))
    assert status == 2
    assert err.strip().splitlines() == [
        f"liftplan: {team}: athletes[1].id: 'a_b' names the same files (a_b.*) as "
        "athletes[0] ('a/b'): each athlete needs an id of their own"
    ]
    roster = tmp_path / "roster.csv"
    roster.write_text("id,name\nana,One\nben,Two\nana,Three\n")
    status, _, err = invoke("batch", str(roster), "-o", str(tmp_path / "plans"))
    assert status == 2
    assert err.strip().splitlines() == [
        f"liftplan: {roster}: row 4: id: 'ana' is also the id of row 2: "
        "each athlete needs an id of their own"
    ]


@pytest.mark.parametrize("case", ["season-evil-routines.yaml", "nul-in-a-valid-catalogue"])
def test_a_hostile_catalogue_is_its_athlete_s_problem(tmp_path: Path, case: str) -> None:
    """A NUL, a newline or markup in an exercise name: that athlete is exit 2, the team not."""
    for name in ("routines-evil.json", "season-evil-routines.yaml"):
        shutil.copy(INJECTION / name, tmp_path / name)
    routines = tmp_path / "routines-evil.json"
    if case == "nul-in-a-valid-catalogue":  # only the NUL is wrong with it
        from importlib.resources import files

        catalogue = yaml.safe_load(files("liftplan.data").joinpath("routines.yaml").read_text())
        catalogue["exercises"][0]["name"] = "Pogo\x00hops"
        routines.write_text(json.dumps(catalogue))
    evil = yaml.safe_load((tmp_path / "season-evil-routines.yaml").read_text())
    evil = json.loads(json.dumps(evil, default=str))
    evil["routines"] = str(routines)
    team = tmp_path / "team.json"
    team.write_text(
        json.dumps({"athletes": [{**base_season(), "id": "ana"}, {**evil, "id": "eve"}]})
    )
    out = tmp_path / "plans"
    status, _, err = invoke("batch", str(team), "-o", str(out), "--format", "xlsx")
    assert status == 2, err
    assert "internal error" not in err
    rows = {row["athlete"]: row for row in csv.DictReader((out / "summary.csv").open())}
    assert rows["ana"]["status"] == "OPTIMAL" and rows["eve"]["status"] == "INVALID"
    assert str(routines) in rows["eve"]["error"]
    assert (out / "team.html").is_file() and (out / "ana.xlsx").is_file()


def test_an_id_with_a_line_break_is_reported_on_one_line(tmp_path: Path) -> None:
    season = tmp_path / "season.json"
    season.write_bytes((INJECTION / "season-id-newline.json").read_bytes())
    code, _, said = invoke("batch", season, "-o", tmp_path / "out", "--quiet")
    assert code == 2
    (line,) = [line for line in said.splitlines() if "INVALID" in line]
    assert line.startswith("  semi;colon,comma newline\\backslash: INVALID: ")
    assert "U+000A" in line


@pytest.mark.parametrize("athlete", ["'q", "'=4", "=1", "@ana", "ana"])
def test_plan_xlsx_holds_an_id_exactly_and_marks_what_an_edit_would_read_otherwise(
    tmp_path: Path, athlete: str
) -> None:
    """No visible quote in the workbook; a text that starts like a formula or with a quote
    (which Excel takes for its own mark) carries the quote-prefix flag, the rest does not."""
    season = tmp_path / "season.json"
    season.write_text(json.dumps({**base_season(), "id": athlete}))
    out = tmp_path / "plan.xlsx"
    status, _, err = invoke("solve", season, "-o", out)
    assert status == 0, err
    cell = openpyxl.load_workbook(out)["plan"]["A2"]
    assert (cell.value, cell.data_type) == (athlete, "s")
    assert bool(cell.quotePrefix) == athlete.startswith((*FORMULA_STARTS, "'"))
