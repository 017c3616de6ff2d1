"""``liftplan validate FILE``: every problem of a season, team or routines file, one a line."""

from __future__ import annotations

import sys

import click

from liftplan.cli.app import EXIT_INPUT, cli, reports_errors


@cli.command()
@click.argument("file", type=click.Path(path_type=str))
@reports_errors
def validate(file: str) -> None:
    """List every problem of FILE (a season, a team file, a roster CSV or a routines file),
    one line each
    (a season's routines file too); exit 2 if there is any, else print "ok"."""
    from liftplan.io.validation import every_problem

    problems = every_problem(file)
    for problem in problems:
        click.echo(str(problem))
    if problems:
        sys.exit(EXIT_INPUT)
    click.echo(f"{file}: ok")
