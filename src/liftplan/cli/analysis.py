"""Commands that look at a season or a plan: explain, compare, check, schema."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from liftplan.cli import options
from liftplan.cli.app import (
    EXIT_ERROR,
    EXIT_INFEASIBLE,
    EXIT_NO_PLAN,
    cli,
    reports_errors,
)


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
) -> None:
    """Solve SEASON and each scenario side by side; print one table and what each changes."""
    from liftplan import api
    from liftplan.io.render.comparison import RENDERERS
    from liftplan.models.plan import Status

    base = options.with_noted_overrides(api.load_season(season), assignments)
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
@reports_errors
def explain(
    season: str,
    as_json: bool,
    assignments: tuple[str, ...],
    time_limit: float,
    workers: int,
    seed: int,
) -> None:
    """Why each lift is where it is; or what clashes, and the smallest changes that fix it."""
    from liftplan import api
    from liftplan.cli.explain_text import explanation_lines
    from liftplan.models.plan import Status

    loaded = options.with_noted_overrides(api.load_season(season), assignments)
    explanation = api.explain(loaded, time_limit=time_limit, workers=workers, seed=seed)
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
    from liftplan import api
    from liftplan.io.plan_file import load_plan

    loaded = api.load_season(season)
    planned = load_plan(plan, loaded.timezone)
    report = api.check(loaded, planned)
    if report.violations:
        for violation in report.violations:
            click.echo(f"{plan}: {violation}")
        click.echo(f"{len(report.violations)} violation(s)", err=True)
        sys.exit(EXIT_ERROR)
    click.echo(
        f"{plan}: OK, {len(planned.lifts)} lifts break no hard rule; objective {report.objective}"
    )


@cli.command()
@reports_errors
def schema() -> None:
    """Print the JSON Schema of the season file."""
    from liftplan.models.season import Season

    document = Season.model_json_schema()
    document["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    click.echo(json.dumps(document, indent=2))
