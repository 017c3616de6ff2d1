"""Athlete ids compared in Unicode NFC: "José" typed with a combining accent (as a Mac may
type it) is the "José" a team file writes as one letter, for `--athlete` and for the ids
a team file may not hold twice."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from conftest import guide_team, invoke
from liftplan.io.team_file import ROSTER_TEMPLATE

JOSE = "Jos\u00e9"  # one letter é: NFC
JOSE_NFD = unicodedata.normalize("NFD", JOSE)  # e and a combining acute accent


@pytest.mark.parametrize(("written", "typed"), [(JOSE, JOSE_NFD), (JOSE_NFD, JOSE)])
def test_athlete_finds_an_id_typed_in_another_unicode_form(
    tmp_path: Path, written: str, typed: str
) -> None:
    assert written != typed and unicodedata.normalize("NFC", written) == JOSE
    path = guide_team(tmp_path, "ana", written)
    plan = tmp_path / "jose.json"
    code, _, err = invoke("solve", path, "--athlete", typed, "-o", plan)
    assert code == 0, err
    assert json.loads(plan.read_text(encoding="utf-8"))["athlete"] == written  # as the team has it
    code, out, err = invoke("check", path, plan, "--athlete", typed)
    assert code == 0, out + err
    assert out.startswith(f"{plan}: OK, ")
    code, out, err = invoke("explain", path, "--athlete", typed)
    assert code == 0, err


def test_two_ids_equal_in_nfc_are_one_id_twice(tmp_path: Path) -> None:
    """Their plans would be one file (José.json), and --athlete could not tell them apart:
    the team file is refused, for every command, in one line naming the second id."""
    path, out = guide_team(tmp_path, JOSE, "ana", JOSE_NFD), tmp_path / "plans"
    problem = (
        f"{path}: athletes[2].id: {JOSE_NFD!r} is also the id of athletes[0], its letters in "
        f"another Unicode form ({JOSE_NFD!a}, {JOSE!a}): each athlete needs an id of their own"
    )
    code, stdout, err = invoke("batch", path, "-o", out)
    assert (code, stdout, err) == (2, "", f"liftplan: {problem}\n")
    assert not out.exists()
    code, stdout, err = invoke("solve", path, "--athlete", "ana", "-o", tmp_path / "ana.json")
    assert (code, stdout, err) == (2, "", f"liftplan: {problem}\n")
    assert not (tmp_path / "ana.json").exists()
    code, stdout, _ = invoke("validate", path)
    assert code == 2 and problem in stdout.splitlines()


def test_a_roster_with_one_id_in_two_unicode_forms_is_refused(tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    text = ROSTER_TEMPLATE.replace("\nana,", f"\n{JOSE},").replace("\nben,", f"\n{JOSE_NFD},")
    roster.write_text(text, encoding="utf-8")
    code, stdout, err = invoke("batch", roster, "-o", tmp_path / "plans")
    assert (code, stdout) == (2, "")
    assert err.count("\n") == 1
    assert err.startswith(f"liftplan: {roster}: row 3: id: {JOSE_NFD!r} is also the id of row 2")
    assert not (tmp_path / "plans").exists()


def test_an_id_typed_with_a_combining_accent_names_its_files_in_nfc(tmp_path: Path) -> None:
    """``José.json``, as the one-letter "José" would be named, not ``Jose_.json`` (a
    combining accent is no letter to name a file by)."""
    path, out = guide_team(tmp_path, JOSE_NFD), tmp_path / "plans"
    code, _, err = invoke("batch", path, "-o", out, "--quiet")
    assert code == 0, err
    assert sorted(p.name for p in out.glob("Jos*")) == [f"{JOSE}.csv", f"{JOSE}.json"]
    code, stdout, err = invoke("check", path, out / f"{JOSE}.json", "--athlete", JOSE_NFD)
    assert code == 0, stdout + err
