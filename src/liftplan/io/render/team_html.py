"""The team at a glance: athletes by day, lifts and hard runs marked, one self-contained page.

Each athlete's plan is read back from the ``<file>.json`` the batch wrote beside the summary;
the layout is ``data/templates/team.html.j2``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from liftplan.io.render.pages import render_page
from liftplan.models.plan import LiftKind, Plan

SOLVED = ("OPTIMAL", "FEASIBLE")


@dataclass
class Cell:
    day: dt.date
    css: str  # L lift, C core, H a hard run, week on the first day of a week
    text: str  # L, C or ''


@dataclass
class Row:
    athlete: str
    status: str  # as in the summary: OPTIMAL, FEASIBLE, INFEASIBLE, UNKNOWN, INVALID
    lifts: str  # how many, '' without a plan
    cells: list[Cell]  # one per day of the page

    @property
    def solved(self) -> bool:
        return self.status in SOLVED


def _plan(directory: Path, row: dict[str, str]) -> Plan | None:
    if row["status"] not in SOLVED:
        return None
    try:
        return Plan.model_validate_json((directory / f"{row['file']}.json").read_bytes())
    except (OSError, ValueError):  # a missing or broken file leaves the row blank
        return None


def _marks(plan: Plan | None) -> dict[dt.date, set[str]]:
    """Per day, what the athlete does: L a lift, C a core session, H a hard run."""
    marks: dict[dt.date, set[str]] = {}
    for session in plan.sessions if plan else []:
        cell = marks.setdefault(session.date, set())
        if session.activity == "lift":
            cell.add("C" if session.kind is LiftKind.CORE else "L")
        elif session.hard:
            cell.add("H")
    return marks


def _cell(day: dt.date, marks: set[str], week_starts: bool) -> Cell:
    classes = " ".join(sorted(marks - {"H"}) + (["H"] if "H" in marks else []))
    if week_starts:
        classes += " week"
    text = "L" if "L" in marks else "C" if "C" in marks else ""
    return Cell(day, classes.strip(), text)


def render_team(directory: Path, rows: list[dict[str, str]]) -> str:
    """The page of the batch summary ``rows``; solved plans are read from ``directory``."""
    marks = {row["athlete"]: _marks(_plan(directory, row)) for row in rows}
    days = sorted({day for athlete in marks.values() for day in athlete})
    first = days[0] if days else dt.date.today()
    week_starts = [(day - first).days % 7 == 0 for day in days]
    table = [
        Row(
            row["athlete"],
            row["status"],
            row.get("lifts", ""),
            [
                _cell(day, marks[row["athlete"]].get(day, set()), starts)
                for day, starts in zip(days, week_starts, strict=True)
            ],
        )
        for row in rows
    ]
    return render_page(
        "team.html.j2", rows=table, columns=list(zip(days, week_starts, strict=True))
    )
