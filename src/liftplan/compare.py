"""Compare scenarios: the same season solved under other rules, availability or lifting.

A scenario is a partial season file merged over the base (mappings merge, anything else
replaces) or a list of ``path=value`` overrides. All are solved in parallel processes,
measured the same way, and diffed against the base lift by lift.
"""

from __future__ import annotations

import datetime as dt
import re
import statistics
from concurrent.futures import wait
from dataclasses import dataclass, field
from pathlib import Path

from liftplan.errors import InputError
from liftplan.explain.conflicts import diagnosis_lines
from liftplan.io.catalogue import load_catalogue
from liftplan.io.overrides import merge, with_overrides
from liftplan.io.season_file import (
    TEAM_FIELDS,
    check_maxes,
    plain,
    read_document,
    refuse_rereading,
    season_from_data,
)
from liftplan.models.patch import flat_changes, settle
from liftplan.models.plan import Plan, Session, Status
from liftplan.models.season import Season
from liftplan.models.settings import DEFAULT_SEED, DEFAULT_WORKERS
from liftplan.models.wording import decimal_hours
from liftplan.plan.changes import lift_changes
from liftplan.plan.season_plan import plan_season
from liftplan.plan.workouts import builder_for
from liftplan.solver.pool import StoppablePool

BASE = "base"
# A scenario file holds the season fields it changes: not a plan, not nothing.
SCENARIO_HOLDS = "a scenario holds the season fields it changes"
PLAN_NOT_SCENARIO = f"is a plan file, not a scenario: {SCENARIO_HOLDS}"
TEAM_NOT_SCENARIO = f"is a team file, not a scenario: {SCENARIO_HOLDS}"
EMPTY_SCENARIO = f"the file is empty: {SCENARIO_HOLDS}"
_SET_SPLIT = re.compile(r",(?=[A-Za-z_][\w.\-]*=)")  # commas that start the next path=value


@dataclass
class Scenario:
    """A named season to compare; ``changes``: what it changes over the base, as
    ``path=value`` lines (and any note on how an override was read)."""

    name: str
    season: Season
    changes: list[str] = field(default_factory=list)


def parse_scenario(spec: str, base: Season, base_dir: Path) -> Scenario:
    """``NAME=FILE`` (a partial season file) or ``NAME=path=value[,path=value]...``.

    A bad override or field is an InputError naming the scenario (``--scenario NAME``) or
    its file."""
    name, sep, rest = spec.partition("=")
    if not sep or not name or not rest:
        raise InputError("--scenario", spec, "expected NAME=FILE or NAME=path=value[,...]")
    if name == BASE:
        raise InputError("--scenario", spec, "'base' is the season itself; pick another name")
    if "=" in rest:
        assignments = _SET_SPLIT.split(rest)
        notes: list[str] = []
        season = with_overrides(base, assignments, source=f"--scenario {name}", notes=notes)
        return Scenario(name, season, [*assignments, *notes])
    path = Path(rest)
    if not path.exists() and (base_dir / rest).exists():  # next to the season file
        path = base_dir / rest
    patch = read_document(path, PLAN_NOT_SCENARIO)
    if patch is None:
        raise InputError(str(path), "", EMPTY_SCENARIO)
    if not isinstance(patch, dict):
        raise InputError(str(path), "", "expected a mapping of season fields")
    if TEAM_FIELDS & set(patch):  # none is a season's field: not its unknown fields, one line
        raise InputError(str(path), "", TEAM_NOT_SCENARIO)
    patch = plain(patch, str(path))
    data = merge(base.model_dump(mode="json", exclude_none=True), patch)
    changes = [f"{line} (from {path.name})" for line in flat_changes(patch)]
    changes += settle(data, patch)
    season = season_from_data(data, str(path))
    refuse_rereading(base, season, str(path))
    if "athlete" in patch:  # as `with_overrides` does: a mistyped max would give no kg
        check_maxes(season, str(path))
    return Scenario(name, season, changes)


@dataclass(frozen=True)
class SolveSettings:
    """How each scenario is solved: seconds, CP-SAT workers and seed (the same for all)."""

    time_limit: float
    workers: int = DEFAULT_WORKERS
    seed: int = DEFAULT_SEED


def _solve(item: tuple[str, Season, SolveSettings]) -> tuple[str, Plan]:
    """One scenario's plan; without one, the clash (no repairs: each costs a solve)."""
    name, season, settings = item
    builder = builder_for(season, load_catalogue(season.routines))
    plan, timeline = plan_season(
        season,
        builder,
        athlete=season.id or "athlete",
        workers=settings.workers,
        seed=settings.seed,
        time_limit=settings.time_limit,
    )
    if plan.status is Status.INFEASIBLE:
        plan.diagnosis = diagnosis_lines(season, timeline, time_limit=settings.time_limit)
    return name, plan


# How often the wait for a comparison's solves wakes to run a signal's handler (seconds).
WAKE_EVERY = 0.2


def solve_all(
    scenarios: list[Scenario],
    time_limit: float,
    processes: int | None = None,
    *,
    workers: int = DEFAULT_WORKERS,
    seed: int = DEFAULT_SEED,
) -> dict[str, Plan]:
    """Every scenario solved, ``workers`` CP-SAT workers each, in parallel processes (a
    `StoppablePool`: its workers leave Ctrl-C and SIGTERM to this process). Whatever stops
    the wait (a signal's KeyboardInterrupt) ends every worker at once, then is raised."""
    settings = SolveSettings(time_limit, workers, seed)
    items = [(s.name, s.season, settings) for s in scenarios]
    if processes == 1 or len(items) == 1:
        return dict(map(_solve, items))
    pool = StoppablePool(max_workers=processes)
    try:
        jobs = [pool.submit(_solve, item) for item in items]
        # Woken every WAKE_EVERY seconds: a signal that lands on one of the pool's threads
        # runs its handler only when this one wakes, not when the last solve ends.
        while wait(jobs, timeout=WAKE_EVERY).not_done:
            pass
        plans = dict(job.result() for job in jobs)
    except BaseException:
        pool.shutdown(wait=True, cancel_futures=True)  # no worker outlives the command
        raise
    pool.shutdown(wait=True)
    return plans


Metric = str | int | float | None  # None: the plan has nothing to measure it on


def metrics(plan: Plan) -> dict[str, Metric]:
    """The comparison's rows for one plan: numbers as numbers, None where there is none."""
    rows: dict[str, Metric] = {"status": str(plan.status), "objective": plan.objective}
    rows.update(plan.score)
    if not plan.status.solved:
        return rows
    counts = plan.lifts_per_week or [0]
    rows["lifts/week min"] = min(counts)
    rows["lifts/week mean"] = round(statistics.mean(counts), 2)
    rows["lifts/week max"] = max(counts)
    # A run counts on every date it touches: a race of two days, a run past midnight.
    runs_by_date: dict[dt.date, list[Session]] = {}
    hard_runs = []
    for session in plan.sessions:
        if session.activity == "run":
            for date in session.dates:
                runs_by_date.setdefault(date, []).append(session)
            if session.hard:
                hard_runs.append(session)
    lifts = plan.lifts
    on_hard = sum(1 for lift in lifts if any(run.hard for run in runs_by_date.get(lift.date, [])))
    rows["% lifts on hard days"] = round(100 * on_hard / len(lifts)) if lifts else None
    gaps = [
        min(
            abs((lift.start - run.end).total_seconds()) / 60
            if lift.start >= run.end
            else abs((run.start - lift.end).total_seconds()) / 60
            for run in runs_by_date[lift.date]
        )
        for lift in lifts
        if lift.date in runs_by_date
    ]
    rows["mean run-to-lift gap (h)"] = _hours(statistics.mean(gaps)) if gaps else None
    before_hard = [
        min(
            (
                (run.start - lift.end).total_seconds() / 60
                for run in hard_runs
                if run.start >= lift.start
            ),
            default=None,
        )
        for lift in lifts
    ]
    known = [value for value in before_hard if value is not None]
    rows["min hours before a hard run"] = _hours(min(known)) if known else None
    rows["total lifting minutes"] = sum(lift.minutes for lift in lifts)
    return rows


def _hours(minutes: float) -> float:
    """Minutes as hours to one decimal, as the table's ``(h)`` rows show them."""
    return float(decimal_hours(minutes))


def reason(plan: Plan, time_limit: float) -> list[str]:
    """Why a scenario has no plan, one line each (``[]`` when it has one)."""
    if plan.status is Status.INFEASIBLE:
        return ["no plan meets every hard rule", *plan.diagnosis]
    if plan.status is Status.UNKNOWN:
        if plan.diagnosis:  # refused before building (solver/budget.py): it says why
            return list(plan.diagnosis)
        return [f"no plan found within {time_limit:g} s (raise --time-limit)"]
    return []


def diff(base: Plan, other: Plan) -> list[str]:
    """What a scenario changes against the base, lift by lift."""
    return [change.line for change in lift_changes(base.lifts, other.lifts)]
