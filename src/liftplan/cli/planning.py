"""Commands that make a plan: solve, and replan after life happened."""

from __future__ import annotations

import datetime as dt
import functools
import sys
from typing import TYPE_CHECKING

import click

from liftplan.cli import interrupts, options
from liftplan.cli.app import (
    EXIT_INFEASIBLE,
    EXIT_NO_PLAN,
    cli,
    reports_errors,
)
from liftplan.errors import InputError
from liftplan.models.settings import DEFAULT_FREEZE_HOURS, DEFAULT_STABILITY

if TYPE_CHECKING:
    from collections.abc import Sequence

    from liftplan.io.render.writers import Renderer
    from liftplan.models.plan import Plan
    from liftplan.models.season import Season


@cli.command()
@click.argument("season", type=click.Path(dir_okay=True, path_type=str))
@options.plan_outputs(
    help="Write the plan here; the suffix picks the format; '-' is stdout. Repeatable."
)
@options.ics_runs(show_default=True, help="Put the runs in plan.ics too, not only the lifts.")
@options.ics_alarm(help="In plan.ics, a reminder this many minutes before each event.")
@options.ics_busy_only(
    help='plan.ics for a work calendar: "Busy" blocks at the lift times, no details.'
)
@options.time_limit()
@options.workers(help="CP-SAT search workers (the same count and seed give the same plan).")
@options.seed()
@options.overrides(help="Override a field of SEASON, e.g. rules.recovery_hours=48. Repeatable.")
@options.stdout_format(
    show_default=True, help="Format of '-o -' and of the plan printed when no -o is given."
)
@options.quiet()
@options.athlete()
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
    ics_alarm: int | None,
    ics_busy_only: bool,
    quiet: bool,
    athlete: str | None,
) -> None:
    """Solve SEASON into a proven-optimal plan."""
    from liftplan import api

    writer = OutputWriter(outputs, stdout_format, ics_runs, ics_alarm, ics_busy_only, quiet=quiet)
    loaded = options.with_noted_overrides(api.load_season(season, athlete), assignments)
    say_how_runs_were_read(loaded)
    plan = api.solve(
        loaded,
        athlete=api.athlete_id(loaded, season),
        workers=workers,
        seed=seed,
        time_limit=time_limit,
    )
    plan.overrides = list(assignments)  # so that `check` verifies it against the same season
    writer.keep_calendar_identities(plan)
    writer.finish(season, plan, time_limit, loaded)


def say_how_runs_were_read(season: Season, *, skipped: bool = False) -> None:
    """On stderr, once: the titles of `runs.from_ics`/`from_csv` read as easy runs and the
    run events or rows left out, and why; with ``skipped``, also the busy events left out."""
    runs, busy = season.runs, season.availability.from_ics
    if runs.from_ics is None and runs.from_csv is None and (busy is None or not skipped):
        return  # nothing was read from a calendar or a table: no need to load their readers
    from liftplan.io.calendar_report import (
        skipped_event_lines,
        skipped_run_lines,
        unmatched_lines,
    )

    left_out = skipped_event_lines(season) if skipped else skipped_run_lines(season)
    lines = unmatched_lines(season) + left_out
    for line in lines:
        click.echo(line, err=True)


class OutputWriter:
    """The outputs of a command that makes a plan: checked first, written only on success."""

    def __init__(
        self,
        outputs: tuple[str, ...],
        stdout_format: str,
        ics_runs: bool,
        ics_alarm: int | None = None,
        ics_busy_only: bool = False,
        *,
        quiet: bool = False,
    ) -> None:
        from liftplan.io.render.writers import check_writable

        self.quiet = quiet
        self.targets = _once_each(outputs) or ["-"]
        if ics_busy_only and not any(target.lower().endswith(".ics") for target in self.targets):
            # The flag changes only plan.ics: without one it would silently do nothing.
            raise InputError("--ics-busy-only", "", "needs an -o FILE.ics")
        self.options = (stdout_format, ics_runs, ics_alarm, ics_busy_only)
        try:
            self.renderers(None)  # an output liftplan cannot write, before the solve
        except ValueError as error:
            raise InputError(self.targets[0], "", str(error)) from None
        check_writable(self.targets)  # a missing or read-only folder, before the solve

    def renderers(self, season: Season | None) -> list[Renderer]:
        """One renderer per target; ``season`` fills the page's wishes (its gap)."""
        from liftplan.io.render.writers import renderer_for

        stdout_format, ics_runs, ics_alarm, ics_busy_only = self.options
        return [
            renderer_for(
                target,
                stdout_format,
                ics_runs=ics_runs,
                ics_alarm=ics_alarm,
                ics_busy_only=ics_busy_only,
                season=season,
            )
            for target in self.targets
        ]

    def keep_calendar_identities(self, plan: Plan) -> None:
        """``plan``'s lifts take the identities of the lift events of the .ics targets it
        will replace, before any output is rendered: a re-imported calendar then moves and
        cancels only the events that changed, and every output names the same lift_id."""
        if not plan.status.solved:
            return
        from liftplan.io.render.writers import earlier_calendars

        calendars = earlier_calendars(self.targets)
        if calendars:
            from liftplan.io.render.ics import keep_calendar_identities

            keep_calendar_identities(plan, calendars)

    def finish(
        self,
        source: str,
        plan: Plan,
        time_limit: float,
        season: Season | None = None,
        said: Sequence[str] = (),
    ) -> None:
        """Exit 3 or 4 without a plan; else write every output, then the lines ``said``
        (a re-plan's changes) and the summary. The ``season``, when given, fills the plan
        page's wishes (its run-to-lift gap) and the summary's lines on what the plan leaves
        unsaid (phases not derived)."""
        from liftplan.cli.summary import infeasible_lines, summary_lines
        from liftplan.io.render.writers import write_together
        from liftplan.models.plan import Status

        if plan.status is Status.INFEASIBLE:
            for line in infeasible_lines(source, plan):
                click.echo(line, err=True)
            sys.exit(EXIT_INFEASIBLE)
        if plan.status is Status.UNKNOWN:
            why = plan.diagnosis[0] if plan.diagnosis else None  # refused before building
            click.echo(
                f"liftplan: {source}: "
                + (why or f"no plan found within {time_limit:g} s (raise --time-limit)"),
                err=True,
            )
            sys.exit(EXIT_NO_PLAN)
        from liftplan.io.render.fit import FitError

        texts: list[str | bytes] = []
        for target, render in zip(self.targets, self.renderers(season), strict=True):
            try:
                texts.append(render(plan))  # render all before writing any
            except FitError as error:
                raise InputError(target, "", str(error)) from None
        files_then_stdout = functools.partial(
            interrupts.outputs_placed, stdout_next="-" in self.targets
        )  # a stop while the plan is printed says which files it replaced
        write_together(zip(self.targets, texts, strict=True), files_then_stdout)  # all or none
        interrupts.outputs_complete()  # a signal now would only cut the summary short
        for line in said:
            click.echo(line, err=True)
        if not self.quiet:
            for line in summary_lines(plan, season):
                click.echo(line, err=True)


def _once_each(outputs: tuple[str, ...]) -> list[str]:
    """The outputs, each named once: ``-o - -o -`` prints the plan once, not twice."""
    return list(dict.fromkeys(outputs))


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
    help="The lifts actually done before --from (a plan .csv or .json), core sessions too "
    "(a file listing none keeps the planned ones); default: as planned.",
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
@options.overrides()
@options.time_limit()
@options.workers()
@options.seed()
@options.stdout_format()
@options.ics_runs()
@options.ics_alarm(help="In plan.ics, a reminder this many minutes before each event.")
@options.ics_busy_only(help='plan.ics as "Busy" blocks at the lift times, no details.')
@options.quiet()
@options.athlete()
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
    workers: int,
    seed: int,
    stdout_format: str,
    ics_runs: bool,
    ics_alarm: int | None,
    ics_busy_only: bool,
    quiet: bool,
    athlete: str | None,
) -> None:
    """Re-plan SEASON from a date after life happened, moving as little of PLAN as it can."""
    from liftplan import api
    from liftplan.io.plan_file import planned_seasons, read_plan, with_recorded_overrides

    writer = OutputWriter(outputs, stdout_format, ics_runs, ics_alarm, ics_busy_only, quiet=quiet)
    loaded = api.load_season(season, athlete)
    say_how_runs_were_read(loaded)
    previous = read_plan(plan, loaded)
    # The plan was made with these overrides (the seasons lived before --from); a re-plan
    # keeps them, the new --set go after them, over the season file as `check` reads the
    # plan written (not over the season they made: a target narrowed by one comes back).
    lived = planned_seasons(loaded, previous, plan)
    notes: list[str] = []
    loaded = with_recorded_overrides(loaded, previous, plan, extra=assignments, notes=notes)
    options.say_override_notes(notes)
    done_plan = read_plan(done, loaded) if done else None
    new, _ = api.replan(
        loaded,
        previous,
        start.date(),
        done=done_plan,
        missed=tuple(day.date() for day in missed),
        freeze_hours=freeze_hours,
        stability=stability,
        time_limit=time_limit,
        athlete=loaded.id or None,
        plan_file=plan,
        done_file=done or "--done",
        workers=workers,
        seed=seed,
        lived_under=lived,
    )
    # The new --set hold from --from on; the lifts before it keep theirs (`check` knows).
    new.overrides = previous.overrides_after_replan(assignments, start.date())
    said: list[str] = []  # what changed, said once the files are written (a stop: one line)
    if new.status.solved and not quiet:
        summary, changes = api.changes(previous, new)
        said = [f"re-planned from {start.date()}: {summary}", *(f"  {line}" for line in changes)]
    writer.finish(season, new, time_limit, loaded, said)
