"""``liftplan``: solve, check and schema (SPEC section 6).

Exit codes: 0 solved, 1 unexpected error, 2 invalid input or usage, 3 infeasible,
4 no plan within the time limit. User errors print one line, never a traceback.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from liftplan.errors import InputError

if TYPE_CHECKING:
    from liftplan.batch import BatchReport
    from liftplan.models.plan import Plan

EXIT_OK, EXIT_ERROR, EXIT_INPUT, EXIT_INFEASIBLE, EXIT_NO_PLAN = 0, 1, 2, 3, 4

F = TypeVar("F", bound=Callable[..., Any])


def reports_errors(command: F) -> F:
    """Turn user errors into one line and exit 2; anything else into exit 1."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except InputError as error:
            click.echo(f"liftplan: {error}", err=True)
            sys.exit(EXIT_INPUT)
        except KeyboardInterrupt:
            click.echo("liftplan: interrupted; no output was changed", err=True)
            sys.exit(130)
        except (click.exceptions.Exit, click.ClickException, SystemExit):
            raise
        except Exception as error:  # a bug of ours, not the user's: say so briefly
            click.echo(f"liftplan: internal error: {type(error).__name__}: {error}", err=True)
            sys.exit(EXIT_ERROR)

    return wrapper  # type: ignore[return-value]


class LiftplanGroup(click.Group):
    """A click group whose usage errors are one line and exit 2, like every other input error."""

    def main(  # type: ignore[override]
        self, args: list[str] | None = None, prog_name: str | None = None, **extra: Any
    ) -> None:
        extra["standalone_mode"] = False
        try:
            result = super().main(args, prog_name or "liftplan", **extra)
        except click.exceptions.UsageError as error:
            click.echo(f"liftplan: {error.format_message()}", err=True)
            sys.exit(EXIT_INPUT)
        except click.exceptions.Abort:
            click.echo("liftplan: interrupted; no output was changed", err=True)
            sys.exit(130)
        sys.exit(result if isinstance(result, int) else EXIT_OK)


@click.group(cls=LiftplanGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="liftplan")
def cli() -> None:
    """Plan strength training around your running, over a whole season."""


@cli.command()
@click.argument("season", type=click.Path(dir_okay=True, path_type=str))
@click.option(
    "-o",
    "--output",
    "outputs",
    multiple=True,
    metavar="PLAN.{csv,json,ics,html,xlsx}",
    help="Write the plan here; the suffix picks the format; '-' is stdout. Repeatable.",
)
@click.option(
    "--ics-runs/--no-ics-runs",
    default=True,
    show_default=True,
    help="Put the runs in plan.ics too, not only the lifts.",
)
@click.option(
    "--time-limit",
    type=click.FloatRange(min=0.01),
    default=60.0,
    show_default=True,
    help="Seconds CP-SAT may search.",
)
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="CP-SAT search workers (the same count and seed give the same plan).",
)
@click.option("--seed", type=click.IntRange(min=0), default=0, show_default=True)
@click.option(
    "--set",
    "assignments",
    multiple=True,
    metavar="PATH=VALUE",
    help="Override a field of SEASON, e.g. rules.recovery_hours=48. Repeatable.",
)
@click.option(
    "--stdout-format",
    type=click.Choice(["csv", "json"]),
    default="csv",
    show_default=True,
    help="Format of '-o -' and of the plan printed when no -o is given.",
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
    from liftplan.overrides import with_overrides

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
        from liftplan.io.writers import renderer_for

        self.targets = list(outputs) or ["-"]
        try:
            self.renderers = [
                renderer_for(t, stdout_format, ics_runs=ics_runs) for t in self.targets
            ]
        except ValueError as error:
            raise InputError(self.targets[0], "", str(error)) from None

    def finish(self, source: str, plan: Plan, time_limit: float) -> None:
        """Exit 3 or 4 without a plan; else write every output, then the summary."""
        from liftplan.cli.summary import infeasible_lines, summary_lines
        from liftplan.io.writers import write_atomic
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
@click.option(
    "--scenario",
    "specs",
    multiple=True,
    required=True,
    metavar="NAME=FILE|NAME=path=value[,path=value]",
    help="A scenario: a partial season file merged over SEASON, or overrides. Repeatable.",
)
@click.option(
    "--set", "assignments", multiple=True, metavar="PATH=VALUE", help="Override the base."
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "csv", "json", "html"]),
    default="table",
    show_default=True,
)
@click.option("--time-limit", type=click.FloatRange(min=0.01), default=60.0, show_default=True)
@click.option(
    "--jobs", type=click.IntRange(1, 64), default=None, help="Processes (default: cores)."
)
@reports_errors
def compare(
    season: str,
    specs: tuple[str, ...],
    assignments: tuple[str, ...],
    output_format: str,
    time_limit: float,
    jobs: int | None,
) -> None:
    """Solve SEASON and each scenario side by side; print one table and what each changes."""
    from liftplan import api
    from liftplan.io.comparison import RENDERERS
    from liftplan.models.plan import Status
    from liftplan.overrides import with_overrides
    from liftplan.scenarios import BASE, Scenario, diff, metrics, parse_scenario, solve_all

    base = with_overrides(api.load_season(season), assignments)
    scenarios = [Scenario(BASE, base)]
    for spec in specs:
        scenario = parse_scenario(spec, base, Path(season).parent)
        if any(s.name == scenario.name for s in scenarios):
            raise InputError("--scenario", spec, f"the name {scenario.name!r} is used twice")
        scenarios.append(scenario)
    plans = solve_all(scenarios, time_limit, processes=jobs)
    columns = {name: metrics(plans[name]) for name in plans}
    diffs = {
        name: diff(plans[BASE], plan)
        for name, plan in plans.items()
        if name != BASE and plan.status.solved and plans[BASE].status.solved
    }
    click.echo(RENDERERS[output_format](columns, diffs), nl=False)
    statuses = {plan.status for plan in plans.values()}
    if Status.INFEASIBLE in statuses:
        sys.exit(EXIT_INFEASIBLE)
    if Status.UNKNOWN in statuses:
        sys.exit(EXIT_NO_PLAN)


@cli.command()
@click.argument("season", type=click.Path(path_type=str))
@click.option("--json", "as_json", is_flag=True, help="Print the explanation as JSON.")
@click.option("--set", "assignments", multiple=True, metavar="PATH=VALUE", help="Override a field.")
@click.option("--time-limit", type=click.FloatRange(min=0.01), default=60.0, show_default=True)
@reports_errors
def explain(season: str, as_json: bool, assignments: tuple[str, ...], time_limit: float) -> None:
    """Why each lift is where it is; or what clashes, and the smallest changes that fix it."""
    from liftplan import api
    from liftplan.cli.explain_text import explanation_lines
    from liftplan.models.plan import Status
    from liftplan.overrides import with_overrides

    loaded = with_overrides(api.load_season(season), assignments)
    explanation = api.explain(loaded, time_limit=time_limit)
    if as_json:
        click.echo(explanation.model_dump_json(indent=2))
    else:
        for line in explanation_lines(explanation, season):
            click.echo(line)
    if explanation.status is Status.INFEASIBLE:
        sys.exit(EXIT_INFEASIBLE)
    if explanation.status is Status.UNKNOWN:
        sys.exit(EXIT_NO_PLAN)


@cli.command()
@click.argument("season", type=click.Path(path_type=str))
@click.argument("plan", type=click.Path(path_type=str))
@reports_errors
def check(season: str, plan: str) -> None:
    """Re-check every hard rule of PLAN against SEASON, without the solver (exit 1 if broken)."""
    from liftplan.check import check_plan
    from liftplan.io.plan_file import load_plan
    from liftplan.io.season_file import load_season

    loaded = load_season(season)
    report = check_plan(loaded, load_plan(plan, loaded.timezone))
    if report.violations:
        for violation in report.violations:
            click.echo(f"{plan}: {violation}")
        click.echo(f"{len(report.violations)} violation(s)", err=True)
        sys.exit(EXIT_ERROR)
    lifts = sum(1 for _ in load_plan(plan, loaded.timezone).lifts)
    click.echo(f"{plan}: OK, {lifts} lifts break no hard rule; objective {report.objective}")


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
    default=24.0,
    show_default=True,
    help="Planned lifts this soon after --from stay as they are.",
)
@click.option(
    "--stability",
    type=click.IntRange(0),
    default=40,
    show_default=True,
    help="Cost of each planned lift moved or dropped.",
)
@click.option("-o", "--output", "outputs", multiple=True, metavar="PLAN.{csv,json,ics,html,xlsx}")
@click.option("--set", "assignments", multiple=True, metavar="PATH=VALUE", help="Override a field.")
@click.option("--time-limit", type=click.FloatRange(min=0.01), default=60.0, show_default=True)
@click.option("--stdout-format", type=click.Choice(["csv", "json"]), default="csv")
@click.option("--ics-runs/--no-ics-runs", default=True)
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
    from liftplan.io.plan_file import load_plan
    from liftplan.overrides import with_overrides
    from liftplan.scenarios import lift_changes

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
        changes = lift_changes(previous.lifts, new.lifts)
        click.echo(
            f"re-planned from {start.date()}: {len(changes)} change(s), "
            f"{moved} planned lift(s) moved or dropped",
            err=True,
        )
        for line in changes:
            click.echo(f"  {line}", err=True)
    writer.finish(season, new, time_limit)


@cli.command()
@click.argument("team", type=click.Path(path_type=str))
@click.option("-o", "--output", "directory", required=True, help="Folder for the plans.")
@click.option(
    "--jobs",
    type=click.IntRange(1, 256),
    default=None,
    help="Local processes (default: cores), one CP-SAT worker each.",
)
@click.option(
    "--format",
    "formats",
    multiple=True,
    default=("json", "csv"),
    show_default=True,
    type=click.Choice(["json", "csv", "ics", "html", "xlsx"]),
    help="Repeatable.",
)
@click.option("--resume", is_flag=True, help="Keep plans already up to date; solve the rest.")
@click.option("--scheduler", metavar="tcp://HOST:PORT", help="Run the jobs on a Dask cluster.")
@click.option("--time-limit", type=click.FloatRange(min=0.01), default=60.0, show_default=True)
@click.option("--seed", type=click.IntRange(min=0), default=0, show_default=True)
@click.option(
    "--joint",
    is_flag=True,
    help="Plan the team together, sharing the team file's `facility: {capacity, hours}`.",
)
@reports_errors
def batch(
    team: str,
    directory: str,
    jobs: int | None,
    formats: tuple[str, ...],
    resume: bool,
    scheduler: str | None,
    time_limit: float,
    seed: int,
    joint: bool,
) -> None:
    """One plan per athlete of TEAM (a team file, a roster CSV or a season), plus a summary."""
    import signal

    from liftplan.batch import (
        dask_executor,
        local_executor,
        run_batch,
        run_joint,
    )
    from liftplan.io.team_file import load_facility, load_team
    from liftplan.joint import parse_facility

    athletes = load_team(team)
    if joint:
        raw = load_facility(team)
        if raw is None:
            raise InputError(team, "facility", "--joint needs `facility: {capacity: N}`")
        report, shared = run_joint(
            athletes,
            Path(directory),
            parse_facility(raw, team),
            formats=formats,
            time_limit=time_limit,
            seed=seed,
        )
        click.echo(
            f"joint: objective {shared.objective}, lower bound {shared.lower_bound}, "
            f"gap {100 * shared.gap:.2f}%, peak {shared.peak}/{shared.capacity} places, "
            f"{shared.rounds} round(s), {shared.seconds:.1f} s",
            err=True,
        )
        _batch_exit(report)
        return
    executor = dask_executor(scheduler) if scheduler else local_executor(jobs)

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)  # a killed batch stops cleanly and can --resume
    with click.progressbar(length=len(athletes), label="planning", file=sys.stderr) as bar:
        bar.update(0)
        try:
            report = run_batch(
                athletes,
                Path(directory),
                executor,
                formats=formats,
                time_limit=time_limit,
                seed=seed,
                resume=resume,
                on_result=lambda result: bar.update(1),
            )
        finally:
            executor.shutdown(wait=False, cancel_futures=True)
    _batch_exit(report)


def _batch_exit(report: BatchReport) -> None:
    from liftplan.batch import summary_counts

    click.echo(summary_counts(report), err=True)
    for row in report.rows:
        if row["status"] not in ("OPTIMAL", "FEASIBLE"):
            click.echo(f"  {row['athlete']}: {row['status']}: {row['error']}", err=True)
    if report.count("INVALID"):
        sys.exit(EXIT_INPUT)
    if report.count("INFEASIBLE"):
        sys.exit(EXIT_INFEASIBLE)
    if report.count("UNKNOWN"):
        sys.exit(EXIT_NO_PLAN)


@cli.command()
@click.option(
    "--from-ics",
    "calendar",
    required=False,
    type=click.Path(path_type=str),
    help="Your busy calendar (.ics): its free time becomes your lifting windows.",
)
@click.option("--timezone", help="IANA zone; by default the calendar's own.")
@click.option("--start", help="First day of the season, YYYY-MM-DD (default: next Monday).")
@click.option("--weeks", type=click.IntRange(1, 260), default=16, show_default=True)
@click.option("-o", "--output", default="season.yaml", show_default=True, help="File to write.")
@click.option("--force", is_flag=True, help="Replace an existing file.")
@click.option("--roster-template", is_flag=True, help="Print a roster CSV to fill in instead.")
@reports_errors
def init(
    calendar: str | None,
    timezone: str | None,
    start: str | None,
    weeks: int,
    output: str,
    force: bool,
    roster_template: bool,
) -> None:
    """Write a starter season file from a busy calendar, or print a team roster template."""
    from liftplan.io.starter import starter_season
    from liftplan.io.writers import write_atomic

    if roster_template:
        from liftplan.io.team_file import ROSTER_TEMPLATE

        click.echo(ROSTER_TEMPLATE, nl=False)
        return
    if calendar is None:
        raise click.UsageError("give --from-ics BUSY.ics, or --roster-template")

    if Path(output).exists() and not force:
        raise InputError(output, "", "exists already (use --force to replace it)")
    text = starter_season(calendar, output, timezone=timezone, start=start, weeks=weeks)
    write_atomic(output, text)
    click.echo(f"wrote {output}: edit its runs, then `liftplan solve {output}`", err=True)


@cli.command()
@reports_errors
def schema() -> None:
    """Print the JSON Schema of the season file."""
    from liftplan.models.season import Season

    document = Season.model_json_schema()
    document["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    click.echo(json.dumps(document, indent=2))


def main(argv: list[str] | None = None) -> None:
    """Console entry point."""
    cli.main(argv, prog_name="liftplan")
