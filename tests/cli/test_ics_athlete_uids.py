"""Calendar UIDs are one athlete's own: ids that differ only in characters a UID did not
keep (`李雷` and `王芳`, both "athlete-..." before; `x/y` and `x-y`) get UIDs of their own,
percent-encoded (`%E6%9D%8E%E9%9B%B7-w001-lift1@liftplan`), while an id made of ASCII
letters, digits, `.`, `_` and `-` keeps the UIDs it always had (calendars imported before
keep updating)."""

from __future__ import annotations

import unicodedata
from pathlib import Path
from urllib.parse import quote, unquote

import icalendar
import yaml

from conftest import guide_team, invoke

IDS = {"李雷": "李雷", "王芳": "王芳", "x/y": "x_y", "x-y": "x-y", "sam": "sam"}  # id -> stem


def uids(ics: Path) -> list[str]:
    calendar = icalendar.Calendar.from_ical(ics.read_text(encoding="utf-8"))
    return [str(event["UID"]) for event in calendar.walk("VEVENT")]


def batch_ics(team: Path, out: Path) -> None:
    code, _, err = invoke("batch", team, "-o", out, "--format", "ics", "--quiet")
    assert code == 0, err
    for athlete, stem in IDS.items():
        code, stdout, err = invoke("check", team, out / f"{stem}.json", "--athlete", athlete)
        assert code == 0, stdout + err


def test_every_athlete_of_a_team_has_uids_of_their_own(tmp_path: Path) -> None:
    team, out = guide_team(tmp_path, *IDS), tmp_path / "plans"
    batch_ics(team, out)
    found = {athlete: uids(out / f"{stem}.ics") for athlete, stem in IDS.items()}
    every = [uid for listed in found.values() for uid in listed]
    assert len(every) == len(set(every)) > 5 * 10  # no UID in two calendars, nor twice in one
    for athlete, listed in found.items():
        part = quote(athlete, safe="")  # as written for an ASCII id of letters, digits, .-_
        for uid in listed:  # the athlete's part, then what the event is
            assert uid.startswith(f"{part}-") and uid.endswith("@liftplan"), (athlete, uid)
    assert unquote("%E6%9D%8E%E9%9B%B7") == "李雷"
    assert "%E6%9D%8E%E9%9B%B7-w001-lift1@liftplan" in found["李雷"]
    assert "x%2Fy-w001-lift1@liftplan" in found["x/y"]
    assert "x-y-w001-lift1@liftplan" in found["x-y"]
    # An ASCII id keeps the UIDs of calendars imported before.
    assert {"sam-w001-lift1@liftplan", "sam-2026-03-02-run1@liftplan"} <= set(found["sam"])


def test_another_athletes_calendar_in_the_folder_is_not_taken_as_theirs(tmp_path: Path) -> None:
    """李雷 (lifting once a week) finds 王芳's calendar (twice a week) where theirs was, a
    coach's copy gone wrong: 李雷's new calendar neither cancels nor carries over 王芳's
    events; it is what the first batch wrote. Before, both were "athlete-...", and 李雷's
    calendar took 王芳's as theirs and cancelled 王芳's second lifts under 王芳's UIDs."""
    team, out = guide_team(tmp_path, *IDS), tmp_path / "plans"
    document = yaml.safe_load(team.read_text(encoding="utf-8"))
    once = {"min": 1, "max": 1, "target": 1}
    document["athletes"][0]["lifting"] = {"per_week": once, "minutes": 45}
    team.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    batch_ics(team, out)
    first = (out / "李雷.ics").read_bytes()
    assert "w001-lift2" not in first.decode("utf-8")
    assert "w001-lift2" in (out / "王芳.ics").read_text(encoding="utf-8")
    (out / "李雷.ics").write_bytes((out / "王芳.ics").read_bytes())
    (out / "summary.csv").unlink()  # nothing up to date: every athlete is planned again
    batch_ics(team, out)
    assert (out / "李雷.ics").read_bytes() == first
    assert "CANCELLED" not in first.decode("utf-8")


def test_an_id_typed_with_a_combining_accent_has_the_uids_of_its_nfc_form(
    tmp_path: Path,
) -> None:
    """`José` typed either way is one athlete (one file name): one UID part, from NFC
    (before, "Jos-..." typed with one letter é, "Jose-..." with a combining accent)."""
    nfc = "Jos\u00e9"
    nfd = unicodedata.normalize("NFD", nfc)
    team, out = guide_team(tmp_path, nfd), tmp_path / "plans"
    code, _, err = invoke("batch", team, "-o", out, "--format", "ics", "--quiet")
    assert code == 0, err
    code, stdout, err = invoke("check", team, out / f"{nfc}.json", "--athlete", nfd)
    assert code == 0, stdout + err
    assert "Jos%C3%A9-w001-lift1@liftplan" in uids(out / f"{nfc}.ics")
