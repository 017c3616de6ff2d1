"""Options several commands share, declared once with their defaults from the facade.

Each is a decorator factory: the name, type, default and a plain help text are fixed here;
a command passes what it words its own way (``help``, and ``show_default`` where commands
differ).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import click

from liftplan.models.settings import DEFAULT_SEED, DEFAULT_TIME_LIMIT, DEFAULT_WORKERS

if TYPE_CHECKING:
    from liftplan.models.season import Season

F = TypeVar("F", bound=Callable[..., Any])
PLAN_FILES = "PLAN.{csv,json,ics,html,xlsx,zip}"


def _with_help(extra: dict[str, Any], text: str) -> dict[str, Any]:
    """``extra`` with ``text`` as the help unless the command words it its own way."""
    return {"help": text, **extra}


def athlete(**extra: Any) -> Callable[[F], F]:
    """``--athlete``: one athlete of a team file given as SEASON."""
    return click.option(
        "--athlete",
        metavar="ID",
        default=None,
        **_with_help(
            extra,
            "With a team file (or roster) as SEASON: the season of the athlete with this id, "
            "as `batch` plans it (their entry over the team's defaults).",
        ),
    )


def time_limit(**extra: Any) -> Callable[[F], F]:
    """``--time-limit``: seconds the command may plan for (building, solving, diagnosis)."""
    return click.option(
        "--time-limit",
        type=click.FloatRange(min=0.01),
        default=DEFAULT_TIME_LIMIT,
        show_default=True,
        **_with_help(
            extra,
            "Seconds to plan in: building the model, CP-SAT's search and a diagnosis share "
            "them (counted as work, so any load gives the same answer).",
        ),
    )


def workers(**extra: Any) -> Callable[[F], F]:
    """``--workers``: CP-SAT search workers."""
    return click.option(
        "--workers",
        type=click.IntRange(1, 64),
        default=DEFAULT_WORKERS,
        show_default=True,
        **_with_help(extra, "CP-SAT search workers (the same count and seed give the same plan)."),
    )


def seed(**extra: Any) -> Callable[[F], F]:
    """``--seed``: CP-SAT's random seed."""
    return click.option(
        "--seed",
        type=click.IntRange(min=0),
        default=DEFAULT_SEED,
        show_default=True,
        **_with_help(extra, "CP-SAT's random seed (the same seed gives the same plan)."),
    )


def overrides(**extra: Any) -> Callable[[F], F]:
    """``--set PATH=VALUE`` (repeatable) into the ``assignments`` argument."""
    return click.option(
        "--set",
        "assignments",
        multiple=True,
        metavar="PATH=VALUE",
        **_with_help(
            extra, "Override a field of SEASON, e.g. rules.recovery_hours=48. Repeatable."
        ),
    )


def plan_outputs(**extra: Any) -> Callable[[F], F]:
    """``-o/--output`` plan files (repeatable) into the ``outputs`` argument."""
    return click.option(
        "-o",
        "--output",
        "outputs",
        multiple=True,
        metavar=PLAN_FILES,
        **_with_help(
            extra, "Write the plan here; the suffix picks the format; '-' is stdout. Repeatable."
        ),
    )


def stdout_format(**extra: Any) -> Callable[[F], F]:
    """``--stdout-format``: csv or json for '-o -' and a plan printed without -o."""
    return click.option(
        "--stdout-format",
        type=click.Choice(["csv", "json"]),
        default="csv",
        **_with_help(extra, "Format of '-o -' and of the plan printed when no -o is given."),
    )


def ics_runs(**extra: Any) -> Callable[[F], F]:
    """``--ics-runs/--no-ics-runs``: the runs in plan.ics too, or only the lifts."""
    return click.option(
        "--ics-runs/--no-ics-runs",
        default=True,
        **_with_help(extra, "Put the runs in plan.ics too, not only the lifts."),
    )


def quiet(**extra: Any) -> Callable[[F], F]:
    """``-q/--quiet``: no summary or progress on stderr; problems and notes still show."""
    return click.option(
        "-q",
        "--quiet",
        is_flag=True,
        **_with_help(extra, "Print no summary or progress; problems and notes still show."),
    )


def with_noted_overrides(season: Season, assignments: tuple[str, ...]) -> Season:
    """``season`` with the ``--set`` overrides, saying on stderr how any was read (a
    narrowed ``per_week`` moves the file's target inside the new range)."""
    from liftplan.io.overrides import with_overrides

    notes: list[str] = []
    changed = with_overrides(season, assignments, notes=notes)
    say_override_notes(notes)
    return changed


def say_override_notes(notes: list[str]) -> None:
    """Say on stderr how each ``--set`` was read (`with_noted_overrides`)."""
    for note in notes:
        click.echo(f"liftplan: note: --set: {note}", err=True)


def ics_alarm(**extra: Any) -> Callable[[F], F]:
    """``--ics-alarm MINUTES``: a reminder that long before each event of plan.ics."""
    return click.option(
        "--ics-alarm",
        type=click.IntRange(0, 7 * 24 * 60),
        default=None,
        metavar="MINUTES",
        **_with_help(extra, "Add a reminder this many minutes before each event of plan.ics."),
    )


def ics_busy_only(**extra: Any) -> Callable[[F], F]:
    """``--ics-busy-only``: plan.ics as "Busy" blocks at the lift times, without details."""
    return click.option(
        "--ics-busy-only",
        is_flag=True,
        **_with_help(extra, 'Write plan.ics as "Busy" blocks at the lift times, no details.'),
    )
