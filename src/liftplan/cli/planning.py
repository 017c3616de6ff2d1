"""Commands that make a plan: solve, and replan after life happened."""

from __future__ import annotations

import datetime as dt
import sys
from typing import TYPE_CHECKING

import click

from liftplan.cli import options
from liftplan.cli.app import (
    EXIT_INFEASIBLE,
    EXIT_NO_PLAN,
    cli,
    reports_errors,
)
from liftplan.errors import InputError
from liftplan.models.settings import DEFAULT_FREEZE_HOURS, DEFAULT_STABILITY

if TYPE_CHECKING:
    from liftplan.models.plan import Plan


@cli.command()
@click.argument("season", type=click.Path(dir_okay=True, path_type=str))
@options.plan_outputs(
    help="Write the plan here; the suffix picks the format; '-' is stdout. Repeatable."
)
@options.ics_runs(show_default=True, help="Put the runs in plan.ics too, not only the lifts.")
@options.time_limit(help="Seconds CP-SAT may search.")
@options.workers(help="CP-SAT search workers (the same count and seed give the same plan).")
@options.seed()
@options.overrides(help="Override a field of SEASON, e.g. rules.recovery_hours=48. Repeatable.")
@options.stdout_format(
    show_default=True, help="Format of '-o -' and of the plan printed when no -o is given."
)
@reports_errors
def solve(
    season: str,
    outputs: tuple[str, ...],
    time_limit: float,
    workers: int,
    seed: int,
    assignments: tuple[str, ...],
    stdout_format: str,
    ics_runs: bool,
) -> None:
    """Solve SEASON into a proven-optimal plan."""
    from liftplan import api
    from liftplan.io.overrides import with_overrides

    writer = OutputWriter(outputs, stdout_format, ics_runs)
    loaded = with_overrides(api.load_season(season), assignments)
    plan = api.solve(
        loaded,
        athlete=api.athlete_id(loaded, season),
        workers=workers,
        seed=seed,
        time_limit=time_limit,
    )
    writer.finish(season, plan, time_limit)


class OutputWriter:
    """The outputs of a command that makes a plan: checked first, written only on success."""

    def __init__(self, outputs: tuple[str, ...], stdout_format: str, ics_runs: bool) -> None:
        from liftplan.io.render.writers import renderer_for
        from liftplan.io.targets import check_target

        self.targets = list(outputs) or ["-"]
        for target in self.targets:
            check_target(target)  # before the solve, not after it
        try:
            self.renderers = [
                renderer_for(t, stdout_format, ics_runs=ics_runs) for t in self.targets
            ]
        except ValueError as error:
            raise InputError(self.targets[0], "", str(error)) from None

    def finish(self, source: str, plan: Plan, time_limit: float) -> None:
        """Exit 3 or 4 without a plan; else write every output, then the summary."""
        from liftplan.cli.summary import infeasible_lines, summary_lines
        from liftplan.io.render.writers import write_atomic
        from liftplan.models.plan import Status

        if plan.status is Status.INFEASIBLE:
            for line in infeasible_lines(source, plan):
                click.echo(line, err=True)
            sys.exit(EXIT_INFEASIBLE)
        if plan.status is Status.UNKNOWN:
            click.echo(
                f"liftplan: {source}: no plan found within {time_limit:g} s (raise --time-limit)",
                err=True,
            )
            sys.exit(EXIT_NO_PLAN)
        texts = [render(plan) for render in self.renderers]  # render all before writing any
        for target, text in zip(self.targets, texts, strict=True):
            write_atomic(target, text)
        for line in summary_lines(plan):
            click.echo(line, err=True)


@cli.command()
@click.argument("season", type=click.Path(path_type=str))
@click.argument("plan", type=click.Path(path_type=str))
@click.option(
    "--from",
    "start",
    required=True,
    type=click.DateTime(["%Y-%m-%d"]),
    help="Re-plan from this date on (YYYY-MM-DD); what comes before is history.",
)
@click.option(
    "--done",
    type=click.Path(path_type=str),
    help="The lifts actually done before --from (a plan .csv or .json); default: as planned.",
)
@click.option(
    "--missed",
    multiple=True,
    type=click.DateTime(["%Y-%m-%d"]),
    help="A date whose planned lift did not happen. Repeatable.",
)
@click.option(
    "--freeze-hours",
    type=click.FloatRange(0, 24 * 14),
    default=DEFAULT_FREEZE_HOURS,
    show_default=True,
    help="Planned lifts this soon after --from stay as they are.",
)
@click.option(
    "--stability",
    type=click.IntRange(0),
    default=DEFAULT_STABILITY,
    show_default=True,
    help="Cost of each planned lift moved or dropped.",
)
@options.plan_outputs()
@options.overrides(help="Override a field.")
@options.time_limit()
@options.stdout_format()
@options.ics_runs()
@reports_errors
def replan(
    season: str,
    plan: str,
    start: dt.datetime,
    done: str | None,
    missed: tuple[dt.datetime, ...],
    freeze_hours: float,
    stability: int,
    outputs: tuple[str, ...],
    assignments: tuple[str, ...],
    time_limit: float,
    stdout_format: str,
    ics_runs: bool,
) -> None:
    """Re-plan SEASON from a date after life happened, moving as little of PLAN as it can."""
    from liftplan import api
    from liftplan.io.overrides import with_overrides
    from liftplan.io.plan_file import load_plan

    writer = OutputWriter(outputs, stdout_format, ics_runs)
    loaded = with_overrides(api.load_season(season), assignments)
    previous = load_plan(plan, loaded.timezone)
    done_lifts = load_plan(done, loaded.timezone).lifts if done else None
    new, moved = api.replan(
        loaded,
        previous,
        start.date(),
        done=done_lifts,
        missed=tuple(day.date() for day in missed),
        freeze_hours=freeze_hours,
        stability=stability,
        time_limit=time_limit,
    )
    if new.status.solved:
        changes = api.changes(previous, new)
        click.echo(
            f"re-planned from {start.date()}: {len(changes)} change(s), "
            f"{moved} planned lift(s) moved or dropped",
            err=True,
        )
        for line in changes:
            click.echo(f"  {line}", err=True)
    writer.finish(season, new, time_limit)
