"""The team at a glance: a table per week, every day of it, each athlete's lift times.

Each athlete's days come from the batch's worker (`calendar_of`, made beside the plan), or
else from the ``<file>.json`` the batch wrote beside the summary (a plan kept by --resume).
Every week shows all seven days with their dates (a day nobody lifts on still has its
column, so a coach reads the same grid every week) and a row for each athlete whose plan
spans it; a cell holds the start of each lift (``17:30``), ``core`` for a core-only session
and ``race`` on a race day, a hard run underlined. Athletes without a plan are listed above
the weeks with the reason the batch gave (INFEASIBLE: the clash; INVALID: the file's
problem), then the team's notes (a group without a session in a week, and why); a group
session's cell names the group (``17:30 squad``). The layout is
``data/templates/team.html.j2``.
"""

from __future__ import annotations

import datetime as dt
import html
import itertools
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markupsafe import Markup

from liftplan.models.plan import LiftKind, Plan, Session, iso_date

# The page itself is rendered by Jinja2 (io/render/pages.py), imported by `render_team` or
# `prepare_page`: a batch's workers use this module for `calendar_of` only, and the batch
# loads the template while they solve rather than before its first job (issue 18).
TEMPLATE = "team.html.j2"

SOLVED = ("OPTIMAL", "FEASIBLE")


@dataclass
class Cell:
    day: dt.date
    css: str  # L a lift, C a core session, H a hard run, R a race; space-separated
    text: str  # the lifts' start times, 'core', 'race' or ''
    title: str  # the day's sessions in words, for a hover
    # The cell's ``<td>`` and its line end, escaped as the page escapes every value. Made
    # with the cell: in a batch's worker, beside the plan, so the page is only joined at the
    # end; a week's empty cell is made once and shared by every athlete free that day.
    html: str = field(init=False, repr=False)

    def __post_init__(self) -> None:
        escape = html.escape
        self.html = (
            f'<td class="{escape(self.css)}" title="{escape(self.title)}">'
            f"{escape(self.text)}</td>\n"
        )


@dataclass
class Calendar:
    """One athlete's part of the page: the first and last day of their plan, and the cell
    of each day that has a session (any other day is an empty cell). Small and picklable,
    so a batch's worker makes it and the page is only assembled at the end."""

    span: tuple[dt.date, dt.date] | None
    cells: dict[dt.date, Cell]

    def __reduce__(self) -> tuple[object, ...]:
        """Pickled as plain tuples, the cells' markup as made (not escaped again): a batch's
        worker sends one calendar per athlete, in half the time of a dataclass per cell,
        and the batch reads it back in a third."""
        cells = tuple(
            (day, cell.day, cell.css, cell.text, cell.title, cell.html)
            for day, cell in self.cells.items()
        )
        return _unpickled, (self.span, cells)


def _unpickled(
    span: tuple[dt.date, dt.date] | None, cells: tuple[tuple[Any, ...], ...]
) -> Calendar:
    """The `Calendar` that `Calendar.__reduce__` took apart."""
    made = {}
    for day, *fields in cells:
        cell = Cell.__new__(Cell)
        cell.day, cell.css, cell.text, cell.title, cell.html = fields
        made[day] = cell
    return Calendar(span, made)


@dataclass
class Athlete:
    athlete: str
    status: str  # as in the summary: OPTIMAL, FEASIBLE, INFEASIBLE, UNKNOWN, INVALID
    lifts: str  # how many, '' without a plan
    reason: str  # why there is no plan ('' with one)
    calendar: Calendar | None

    @property
    def solved(self) -> bool:
        return self.status in SOLVED


@dataclass
class Row:
    athlete: str
    cells: list[Cell]  # the week's seven days

    @property
    def html(self) -> Markup:
        """The row's ``<tr>`` (without its last line end)."""
        return Markup(self._tr())

    def _tr(self) -> str:
        cells = "".join([cell.html for cell in self.cells])
        return f'<tr><th class="name">{html.escape(self.athlete)}</th>\n{cells}</tr>'


@dataclass
class Week:
    number: int  # 1-based, counted from the earliest season start of the team
    days: list[dt.date]
    rows: list[Row]

    @property
    def body(self) -> Markup:
        """Every row's ``<tr>`` and line end, as one value: the page copies each value it
        writes (escaping it), which took a third of a 200-athlete page's time row by row."""
        return Markup("".join([f"{row._tr()}\n" for row in self.rows]))


def _plan(directory: Path, row: dict[str, str]) -> Plan | None:
    if row["status"] not in SOLVED:
        return None
    try:
        return Plan.model_validate_json((directory / f"{row['file']}.json").read_bytes())
    except (OSError, ValueError):  # a missing or broken file leaves the row blank
        return None


def calendar_of(plan: Plan) -> Calendar:
    """The plan's days as the team page shows them."""
    by_day: dict[dt.date, list[Session]] = {}
    for session in plan.sessions:
        day = session.date
        if session.end.date() == day:  # most sessions: one date, no `dates` list to make
            by_day.setdefault(day, []).append(session)
            continue
        for day in session.dates:
            by_day.setdefault(day, []).append(session)
    cells = {day: _cell(day, sessions) for day, sessions in by_day.items()}
    return Calendar(_span(plan, by_day), cells)


def _span(plan: Plan, dates: Collection[dt.date]) -> tuple[dt.date, dt.date] | None:
    """The plan's first and last day: whole weeks from its season start (``dates``: every
    date a session touches)."""
    first = plan.season_start or min(dates, default=None)
    if first is None:
        return None
    weeks = max(len(plan.lifts_per_week), max((s.week for s in plan.sessions), default=1))
    return first, max([first + dt.timedelta(days=7 * weeks - 1), *dates])


def _cell(day: dt.date, sessions: list[Session]) -> Cell:
    """The day's cell: marks L (lift), G (with a group), C (core), R (race), H (hard run);
    the lifts' starts, else 'core', else 'race'; every session in words, in time order.
    One pass over the sessions (a batch makes about a hundred cells per athlete)."""
    starts: list[str] = []
    lift = core = grouped = race = hard = False
    for session in sessions:
        if session.activity == "lift":
            grouped = grouped or bool(session.group)
            if session.kind is LiftKind.CORE:
                core = True
            else:
                lift = True
                starts.append(_lift_text(session))
        elif session.activity == "run":
            race = race or session.kind == "race"
            hard = hard or session.hard
    marks = _MARKS[lift, grouped, core, race, hard]
    text = " ".join(starts) or ("core" if core else "race" if race else "")
    in_order = sorted(sessions, key=_start) if len(sessions) > 1 else sessions
    title = "; ".join(map(_in_words, in_order))
    written = iso_date(day)
    return Cell(day, marks, text, f"{written}: {title}" if title else written)


# A cell's css classes by which of L G C R H it shows: made once, not joined per cell.
_MARKS = {
    shown: " ".join(mark for mark, on in zip("LGCRH", shown, strict=True) if on)
    for shown in itertools.product((False, True), repeat=5)
}


def _start(session: Session) -> dt.datetime:
    return session.start


def _in_words(session: Session) -> str:
    """``heavy lift 17:30-18:30 with squad``, ``easy run 06:00-06:45``."""
    activity = "lift" if session.activity == "lift" else "run"
    words = f"{session.kind} {activity} {_hhmm(session.start)}-{_hhmm(session.end)}"
    return f"{words} with {session.group}" if session.group else words


def _lift_text(session: Session) -> str:
    """A lift's start, with its group's name when it is a group session: ``17:30 squad``."""
    return _hhmm(session.start) + (f" {session.group}" if session.group else "")


def _hhmm(moment: dt.datetime) -> str:
    """``moment`` as ``%H:%M`` writes it, looked up (a page writes thousands: strftime and
    even a %-format cost several times a list index)."""
    return _HHMM[moment.hour * 60 + moment.minute]


_HHMM = ["%02d:%02d" % divmod(minute, 60) for minute in range(24 * 60)]  # noqa: UP031


def _weeks(athletes: list[Athlete]) -> list[Week]:
    """The team's weeks, numbered from its earliest plan's first day; each lists the
    athletes whose plan spans some of its days (a club's seasons end at different races: a
    row of seven empty days says nothing), and a week that no plan spans is left out."""
    spans = [span for a in athletes if a.calendar and (span := a.calendar.span)]
    if not spans:
        return []
    first, last = min(s[0] for s in spans), max(s[1] for s in spans)
    weeks = []
    for number in range(1, (last - first).days // 7 + 2):
        days = [first + dt.timedelta(days=7 * (number - 1) + offset) for offset in range(7)]
        empty = {day: _cell(day, []) for day in days}  # most days of most athletes
        rows = [
            Row(a.athlete, [a.calendar.cells.get(day) or empty[day] for day in days])
            for a in athletes
            if a.calendar is not None and _spans(a.calendar, days[0], days[-1])
        ]
        if rows:
            weeks.append(Week(number, days, rows))
    return weeks


def _spans(calendar: Calendar, first: dt.date, last: dt.date) -> bool:
    """Whether ``calendar``'s plan has a day from ``first`` to ``last``."""
    return calendar.span is not None and calendar.span[0] <= last and first <= calendar.span[1]


def render_team(
    directory: Path,
    rows: list[dict[str, str]],
    notes: Sequence[str] = (),
    calendars: Sequence[Calendar | None] = (),
) -> str:
    """The page of the batch summary ``rows``; ``calendars[i]`` (`calendar_of`) is row i's
    plan if given, else a solved plan is read from ``directory``; ``notes`` are the team's
    lines beside the plans (a group week without a session)."""
    given = list(calendars) + [None] * (len(rows) - len(calendars))
    athletes = [
        Athlete(
            row["athlete"],
            row["status"],
            row.get("lifts", ""),
            "" if row["status"] in SOLVED else row.get("error", "") or "no reason given",
            _calendar(directory, row, calendar),
        )
        for row, calendar in zip(rows, given, strict=True)
    ]
    from liftplan.io.render.pages import render_page

    return render_page(TEMPLATE, athletes=athletes, weeks=_weeks(athletes), notes=notes)


def prepare_page() -> None:
    """Import and compile what `render_team` needs (Jinja2, the template, its stylesheet:
    about 40 ms), e.g. while a batch's workers solve, so that less is left for the end."""
    from liftplan.io.render.pages import environment, stylesheet

    environment().get_template(TEMPLATE)
    stylesheet(TEMPLATE.split(".", 1)[0])


def _calendar(directory: Path, row: dict[str, str], given: Calendar | None) -> Calendar | None:
    if row["status"] not in SOLVED:
        return None
    if given is not None:
        return given
    plan = _plan(directory, row)
    return calendar_of(plan) if plan is not None else None
