"""A batch athlete planned again without a plan (infeasible now, no room in a joint run,
invalid) leaves no earlier plan file standing for them beside a row that says there is none;
a joint --resume keeps a team whose run left someone without room."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import icalendar
import pytest

from conftest import immutable, invoke, season_data
from liftplan.io.render.writers import SUFFIXES

FORMATS = ("json", "csv", "ics", "html")


def athlete(name: str, **lifting: object) -> dict[str, object]:
    data = season_data(season={"start": "2026-03-02", "weeks": 3, "phases": []})
    data["lifting"] = {**data["lifting"], **lifting}
    return {**data, "id": name}


def batch(team: Path, out: Path, *options: str) -> tuple[int, str]:
    formats = [arg for suffix in FORMATS for arg in ("--format", suffix)]
    code, _, stderr = invoke("batch", team, "-o", out, *formats, *options)
    return code, stderr


def rows(out: Path) -> dict[str, dict[str, str]]:
    with (out / "summary.csv").open(encoding="utf-8") as stream:
        return {row["athlete"]: row for row in csv.DictReader(stream)}


def events(ics: Path) -> list[icalendar.Event]:
    return list(icalendar.Calendar.from_ical(ics.read_text(encoding="utf-8")).walk("VEVENT"))


def checked(team: Path, out: Path, name: str) -> None:
    code, stdout, stderr = invoke("check", team, out / f"{name}.json", "--athlete", name)
    assert code == 0, stdout + stderr


def test_an_athlete_now_infeasible_keeps_no_plan_of_the_last_run(tmp_path: Path) -> None:
    team, out = tmp_path / "team.json", tmp_path / "plans"
    team.write_text(json.dumps({"athletes": [athlete("ana"), athlete("ben")]}))
    assert batch(team, out)[0] == 0
    assert {path.name for path in out.glob("ben.*")} == {f"ben.{s}" for s in FORMATS}
    kept = {path.name: path.read_bytes() for path in out.glob("ana.*")}

    # Ben asks for more lifts a week than his days hold: infeasible now.
    team.write_text(
        json.dumps({"athletes": [athlete("ana"), athlete("ben", per_week={"min": 6, "max": 6})]})
    )
    for options in ((), ("--resume",)):
        code, stderr = batch(team, out, *options)
        assert code == 3, stderr
        assert rows(out)["ben"]["status"] == "INFEASIBLE"
        # His calendar stays, every event cancelled, so a subscribed phone removes them.
        assert [path.name for path in out.iterdir() if path.stem == "ben"] == ["ben.ics"]
        statuses = {str(e.get("STATUS")) for e in events(out / "ben.ics")}
        assert statuses == {"CANCELLED"}
        assert {path.name: path.read_bytes() for path in out.glob("ana.*")} == kept
        checked(team, out, "ana")
    assert ".zip" in SUFFIXES  # every plan format a batch writes is among those removed


def test_plan_files_that_cannot_all_go_all_stay(tmp_path: Path) -> None:
    """A folder where Ben's plan.zip was: none of his files goes, his row stays as it was,
    and the batch says which file (exit 2)."""
    team, out = tmp_path / "team.json", tmp_path / "plans"
    team.write_text(json.dumps({"athletes": [athlete("ana"), athlete("ben")]}))
    assert batch(team, out)[0] == 0
    (out / "ben.zip").mkdir()
    before = {path.name: path.read_bytes() for path in out.iterdir() if path.is_file()}
    team.write_text(
        json.dumps({"athletes": [athlete("ana"), athlete("ben", per_week={"min": 6, "max": 6})]})
    )
    code, stderr = batch(team, out)
    assert code == 2
    said = f"liftplan: {out / 'ben.zip'}: cannot remove: Is a directory"
    assert stderr.strip().splitlines()[-1] == said
    after = {path.name: path.read_bytes() for path in out.iterdir() if path.is_file()}
    assert {n for n in after if n.startswith("ben")} == {n for n in before if n.startswith("ben")}
    assert rows(out)["ben"]["status"] == "OPTIMAL"
    assert not [path.name for path in out.iterdir() if path.name.endswith(".tmp")]


def evening_athlete(name: str, minutes: int = 45) -> dict[str, object]:
    """Free 18:00-19:30 on Monday, Wednesday and Friday only, lifting twice a week."""
    data = athlete(name, per_week={"min": 2, "max": 2}, minutes=minutes)
    evening = ["18:00-19:30"]
    data["availability"] = {"weekly": {"mon": evening, "wed": evening, "fri": evening}}
    data["runs"] = {"weekly": {"sun": {"kind": "easy", "start": "07:00", "minutes": 40}}}
    return data


def test_an_athlete_left_without_room_keeps_no_plan_and_resume_keeps_the_team(
    tmp_path: Path,
) -> None:
    """One place and 90 minutes an evening: two 45-minute lifts fit, 45 and 60 do not."""
    room = {"capacity": 1}
    team, out = tmp_path / "team.json", tmp_path / "plans"
    names = ("ana", "ben")
    team.write_text(json.dumps({"facility": room, "athletes": [evening_athlete(n) for n in names]}))
    code, stderr = batch(team, out, "--joint")
    assert code == 0, stderr
    planned = rows(out)
    assert all(planned[n]["status"] == "OPTIMAL" for n in names), planned
    for name in names:
        checked(team, out, name)

    longer = [evening_athlete("ana"), evening_athlete("ben", minutes=60)]
    team.write_text(json.dumps({"facility": room, "athletes": longer}))
    code, stderr = batch(team, out, "--joint")
    assert code == 4, stderr
    after = rows(out)
    unplaced = [n for n in names if after[n]["status"] == "NO_ROOM"]
    assert unplaced, after
    for name in names:
        files = [path.name for path in out.iterdir() if path.stem == name]
        if name in unplaced:  # the calendar alone, every event cancelled
            assert files == [f"{name}.ics"], files
            assert {str(e.get("STATUS")) for e in events(out / f"{name}.ics")} == {"CANCELLED"}
        else:
            checked(team, out, name)

    before = {path.name: path.read_bytes() for path in out.iterdir()}
    code, stderr = batch(team, out, "--joint", "--resume")
    assert code == 4, stderr
    assert "changed since the last run" not in stderr
    assert {path.name: path.read_bytes() for path in out.iterdir()} == before


def test_a_joint_run_stopped_while_writing_lists_what_it_wrote(tmp_path: Path) -> None:
    """A signal after the second athlete's files: the summary lists their new rows and the
    others' rows as an earlier run left them (their plans are still there), and no
    joint.json stands for a team half re-planned. Before, the summary was the earlier run's
    while plans had changed."""
    from liftplan.io.team_file import load_team
    from liftplan.team.batch import run_joint

    room = {"capacity": 1}
    names = ("ana", "ben", "cy")
    team, out = tmp_path / "team.json", tmp_path / "plans"
    team.write_text(json.dumps({"facility": room, "athletes": [evening_athlete(n) for n in names]}))
    assert batch(team, out, "--joint")[0] == 4  # one of them finds no room
    first = rows(out)

    team.write_text(
        json.dumps({"facility": room, "athletes": [evening_athlete(n, minutes=30) for n in names]})
    )
    loaded = load_team(team, check_athletes=False)
    written: list[str] = []

    def stop_after_two(result: object) -> None:
        written.append(result.athlete)
        if len(written) == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_joint(loaded.athletes, out, loaded.facility, formats=FORMATS, on_result=stop_after_two)
    after = rows(out)
    assert not (out / "joint.json").exists()
    for name in names:
        if name in written:  # planned again, 30 minutes: all three fit now
            assert after[name]["status"] == "OPTIMAL"
            assert after[name]["input_hash"] != first[name]["input_hash"]
            checked(team, out, name)
        else:
            assert after[name] == first[name]


def test_a_calendar_that_cannot_be_rewritten_keeps_every_file(tmp_path: Path) -> None:
    """Ben's plan.ics is immutable: his calendar, every event cancelled, cannot be put in
    place, so his plan.json, .csv and .html, moved aside to go, come back, and his row stays
    as it was (they were deleted, beside a row still saying OPTIMAL)."""
    team, out = tmp_path / "team.json", tmp_path / "plans"
    team.write_text(json.dumps({"athletes": [athlete("ana"), athlete("ben")]}))
    assert batch(team, out)[0] == 0
    before = {path.name: path.read_bytes() for path in out.iterdir()}
    team.write_text(
        json.dumps({"athletes": [athlete("ana"), athlete("ben", per_week={"min": 6, "max": 6})]})
    )
    with immutable(out / "ben.ics"):
        code, stderr = batch(team, out)
    assert code == 2, stderr
    assert stderr.strip().splitlines()[-1].startswith(f"liftplan: {out / 'ben.ics'}: cannot")
    after = {path.name: path.read_bytes() for path in out.iterdir()}
    assert {n: b for n, b in after.items() if n.startswith("ben")} == {
        n: b for n, b in before.items() if n.startswith("ben")
    }
    assert rows(out)["ben"]["status"] == "OPTIMAL"
    assert not [name for name in after if name.endswith(".tmp")]


def test_a_joint_athlete_now_invalid_keeps_a_cancelled_calendar(tmp_path: Path) -> None:
    """As in a solo batch: Ben's season became invalid, his .ics stays, every event
    cancelled (it was deleted, leaving his lifts in a subscribed calendar)."""
    room = {"capacity": 2}
    team, out = tmp_path / "team.json", tmp_path / "plans"
    both = [evening_athlete("ana"), evening_athlete("ben")]
    team.write_text(json.dumps({"facility": room, "athletes": both}))
    assert batch(team, out, "--joint")[0] == 0
    both[1]["timezone"] = "Mars/Base"
    team.write_text(json.dumps({"facility": room, "athletes": both}))
    code, stderr = batch(team, out, "--joint")
    assert code == 2, stderr
    assert rows(out)["ben"]["status"] == "INVALID"
    assert [path.name for path in out.iterdir() if path.stem == "ben"] == ["ben.ics"]
    assert {str(e.get("STATUS")) for e in events(out / "ben.ics")} == {"CANCELLED"}
    checked(team, out, "ana")
