"""`liftplan batch --format ics` keeps the SPEC's plan.ics promises across runs into the same
folder (a lift keeps its UID; a dropped lift is written cancelled, SEQUENCE up), and reads
each athlete's earlier calendar in that folder, never a plan.ics of the working directory."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import icalendar
import pytest
import yaml

from conftest import invoke

EXAMPLE = Path(__file__).parents[2] / "examples" / "marathon-16-weeks.yaml"


def team(path: Path, **sam_lifting: Any) -> Path:
    """Sam and Ana on the bundled marathon season; Sam's lifting changed by ``sam_lifting``."""
    season = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    sam = {**season, "id": "sam", "lifting": {**season["lifting"], **sam_lifting}}
    path.write_text(yaml.safe_dump({"athletes": [sam, {**season, "id": "ana"}]}))
    return path


def events(ics: Path) -> dict[str, tuple[str, int, object]]:
    """UID -> (STATUS, SEQUENCE, DTSTART) of every event."""
    calendar = icalendar.Calendar.from_ical(ics.read_text(encoding="utf-8"))
    return {
        str(e["UID"]): (str(e.get("STATUS", "")), int(e.get("SEQUENCE", 0)), e.decoded("DTSTART"))
        for e in calendar.walk("VEVENT")
    }


def batch(team_file: Path, out: Path) -> None:
    code, _, err = invoke("batch", team_file, "-o", out, "--format", "ics")
    assert code == 0, err
    for name in ("sam", "ana"):
        code, stdout, err = invoke("check", team_file, out / f"{name}.json", "--athlete", name)
        assert code == 0, stdout + err


def test_a_plan_ics_in_the_working_folder_is_not_the_athletes_calendar(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Sam's own plan.ics (three lifts a week) where the coach runs the batch, Sam now
    lifting twice a week: before, Sam's new calendar cancelled the third lifts of a file
    that is not the batch's (and, before calendars kept to their athlete, Ana's cancelled
    all of Sam's events)."""
    monkeypatch.chdir(tmp_path)
    code, _, err = invoke("solve", EXAMPLE, "-o", tmp_path / "plan.ics")
    assert code == 0, err
    out = tmp_path / "plans"
    batch(team(tmp_path / "team.yaml", per_week={"min": 2, "max": 2, "target": 2}), out)
    for name in ("sam", "ana"):
        assert {status for status, _, _ in events(out / f"{name}.ics").values()} == {""}


def test_a_second_batch_moves_and_cancels_only_what_changed(tmp_path: Path) -> None:
    out = tmp_path / "plans"
    batch(team(tmp_path / "team.yaml"), out)
    before = {name: events(out / f"{name}.ics") for name in ("sam", "ana")}
    ana_bytes = (out / "ana.ics").read_bytes()

    # Sam now lifts at most twice a week: a third lift of most weeks goes.
    batch(team(tmp_path / "team.yaml", per_week={"min": 2, "max": 2, "target": 2}), out)
    after = events(out / "sam.ics")
    assert (out / "ana.ics").read_bytes() == ana_bytes  # unchanged season, same bytes
    cancelled = [uid for uid, (status, _, _) in after.items() if status == "CANCELLED"]
    assert len(cancelled) >= 10
    for uid in cancelled:  # only lifts Sam had, cancelled one step up
        assert "-lift" in uid and after[uid][1] == before["sam"][uid][1] + 1
    assert set(before["sam"]) <= set(after)  # no earlier event simply vanishes
    kept = {uid for uid in before["sam"] if uid not in cancelled}
    for uid in kept:  # the same event; one step up where it moved (or its workout changed)
        status, sequence, start = after[uid]
        _, earlier, was = before["sam"][uid]
        assert status == "" and sequence in (earlier, earlier + 1)
        assert start == was or sequence == earlier + 1
    assert any(after[uid][2] == before["sam"][uid][2] for uid in kept)
    plan = json.loads((out / "sam.json").read_text(encoding="utf-8"))
    ids = {f"sam-{s['lift_id']}@liftplan" for s in plan["sessions"] if s["activity"] == "lift"}
    assert ids == {uid for uid in after if "-lift" in uid or "-core" in uid} - set(cancelled)
