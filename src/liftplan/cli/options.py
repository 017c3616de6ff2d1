"""Options several commands share, declared once with their defaults from the facade.

Each is a decorator factory: the name, type and default are fixed here; a command passes
what it words its own way (``help``, and ``show_default`` where commands differ).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

from liftplan.models.settings import DEFAULT_SEED, DEFAULT_TIME_LIMIT, DEFAULT_WORKERS

F = TypeVar("F", bound=Callable[..., Any])
PLAN_FILES = "PLAN.{csv,json,ics,html,xlsx,zip}"


def time_limit(**extra: Any) -> Callable[[F], F]:
    """``--time-limit``: seconds CP-SAT may search."""
    return click.option(
        "--time-limit",
        type=click.FloatRange(min=0.01),
        default=DEFAULT_TIME_LIMIT,
        show_default=True,
        **extra,
    )


def workers(**extra: Any) -> Callable[[F], F]:
    """``--workers``: CP-SAT search workers."""
    return click.option(
        "--workers", type=click.IntRange(1, 64), default=DEFAULT_WORKERS, show_default=True, **extra
    )


def seed(**extra: Any) -> Callable[[F], F]:
    """``--seed``: CP-SAT's random seed."""
    return click.option(
        "--seed", type=click.IntRange(min=0), default=DEFAULT_SEED, show_default=True, **extra
    )


def overrides(**extra: Any) -> Callable[[F], F]:
    """``--set PATH=VALUE`` (repeatable) into the ``assignments`` argument."""
    return click.option("--set", "assignments", multiple=True, metavar="PATH=VALUE", **extra)


def plan_outputs(**extra: Any) -> Callable[[F], F]:
    """``-o/--output`` plan files (repeatable) into the ``outputs`` argument."""
    return click.option("-o", "--output", "outputs", multiple=True, metavar=PLAN_FILES, **extra)


def stdout_format(**extra: Any) -> Callable[[F], F]:
    """``--stdout-format``: csv or json for '-o -' and a plan printed without -o."""
    return click.option(
        "--stdout-format", type=click.Choice(["csv", "json"]), default="csv", **extra
    )


def ics_runs(**extra: Any) -> Callable[[F], F]:
    """``--ics-runs/--no-ics-runs``: the runs in plan.ics too, or only the lifts."""
    return click.option("--ics-runs/--no-ics-runs", default=True, **extra)


def ics_alarm(**extra: Any) -> Callable[[F], F]:
    """``--ics-alarm MINUTES``: a reminder that long before each event of plan.ics."""
    return click.option(
        "--ics-alarm",
        type=click.IntRange(0, 7 * 24 * 60),
        default=None,
        metavar="MINUTES",
        **extra,
    )


def ics_busy_only(**extra: Any) -> Callable[[F], F]:
    """``--ics-busy-only``: plan.ics as "Busy" blocks at the lift times, without details."""
    return click.option("--ics-busy-only", is_flag=True, **extra)
