"""Commands that look at a season or a plan: explain, compare, check, schema."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from liftplan.cli import options
from liftplan.cli.app import (
    EXIT_ERROR,
    EXIT_INFEASIBLE,
    EXIT_NO_PLAN,
    cli,
    reports_errors,
)
from liftplan.models.wording import count

if TYPE_CHECKING:
    from liftplan.models.plan import Plan


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
@options.overrides(help="Override the base.")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "csv", "json", "html"]),
    default="table",
    show_default=True,
    help="table (text), csv, json (numbers as numbers) or html.",
)
@options.time_limit()
@options.workers(help="CP-SAT search workers for each scenario.")
@options.seed()
@click.option(
    "--jobs", type=click.IntRange(1, 64), default=None, help="Processes (default: cores)."
)
@options.quiet(
    help="Print nothing on stderr but problems and notes (as without it: compare "
    "prints no summary; accepted like every command's)."
)
@options.athlete()
@reports_errors
def compare(
    season: str,
    specs: tuple[str, ...],
    assignments: tuple[str, ...],
    output_format: str,
    time_limit: float,
    workers: int,
    seed: int,
    jobs: int | None,
    quiet: bool,
    athlete: str | None,
) -> None:
    """Solve SEASON and each scenario side by side; print one table and what each changes."""
    from liftplan import api
    from liftplan.io.render.comparison import RENDERERS
    from liftplan.models.plan import Status

    base = options.with_noted_overrides(api.load_season(season, athlete), assignments)
    compared = api.compare(
        base,
        specs,
        Path(season).parent,
        time_limit=time_limit,
        processes=jobs,
        workers=workers,
        seed=seed,
    )
    render = RENDERERS[output_format]
    click.echo(
        render(compared.metrics, compared.diffs, compared.changes, compared.reasons), nl=False
    )
    statuses = {plan.status for plan in compared.plans.values()}
    if Status.INFEASIBLE in statuses:
        sys.exit(EXIT_INFEASIBLE)
    if Status.UNKNOWN in statuses:
        sys.exit(EXIT_NO_PLAN)


@cli.command()
@click.argument("season", type=click.Path(path_type=str))
@click.option("--json", "as_json", is_flag=True, help="Print the explanation as JSON.")
@options.overrides()
@options.time_limit()
@options.workers()
@options.seed()
@options.quiet(
    help="Print nothing on stderr but problems and notes (as without it: explain "
    "prints no summary; accepted like every command's)."
)
@options.athlete()
@reports_errors
def explain(
    season: str,
    as_json: bool,
    assignments: tuple[str, ...],
    time_limit: float,
    workers: int,
    seed: int,
    quiet: bool,
    athlete: str | None,
) -> None:
    """Why each lift is where it is; or what clashes, and the smallest changes that fix it."""
    from liftplan import api
    from liftplan.cli.explain_text import explanation_lines
    from liftplan.models.plan import Status

    loaded = options.with_noted_overrides(api.load_season(season, athlete), assignments)
    from liftplan.cli.planning import say_how_runs_were_read

    say_how_runs_were_read(loaded, skipped=True)
    from liftplan.models.settings import NoTimeToWeigh

    try:
        explanation = api.explain(loaded, time_limit=time_limit, workers=workers, seed=seed)
    except NoTimeToWeigh as refusal:  # nothing built, nothing printed on stdout
        click.echo(f"liftplan: {season}: {refusal}", err=True)
        sys.exit(EXIT_NO_PLAN)
    if as_json:
        click.echo(explanation.model_dump_json(indent=2))
    else:
        for line in explanation_lines(explanation, season, athlete, assignments):
            click.echo(line)
    if explanation.status is Status.INFEASIBLE:
        sys.exit(EXIT_INFEASIBLE)
    if explanation.status is Status.UNKNOWN:
        sys.exit(EXIT_NO_PLAN)


@cli.command()
@click.argument("season", type=click.Path(path_type=str))
@click.argument("plan", type=click.Path(path_type=str))
@options.overrides(
    help="Override a field of SEASON, applied after the overrides PLAN records. Repeatable."
)
@options.athlete()
@reports_errors
def check(season: str, plan: str, assignments: tuple[str, ...], athlete: str | None) -> None:
    """Re-check every hard rule of PLAN (.json or .csv) against SEASON, without the solver
    (exit 1 if a rule is broken, 2 if PLAN is another athlete's or another season's)."""
    from liftplan import api
    from liftplan.errors import InputError
    from liftplan.io.plan_file import planned_seasons, read_plan, records_overrides

    loaded = api.load_season(season, athlete)
    planned = read_plan(plan, loaded)
    # Under the overrides the plan records, each from its date; then --set on top.
    loaded, earlier = planned_seasons(loaded, planned, plan, assignments)
    # A season that names its athlete (`id`) must be the plan's; a file name may change.
    # No id (or an empty one): the plan took the file's name, which a copy may not share.
    report = api.check(loaded, planned, athlete=loaded.id or None, earlier=earlier)
    if report.mismatch is not None:
        raise InputError(plan, report.mismatch.field, report.mismatch.problem)
    if report.violations:
        for violation in report.violations:
            click.echo(f"{plan}: {violation}")
        click.echo(count(len(report.violations), "violation"), err=True)
        # A plan.csv records no --set (a re-plan's history it does): unless --set is given
        # here, the plan.json of a plan made with one is the file to check.
        if not records_overrides(plan) and not assignments:
            click.echo(
                f"liftplan: note: {plan} records no --set; a plan made with --set is checked "
                "whole from its plan.json (or give the same --set here)",
                err=True,
            )
        sys.exit(EXIT_ERROR)
    lifts = f"{plan}: OK, {_checked_sessions(planned)} no hard rule"
    if report.sessions_only:
        click.echo(f"{lifts}; a CSV records no score to check")
    elif planned.objective is None:  # the score is recomputed, but there is none to confirm
        click.echo(f"{lifts}; the plan records no objective to check")
    else:
        click.echo(f"{lifts}; objective {report.objective}")


def _checked_sessions(planned: Plan) -> str:
    """What check verified and its verb: ``"31 lifts and 16 core sessions break"``; core
    sessions are checked too, so they are counted (left out when there are none)."""
    lifts, cores = len(planned.lifts), len(planned.core_sessions)
    if not cores:
        return f"{count(lifts, 'lift')} {'breaks' if lifts == 1 else 'break'}"
    return f"{count(lifts, 'lift')} and {count(cores, 'core session')} break"


@cli.command()
@reports_errors
def schema() -> None:
    """Print the JSON Schema of the season file."""
    from liftplan.models.season import Season

    document = Season.model_json_schema()
    document["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    click.echo(json.dumps(document, indent=2))
