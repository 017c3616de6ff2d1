"""The public API: load a season, solve it, check a plan."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from liftplan.errors import InputError
from liftplan.io import season_file
from liftplan.io.catalogue import load_catalogue
from liftplan.models.plan import ClosedWeek, Plan, Session, Status
from liftplan.models.season import Season
from liftplan.models.settings import (
    DEFAULT_FREEZE_HOURS,
    DEFAULT_SEED,
    DEFAULT_STABILITY,
    DEFAULT_TIME_LIMIT,
    DEFAULT_WORKERS,
)
from liftplan.plan.workouts import WorkoutBuilder, builder_for

# What only some commands need is imported inside the functions that need it: a `solve` that
# finds a plan loads no diagnosis, re-plan, comparison or team code, and `check` or
# `validate` no solver (CP-SAT brings pandas and numpy: half a second; issue 18).
if TYPE_CHECKING:
    from concurrent.futures import Executor

    from liftplan.check import CheckReport, LivedSeasons
    from liftplan.compare import Metric
    from liftplan.io.team_file import TeamInput
    from liftplan.models.explanation import Explanation
    from liftplan.team.batch import BatchReport, Result
    from liftplan.team.joint import JointReport


def __getattr__(name: str) -> Any:
    """The team report types, imported when first asked for."""
    if name == "BatchReport":
        from liftplan.team.batch import BatchReport

        return BatchReport
    if name == "JointReport":
        from liftplan.team.joint import JointReport

        return JointReport
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["check", "explain", "load_season", "replan", "solve"]


def solve(
    season: Season,
    *,
    athlete: str | None = None,
    workers: int = DEFAULT_WORKERS,
    seed: int = DEFAULT_SEED,
    time_limit: float = DEFAULT_TIME_LIMIT,
    repairs: bool = True,
) -> Plan:
    """The best plan the rules allow, or a plan whose status says why there is none.

    Without a plan, ``diagnosis`` names the clash and (unless ``repairs`` is off) the
    gentlest repair, proven by solving."""
    from liftplan.plan.season_plan import plan_season

    plan, timeline = plan_season(
        season,
        workout_builder(season),
        athlete=athlete or season.id or "athlete",
        workers=workers,
        seed=seed,
        time_limit=time_limit,
    )
    if plan.status is Status.INFEASIBLE:
        from liftplan.explain.conflicts import diagnosis_lines

        plan.diagnosis = diagnosis_lines(
            season, timeline, repairs=1 if repairs else 0, time_limit=time_limit
        )
    return plan


def replan(
    season: Season,
    previous: Plan,
    start: dt.date,
    *,
    done: list[Session] | Plan | None = None,
    missed: tuple[dt.date, ...] = (),
    freeze_hours: float = DEFAULT_FREEZE_HOURS,
    stability: int = DEFAULT_STABILITY,
    workers: int = DEFAULT_WORKERS,
    seed: int = DEFAULT_SEED,
    time_limit: float = DEFAULT_TIME_LIMIT,
    athlete: str | None = None,
    plan_file: str = "PLAN",
    done_file: str = "--done",
    season_changed: bool = False,
    lived_under: LivedSeasons | None = None,
) -> tuple[Plan, int]:
    """Pick up the season from ``start`` after life happened.

    Before ``start``, the lifts ``done`` (by default: those planned, less the ``missed``
    dates) are history; the next ``freeze_hours`` of elapsed time (from the local start of
    ``start``) stay as planned; after that each planned lift moved or dropped costs
    ``stability``. Returns the stitched plan and how many planned lifts it moved or dropped.
    Raises InputError (naming ``plan_file``, or ``done_file`` for ``done`` given as a plan)
    for a plan of another ``athlete`` or season,
    and for ``--from``/``--missed`` dates that make no sense; an infeasible re-plan has the
    clash and a proven repair in its ``diagnosis``, as `solve`'s has. ``season_changed``:
    ``season`` carries overrides ``previous`` was not made with, applied from ``start`` on.
    ``lived_under``: the seasons the days before ``start`` were lived under, when ``season``
    carries overrides (`--set`): `liftplan.io.plan_file.planned_seasons` of the season file
    and ``previous``; default ``season`` alone.
    """
    from liftplan.replan import replan as replan_season

    return replan_season(
        season,
        previous,
        start,
        workouts=workout_builder(season),
        done=done,
        missed=missed,
        freeze_hours=freeze_hours,
        stability=stability,
        workers=workers,
        seed=seed,
        time_limit=time_limit,
        athlete=athlete,
        plan_file=plan_file,
        done_file=done_file,
        season_changed=season_changed,
        lived_under=lived_under,
    )


def workout_builder(season: Season) -> WorkoutBuilder:
    """Workouts from the season's catalogue, limited to the athlete's equipment."""
    return builder_for(season, load_catalogue(season.routines))


def explain(
    season: Season,
    *,
    workers: int = DEFAULT_WORKERS,
    seed: int = DEFAULT_SEED,
    time_limit: float = DEFAULT_TIME_LIMIT,
    repairs: bool = True,
) -> Explanation:
    """Why each lift is where it is; or, with no plan, what clashes and what would fix it."""
    from liftplan.explain.conflicts import DIAGNOSIS_SHARE, diagnose, diagnosis_budget
    from liftplan.explain.repairs import RepairBudget, propose_repairs
    from liftplan.explain.score import explain_lifts, explain_score
    from liftplan.explain.workout_reasons import workout_reasons
    from liftplan.models.explanation import Explanation
    from liftplan.solver.solve import solve_timeline
    from liftplan.timeline import build_timeline

    timeline = build_timeline(season)
    solution = solve_timeline(
        timeline, season.rules, workers=workers, seed=seed, time_limit=time_limit
    )
    explanation = Explanation(status=solution.status, objective=solution.objective)
    if solution.status.solved:
        explanation.score = explain_score(timeline, solution)
        explanation.lifts = explain_lifts(season, timeline, solution)
        why = workout_reasons(season, timeline, solution, workout_builder(season))
        for lift in explanation.lifts:
            lift.workout = why.get(lift.start, [])
        explanation.closed_weeks = [
            ClosedWeek(week=week, reason=reason) for week, reason in solution.closed_weeks.items()
        ]
    elif solution.status is Status.INFEASIBLE:
        conflicts, diagnosis, core = diagnose(timeline, season.rules, diagnosis_budget(time_limit))
        explanation.conflicts = conflicts
        if repairs:
            budget = RepairBudget(DIAGNOSIS_SHARE * time_limit)
            explanation.repairs = propose_repairs(
                season, timeline, core, diagnosis, limit=8, budget=budget
            )
            explanation.repairs_stopped = budget.stopped
    return explanation


def check(
    season: Season,
    plan: Plan,
    *,
    athlete: str | None = None,
    earlier: Sequence[tuple[dt.date | None, Season]] = (),
) -> CheckReport:
    """Re-verify every hard rule of ``plan`` and recompute its score, without the solver.

    With ``athlete``, a plan for another athlete or another season is not checked: the
    report's ``mismatch`` says why. ``earlier``: the seasons a re-planned plan was planned
    under before its last overrides (`liftplan.io.plan_file.planned_seasons`)."""
    from liftplan.check import check_plan  # only check loads the checker: start-up

    return check_plan(season, plan, athlete, earlier)


def load_season(path: str | Path, athlete: str | None = None) -> Season:
    """The validated season in ``path`` (YAML or JSON; the files it names read next to it).
    With ``athlete``: that athlete's season in the team file or roster ``path`` (a season
    file is a team of one), as `batch` plans it. Raises InputError (one line naming the
    file and field) for bad input, or a team with no athlete of that id."""
    if athlete is None:
        return season_file.load_season(path)
    from liftplan.io.team_file import season_in_team

    return season_in_team(path, athlete)


def athlete_id(season: Season, path: str | Path) -> str:
    """The season's own id, else the file name without its suffix."""
    return season.id or Path(path).stem


# The rest of the facade: what the command line needs from compare and team work, so that
# `cli` imports nothing but this module, `io`, `models` and `errors`.

__all__ += [
    "DEFAULT_SEED",
    "DEFAULT_STABILITY",
    "DEFAULT_TIME_LIMIT",
    "DEFAULT_WORKERS",
    "BatchReport",
    "Comparison",
    "JointReport",
    "changes",
    "compare",
    "run_batch",
    "run_joint",
    "summary_counts",
    "team_and_pool",
    "team_executor",
]


@dataclass
class Comparison:
    """The base season and its scenarios solved side by side."""

    plans: dict[str, Plan]  # "base" first, then each scenario by name
    metrics: dict[str, dict[str, Metric]]  # scenario -> metric -> number (None: nothing to measure)
    diffs: dict[str, list[str]]  # solved scenario -> its lift changes against a solved base
    changes: dict[str, list[str]] = field(default_factory=dict)  # scenario -> its overrides
    reasons: dict[str, list[str]] = field(default_factory=dict)  # scenario -> why no plan


def compare(
    base: Season,
    scenarios: Sequence[str],
    base_dir: Path,
    *,
    time_limit: float = DEFAULT_TIME_LIMIT,
    processes: int | None = None,
    workers: int = DEFAULT_WORKERS,
    seed: int = DEFAULT_SEED,
) -> Comparison:
    """``base`` and each scenario solved in parallel processes, measured and diffed.

    A scenario is ``NAME=FILE`` (a partial season file, looked up beside the season in
    ``base_dir`` too) or ``NAME=path=value[,path=value]``; names must differ."""
    from liftplan.compare import (
        BASE,
        Scenario,
        diff,
        metrics,
        parse_scenario,
        reason,
        solve_all,
    )

    parsed = [Scenario(BASE, base)]
    for spec in scenarios:
        scenario = parse_scenario(spec, base, base_dir)
        if any(s.name == scenario.name for s in parsed):
            raise InputError("--scenario", spec, f"the name {scenario.name!r} is used twice")
        parsed.append(scenario)
    plans = solve_all(parsed, time_limit, processes=processes, workers=workers, seed=seed)
    return Comparison(
        plans=plans,
        metrics={name: metrics(plan) for name, plan in plans.items()},
        diffs={
            name: diff(plans[BASE], plan)
            for name, plan in plans.items()
            if name != BASE and plan.status.solved and plans[BASE].status.solved
        },
        changes={scenario.name: scenario.changes for scenario in parsed},
        reasons={name: reason(plan, time_limit) for name, plan in plans.items()},
    )


def changes(before: Plan, after: Plan) -> tuple[str, list[str]]:
    """What a re-plan ``after`` changed against ``before``: the changes counted by kind
    (``2 changes: 1 lift moved, 1 core session dropped``), and one line per lift or core
    session moved, shortened, lengthened, dropped or added."""
    from liftplan.plan.changes import changes_summary, lift_changes

    found = lift_changes(before.lifts, after.lifts)
    cores = lift_changes(before.core_sessions, after.core_sessions)
    lines = [change.line for change in found] + [f"core session {c.line}" for c in cores]
    return changes_summary(found, cores), lines


def team_executor(jobs: int | None = None, scheduler: str | None = None) -> Executor:
    """Where a batch solves: the Dask cluster at ``scheduler`` (``tcp://HOST:PORT``) if
    given, else ``jobs`` local processes (default: one per core), the solver imported for
    them to share. Shut it down with ``shutdown(cancel_futures=True)`` if the batch does not
    run."""
    from liftplan.team import batch

    return batch.dask_executor(scheduler) if scheduler is not None else batch.local_executor(jobs)


def team_and_pool(team: str, jobs: int | None = None) -> tuple[TeamInput, Executor]:
    """A team file read (each athlete checked later, by their job) and a local pool of
    ``jobs`` processes ready to solve, made at the same time: team/batch.py's
    ``team_and_pool``. Shut the pool down with ``shutdown(cancel_futures=True)`` if the batch
    does not run."""
    from liftplan.team import batch

    return batch.team_and_pool(team, jobs)


def run_batch(*args: Any, **kwargs: Any) -> BatchReport:
    """One plan per athlete in a directory, solved on an executor: team/batch.py's
    ``run_batch``, with its arguments."""
    from liftplan.team import batch

    return batch.run_batch(*args, **kwargs)


def summary_counts(report: BatchReport) -> str:
    """The batch's statuses counted, in one line."""
    from liftplan.team import batch

    return batch.summary_counts(report)


def run_joint(
    team: TeamInput,
    team_file: str | Path,
    directory: Path,
    *,
    formats: tuple[str, ...] = ("json", "csv"),
    time_limit: float = DEFAULT_TIME_LIMIT,
    seed: int = DEFAULT_SEED,
    resume: bool = False,
    on_result: Callable[[Result], None] = lambda result: None,
) -> tuple[BatchReport, JointReport | None]:
    """The whole ``team`` planned at once, sharing the weight room of its team file's
    ``facility: {capacity, hours}`` (and its ``groups:``), written as a batch would be.
    With ``resume``, plans already up to date for this team are kept (no joint report: None).
    ``on_result`` is called once each athlete's files and row are written.

    Raises InputError naming ``team_file`` when the team has no facility."""
    if team.facility is None:
        raise InputError(str(team_file), "facility", "--joint needs `facility: {capacity: N}`")
    from liftplan.team import batch

    return batch.run_joint(
        team.athletes,
        directory,
        team.facility,
        groups=team.groups,
        formats=formats,
        time_limit=time_limit,
        seed=seed,
        resume=resume,
        on_result=on_result,
    )
