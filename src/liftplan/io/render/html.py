"""The season as one self-contained HTML page: no CDN, no JavaScript, prints cleanly.

A week x day grid with phase bands, hard days marked, runs coloured by kind and lifts by
block and patterned by kind (heavy plain, light striped, deload lined), and a legend of all
of them; on a phone each week becomes a card with a line per day. A race or run that
lasts into the next day shows on each day it touches ("race, day 2 of 2"), and a closed race
week says why it plans no lift. Each lift's workout shows on hover and again in full below
the grid, with the score in words (each term's wish, models/score_terms.py) and the lifts
per week. The layout is ``data/templates/season.html.j2``; this module lays the plan out as
weeks of days for it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from liftplan.io.render.pages import hard_run, render_page
from liftplan.models.plan import LiftKind, Plan, Session
from liftplan.models.score_terms import term_wish
from liftplan.models.season import Season
from liftplan.models.wording import listed, plural

BLOCK_COLOURS = ("#4e79a7", "#f28e2b", "#59a14f", "#b07aa1", "#edc948", "#76b7b2", "#ff9da7")
PHASE_COLOURS = {
    "base": "#eef5ff",
    "build": "#eefaf0",
    "peak": "#fff6e8",
    "taper": "#f6f0ff",
    "race": "#ffeef0",
    "recovery": "#f2f2f2",
    "": "#ffffff",
}


@dataclass(frozen=True)
class Entry:
    """A session as one day's cell shows it: a run crossing midnight or a race of two days
    shows on each date it touches, as ``day`` of ``days``."""

    session: Session
    day: int  # 1-based
    days: int


@dataclass
class Day:
    date: dt.date
    entries: list[Entry]  # what carries on from the day before first, then by start time
    hard: bool  # a hard run touches that day


@dataclass
class Week:
    number: int  # 1-based
    first: dt.date
    closed: str  # why a closed race week plans no lift; '' otherwise
    phase: str  # as shown: "build", or "build (derived)" when derived from an A race
    colour: str  # the phase's band
    block: str  # label of the block, '' outside blocks
    days: list[Day]
    lifts: int
    sets: str = ""  # the week's working sets per pattern: "squat 6 · hinge 6 · calf 3 sets"


# A week row's pattern names in a coach's words (the lunge slot is the single-leg exercise).
PATTERN_WORDS = {"lunge": "single-leg"}


def week_sets(sessions: list[Session]) -> str:
    """The working sets of ``sessions`` per movement pattern, in the order first met:
    ``squat 6 · hinge 6 · single-leg 3 · calf 3 sets``; '' when none has a workout."""
    sets: dict[str, int] = {}
    for session in sessions:
        if session.activity == "lift" and session.workout is not None:
            for exercise in session.workout.exercises:
                pattern = str(exercise.pattern)
                sets[pattern] = sets.get(pattern, 0) + exercise.sets
    if not sets:
        return ""
    return " · ".join(f"{PATTERN_WORDS.get(p, p)} {n}" for p, n in sets.items()) + " sets"


def block_colour(block: str) -> str:
    """A lift's colour: one per routine letter (the block label's last character)."""
    letter = block[-1:] if block else "A"
    return (
        BLOCK_COLOURS[(ord(letter) - ord("A")) % len(BLOCK_COLOURS)] if letter.isalpha() else "#888"
    )


def _weeks(plan: Plan, start: dt.date, count: int) -> list[Week]:
    by_date: dict[dt.date, list[Entry]] = defaultdict(list)
    phase_of_week: dict[int, str] = {}
    for session in plan.sessions:
        dates = session.dates
        for day, date in enumerate(dates, start=1):
            by_date[date].append(Entry(session, day, len(dates)))
        phase_of_week.setdefault(session.week, session.phase)
    closed = {week.week: week.reason for week in plan.closed_weeks}
    block_of_week = {
        week: block.label
        for block in plan.blocks
        for week in range(block.first_week, block.last_week + 1)
    }
    weeks = []
    for number in range(1, count + 1):
        first = start + dt.timedelta(days=7 * (number - 1))
        days = []
        for offset in range(7):
            date = first + dt.timedelta(days=offset)
            entries = sorted(by_date.get(date, []), key=lambda e: (e.day == 1, e.session.start))
            days.append(Day(date, entries, any(hard_run(e.session) for e in entries)))
        span = plan.phase_of_week(number)  # a plan read back from CSV has only the names
        phase = phase_of_week.get(number, "") if span is None else str(span.name)
        label = phase if span is None else span.label  # "build (derived)"
        lifts = plan.lifts_per_week[number - 1] if number <= len(plan.lifts_per_week) else 0
        colour = PHASE_COLOURS.get(phase, "#fff")
        weeks.append(
            Week(
                number,
                first,
                closed.get(number, ""),
                label,
                colour,
                block_of_week.get(number, ""),
                days,
                lifts,
                week_sets([s for s in plan.sessions if s.week == number]),
            )
        )
    return weeks


def _races_text(plan: Plan) -> str:
    """``the A race on 2026-11-22`` (or races) the derived phases come from; '' if none."""
    days = [str(day) for day in plan.phase_races]
    if not days:
        return ""
    return f"the A {plural(len(days), 'race')} on {listed(days)}"


def _phase_legend(weeks: list[Week]) -> list[tuple[str, str]]:
    """(phase as shown, band colour) of each phase the plan has, in season order."""
    seen: dict[str, str] = {}
    for week in weeks:
        if week.phase:
            seen.setdefault(week.phase, week.colour)
    return list(seen.items())


def season_gaps(season: Season) -> list[float]:
    """The run-to-lift gaps (hours) a season wishes for: its own, then any a phase sets."""
    phases = season.effective_phases
    own = [phase.lifting.gap_hours for phase in phases if phase.lifting is not None]
    return list(dict.fromkeys([season.lifting.gap_hours, *(g for g in own if g is not None)]))


def render_html(plan: Plan, gap_hours: float | list[float] | None = None) -> str:
    """The page; ``gap_hours`` (the season's run-to-lift gap, or each phase's) fills the gap
    wish of the score in words ("Leave about 3 hours ..."), which otherwise names it."""
    start = plan.season_start or min((s.date for s in plan.sessions), default=dt.date.today())
    count = max(len(plan.lifts_per_week), max((s.week for s in plan.sessions), default=0))
    weeks = _weeks(plan, start, count)
    return render_page(
        "season.html.j2",
        plan=plan,
        start=start,
        weeks=weeks,
        phases=_phase_legend(weeks),
        has_races=any(s.activity == "run" and s.kind == "race" for s in plan.sessions),
        term_words={term: term_wish(term, gap_hours) for term in plan.score},
        day_names=[(start + dt.timedelta(days=i)).strftime("%a") for i in range(7)],
        legend_colour=BLOCK_COLOURS[0],
        lift_kinds=[LiftKind.HEAVY, LiftKind.LIGHT, LiftKind.DELOAD],
        derived_from=_races_text(plan),
        block_colour=block_colour,
        workouts=[s for s in plan.sessions if s.activity == "lift" and s.workout is not None],
    )
