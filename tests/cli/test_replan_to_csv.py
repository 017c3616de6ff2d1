"""`check` accepts a re-plan written as plan.csv as it accepts its plan.json: the CSV says
which sessions are history (those before --from) in their notes, the one thing a re-plan
records beyond SPEC's columns (`Plan.replanned_from`)."""

from __future__ import annotations

import csv
from pathlib import Path

from conftest import invoke, solve_both_checked

EXAMPLES = Path(__file__).parents[2] / "examples"
MARK = "history, re-planned from"


def season_of(folder: Path, weeks: int = 1) -> Path:
    """The guide's sample week (Mon 2026-03-02, lifts on Tue and Thu evenings), ``weeks``
    long, as ``folder``/season.yaml."""
    season = folder / "season.yaml"
    text = (EXAMPLES / "sample-week.yaml").read_text()
    season.write_text(text.replace("weeks: 1", f"weeks: {weeks}"))
    return season


def done_file(folder: Path, plan_csv: Path, lifts: dict[str, tuple[str, str]]) -> Path:
    """``folder``/done.csv: the plan's rows of ``lifts``' dates, each lift at the (start,
    end) given (local times with offsets); ``{}``: its first week's runs only, no lift."""
    with plan_csv.open(newline="") as stream:
        rows = list(csv.DictReader(stream))
    kept = []
    for row in rows:
        if row["activity"] == "lift" and row["date"] in lifts and row["kind"] != "core":
            row["start"], row["end"] = lifts[row["date"]]
            kept.append(row)
        elif not lifts and row["activity"] == "run" and row["week"] == "1":
            kept.append(row)
    done = folder / "done.csv"
    with done.open("w", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(kept)
    return done


def checked(season: Path, *plans: Path) -> None:
    """`liftplan check SEASON PLAN` passes (exit 0) for each of ``plans``."""
    for plan in plans:
        code, out, err = invoke("check", season, plan)
        assert code == 0, out + err
        assert out.startswith(f"{plan}: OK, "), out


def replanned(folder: Path) -> tuple[Path, Path, Path]:
    """The sample week re-planned from Wed 2026-03-04, its Tuesday lift done at 08:00,
    outside the evening window (history, kept where it was): (season, plan.csv, plan.json)."""
    season = season_of(folder)
    solve_both_checked(season, folder)
    done = done_file(
        folder,
        folder / "plan.csv",
        {"2026-03-03": ("2026-03-03T08:00:00-05:00", "2026-03-03T08:45:00-05:00")},
    )
    new_csv, new_json = replanned_with(season, done, "2026-03-04")
    return season, new_csv, new_json


def replanned_with(season: Path, done: Path, start: str) -> tuple[Path, Path]:
    """`replan` of the plan.json next to ``season`` from ``start`` with ``--done``, to
    new.csv and new.json there (exit 0)."""
    folder = season.parent
    new_csv, new_json = folder / "new.csv", folder / "new.json"
    code, _, err = invoke(
        "replan", season, folder / "plan.json", "--from", start, "--done", done,
        "-o", new_csv, "-o", new_json,
    )  # fmt: skip
    assert code == 0, err
    return new_csv, new_json


def test_a_replan_with_a_lift_done_elsewhere_checks_as_csv_too(tmp_path: Path) -> None:
    """plan.csv lost that the Tuesday lift is history: `check` found it outside the window
    (an availability violation), and only plan.json passed."""
    season, new_csv, new_json = replanned(tmp_path)
    checked(season, new_json, new_csv)
    with new_csv.open(newline="") as stream:
        rows = list(csv.DictReader(stream))
    lift = next(row for row in rows if row["activity"] == "lift" and row["date"] == "2026-03-03")
    assert lift["start"] == "2026-03-03T08:00:00-05:00"
    # What a coach reads: every session before --from is history, the lifts' own notes after.
    before = [row["notes"] for row in rows if row["date"] < "2026-03-04"]
    assert before and all(notes.startswith(f"{MARK} 2026-03-04") for notes in before)
    assert lift["notes"].startswith(f"{MARK} 2026-03-04 | ") and len(lift["notes"]) > 40
    assert not any(MARK in row["notes"] for row in rows if row["date"] >= "2026-03-04")
    # The CSV is a plan to re-plan again, and what was done: history still, checked.
    again = tmp_path / "again.csv"
    code, _, err = invoke(
        "replan", season, new_csv, "--from", "2026-03-05", "--done", new_csv, "-o", again
    )
    assert code == 0, err
    checked(season, again)


def test_weeks_lived_without_a_lift_check_as_csv_too(tmp_path: Path) -> None:
    """Two weeks without a lift done (an injury): a week lived needs no minimum. The CSV
    lost when its re-plan started; `check` said "week 1 has 0 lifts, min 2"."""
    season = season_of(tmp_path, weeks=3)
    solve_both_checked(season, tmp_path)
    done = done_file(tmp_path, tmp_path / "plan.csv", {})
    new_csv, new_json = replanned_with(season, done, "2026-03-16")
    checked(season, new_json, new_csv)


def test_a_csv_whose_history_contradicts_itself_is_one_line(tmp_path: Path) -> None:
    """A hand edit that marks a session after --from as history, or gives another date:
    one line naming the row's notes, exit 2 (not a check of the wrong sessions)."""
    season, new_csv, _ = replanned(tmp_path)
    lines = new_csv.read_text().splitlines()
    after = next(i for i, line in enumerate(lines) if ",2026-03-05," in line and ",run," in line)
    marked = lines[after].rsplit(",", 1)[0] + f',"{MARK} 2026-03-04"'
    other = lines[2].replace(f"{MARK} 2026-03-04", f"{MARK} 2026-03-05")
    assert other != lines[2]
    for row, edited, problem in (
        (after + 1, marked, "2026-03-05 is history of a re-plan from 2026-03-04, not before it"),
        (3, other, "re-planned from 2026-03-05, an earlier row from 2026-03-04"),
    ):
        bad = tmp_path / "bad.csv"
        bad.write_text("\n".join([*lines[: row - 1], edited, *lines[row:]]) + "\n")
        code, out, err = invoke("check", season, bad)
        assert code == 2, out + err
        assert err.splitlines() == [
            f"liftplan: {bad}: row {row}.notes: {problem} (inconsistent plan file)"
        ]


def test_history_dated_outside_the_season_is_one_line_not_a_pass(tmp_path: Path) -> None:
    """Found by a breaker session: every row of a plan.csv marked as history of a re-plan
    from after the season's last day (or plan.json's replanned_from set so) made every lift
    history, held to no rule of where a lift goes: check passed a lift on a day with no
    window. Now one line naming the field, exit 2."""
    season = season_of(tmp_path)  # Mon 2026-03-02 to Sun 2026-03-08
    solve_both_checked(season, tmp_path)
    plan_json, plan_csv = tmp_path / "plan.json", tmp_path / "plan.csv"
    rows = list(csv.reader(plan_csv.open(newline="")))
    for row in rows[1:]:
        row[-1] = f"{MARK} 2026-03-09 | {row[-1]}"
    marked = tmp_path / "marked.csv"
    with marked.open("w", newline="") as stream:
        csv.writer(stream).writerows(rows)
    data = plan_json.read_text().replace('"replanned_from": null', '"replanned_from": "2026-03-09"')
    assert "2026-03-09" in data
    dated = tmp_path / "dated.json"
    dated.write_text(data)
    for path, field in ((marked, "notes"), (dated, "replanned_from")):
        code, out, err = invoke("check", season, path)
        assert (code, out) == (2, ""), err
        assert err.splitlines() == [
            f"liftplan: {path}: {field}: history of a re-plan from 2026-03-09, outside the "
            "season (2026-03-02 to 2026-03-08): a re-plan's --from lies inside it"
        ]
