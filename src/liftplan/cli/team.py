"""Commands for teams and starters: batch (and joint), init."""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

from liftplan.cli import interrupts, options
from liftplan.cli.app import (
    EXIT_ERROR,
    EXIT_INFEASIBLE,
    EXIT_INPUT,
    EXIT_NO_PLAN,
    cli,
    reports_errors,
)
from liftplan.errors import InputError, one_line
from liftplan.io.render.writers import STOP_SIGNALS
from liftplan.models.wording import count

if TYPE_CHECKING:
    from liftplan.api import BatchReport


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
    type=click.Choice(["json", "csv", "ics", "html", "xlsx", "zip"]),
    help="Repeatable; zip: one FIT strength workout per lift, for the watch.",
)
@click.option(
    "--resume",
    is_flag=True,
    help="Keep plans already up to date; solve the rest (--joint: all or none).",
)
@click.option("--scheduler", metavar="tcp://HOST:PORT", help="Run the jobs on a Dask cluster.")
@options.time_limit()
@options.workers(help="CP-SAT workers per athlete (a local batch runs one per process).")
@options.seed()
@options.quiet()
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
    workers: int,
    seed: int,
    quiet: bool,
    joint: bool,
) -> None:
    """One plan per athlete of TEAM (a team file, a roster CSV or a season), plus a summary."""
    # A local batch is stopped by Ctrl-C and SIGTERM from the start, while the team is read
    # and the pool forks and imports the solver: raised there, a KeyboardInterrupt was lost
    # in an import or a forked copy of this process, and SIGTERM ended it without a word.
    local = not joint and scheduler is None
    # The command line's own process (not a test runner's), asked before the handlers below
    # take Ctrl-C: only it may end at once (`_end_now`).
    own_process = interrupts.installed()
    early_stop = click.get_current_context().with_resource(_stop_on_signals()) if local else None
    from liftplan import api
    from liftplan.io.render.writers import check_folder
    from liftplan.io.team_file import load_team, refuse_replaced_inputs

    # A local pool is made while the team is read (a cluster is asked for after, so that a
    # bad team file is named first). Each athlete's season is checked by the job that plans
    # them (`member_season`).
    if joint or scheduler is not None:
        squad, early = load_team(team, check_athletes=False), None
    else:
        squad, early = api.team_and_pool(team, jobs)
    try:
        check_folder(Path(directory))  # a file in its place or a read-only folder: first
        # A plan written over the team file or a file it reads: refused before any solve.
        refuse_replaced_inputs(team, squad.athletes, Path(directory))
    except BaseException:
        if early is not None:
            early.shutdown(wait=True, cancel_futures=True)  # no worker outlives the batch
        raise
    athletes = squad.athletes
    if joint:
        written: list[object] = []

        def placed(result: object) -> None:  # a stop while writing says what was written
            written.append(result)
            interrupts.outputs_placed(
                [
                    f"the files of {count(len(written), 'athlete')} in {directory}",
                    str(Path(directory) / "summary.csv"),
                ],
                stdout_next=False,
            )

        report, shared = api.run_joint(
            squad,
            team,
            Path(directory),
            formats=formats,
            time_limit=time_limit,
            seed=seed,
            resume=resume,
            on_result=placed,
        )
        interrupts.outputs_complete()  # the plans are written: a signal would only cut the report
        if shared is None:  # --resume, nothing changed: every plan kept
            _batch_exit(report, quiet)
            return
        if resume and not quiet:  # one athlete's change can move everyone's lifts
            click.echo(
                f"joint: {report.replanned_because}: planning all "
                f"{count(len(athletes), 'athlete')} together again",
                err=True,
            )
        if not quiet and not shared.over_capacity:  # else no plan is written: no figures
            click.echo(
                f"joint: objective {shared.objective}, lower bound {shared.lower_bound}, "
                f"gap {100 * shared.gap:.2f}%, peak {shared.peak}/{shared.capacity} places, "
                f"{count(shared.rounds, 'round')}, {shared.seconds:.1f} s",
                err=True,
            )
            if shared.no_room:  # what the gap counts for them: say it beside it
                click.echo(
                    f"joint: {count(len(shared.no_room), 'athlete')} plannable alone found no "
                    f"room; the objective counts {shared.no_room_cost} for them",
                    err=True,
                )
        for line in shared.group_warnings:  # the group meets less often: say why
            click.echo(f"liftplan: {team}: {line}", err=True)
        if shared.over_capacity:
            click.echo(f"liftplan: {team}: the weight room is too small:", err=True)
            for line in shared.over_capacity:
                click.echo(f"  {line}", err=True)
            sys.exit(EXIT_INFEASIBLE)
        _batch_exit(report, quiet)
        return
    executor = early or api.team_executor(jobs, scheduler)
    # A bar only where someone watches: in a log (stderr not a terminal) it would be a lone
    # "planning" line before the summary.
    watched = not quiet and sys.stderr.isatty()
    progress = sys.stderr if watched else open(os.devnull, "w")  # noqa: SIM115 (closed below)
    signals = contextlib.nullcontext(early_stop) if early_stop else _stop_on_signals()
    with signals as stop, contextlib.ExitStack() as shown:
        # The bar prints its label as it opens: opened once the folder is found fit, so a
        # folder's error is the only line.
        bar = click.progressbar(length=len(athletes), label="planning", file=progress)
        unwritable: InputError | None = None
        try:
            report = api.run_batch(
                athletes,
                Path(directory),
                executor,
                formats=formats,
                time_limit=time_limit,
                seed=seed,
                workers=workers,
                resume=resume,
                on_result=lambda result: bar.update(1),
                on_start=lambda: shown.enter_context(bar),
                stop=stop,
            )
        except InputError as error:  # e.g. a plan that cannot be written: exit 2 below
            unwritable = error
        finally:
            executor.shutdown(wait=True, cancel_futures=True)  # no worker outlives the batch
            if progress is not sys.stderr:
                progress.close()
    if unwritable is not None:
        # One line, exit 2, as any input error; but, as an interrupted batch does, without
        # joining the pool's thread, which the workers ended mid-result can leave waiting
        # forever (the command then hung after its line).
        click.echo(f"liftplan: {unwritable}", err=True)
        _end_now(EXIT_INPUT, own_process)
    if report.interrupted:
        how = signal.Signals(stop.signum).name if stop.signum else "a signal"
        click.echo(f"liftplan: {report.interruption(Path(directory), how)}", err=True)
        _end_now(128 + (stop.signum or signal.SIGINT), own_process)
    interrupts.outputs_complete()  # every plan written: a signal now would only cut the summary
    _batch_exit(report, quiet)


def _end_now(code: int, own_process: bool) -> NoReturn:
    """End a batch whose every file is written and every worker ended, skipping the join of
    the pool's thread, which a worker ended mid-result can leave waiting forever (in the
    command line's ``own_process``: a test runner's goes on)."""
    sys.stdout.flush()
    sys.stderr.flush()
    if own_process:
        os._exit(code)
    sys.exit(code)


class _Stop(threading.Event):
    """Set by Ctrl-C or SIGTERM; which one came first."""

    signum = 0


@contextlib.contextmanager
def _stop_on_signals() -> Iterator[_Stop]:
    """While planning, Ctrl-C and SIGTERM ask the batch to stop (it then writes what it has
    and says so) instead of raising in the middle of a write."""
    stop = _Stop()

    def requested(signum: int, frame: object) -> None:
        stop.signum = stop.signum or signum
        stop.set()

    before = {number: signal.signal(number, requested) for number in STOP_SIGNALS}
    try:
        yield stop
    finally:
        for number, handler in before.items():
            signal.signal(number, handler)


def _batch_exit(report: BatchReport, quiet: bool = False) -> None:
    from liftplan import api

    if not quiet:
        click.echo(api.summary_counts(report), err=True)
    for row in report.rows:
        if row["status"] not in ("OPTIMAL", "FEASIBLE"):
            line = one_line(f"{row['athlete']}: {row['status']}: {row['error']}")
            click.echo(f"  {line}", err=True)  # an id may hold a line break: its own line
    if report.count("ERROR"):  # a bug of ours, for these athletes only
        sys.exit(EXIT_ERROR)
    if report.count("INVALID"):
        sys.exit(EXIT_INPUT)
    if report.count("INFEASIBLE"):
        sys.exit(EXIT_INFEASIBLE)
    if report.count("UNKNOWN") or report.count("NO_ROOM"):  # no plan found, none proven
        sys.exit(EXIT_NO_PLAN)


@cli.command()
@click.option(
    "--from-ics",
    "calendar",
    required=False,
    type=click.Path(path_type=str),
    help="Your busy calendar (.ics): its free time becomes your lifting windows.",
)
@click.option(
    "--runs-from",
    "runs",
    type=click.Path(path_type=str),
    help="Your running plan: a calendar (.ics) whose events are runs, or a table (.csv).",
)
@click.option(
    "--timezone", help="IANA zone; by default the calendar's own (init refuses to guess)."
)
@click.option("--start", help="First day of the season, YYYY-MM-DD (default: next Monday).")
@click.option(
    "--weeks",
    type=click.IntRange(1, 260),
    default=16,
    show_default=True,
    help="Length of the season in weeks.",
)
@click.option("-o", "--output", default="season.yaml", show_default=True, help="File to write.")
@click.option("--force", is_flag=True, help="Replace an existing file.")
@click.option("--roster-template", is_flag=True, help="Print a roster CSV to fill in instead.")
@options.quiet(help="Do not say what was read from the calendar.")
@reports_errors
def init(
    calendar: str | None,
    runs: str | None,
    timezone: str | None,
    start: str | None,
    weeks: int,
    output: str,
    force: bool,
    roster_template: bool,
    quiet: bool,
) -> None:
    """Write a starter season file from a busy calendar, or print a team roster template."""
    from liftplan.io.render.writers import write_atomic
    from liftplan.io.starter import starter_season

    if roster_template:
        from liftplan.io.team_file import ROSTER_TEMPLATE

        click.echo(ROSTER_TEMPLATE, nl=False)
        return
    if calendar is None and runs is None:
        raise click.UsageError(
            "give --from-ics BUSY.ics and/or --runs-from RUNS.ics, or --roster-template"
        )

    if Path(output).exists() and not force:
        raise InputError(output, "", "exists already (use --force to replace it)")
    text, season = starter_season(
        calendar, output, timezone=timezone, start=start, weeks=weeks, runs=runs
    )
    write_atomic(output, text)
    interrupts.outputs_complete()  # the season file is written: nothing left to stop
    if not quiet:
        from liftplan.io.calendar_report import read_lines, skipped_event_lines, unmatched_lines

        click.echo(f"time zone: {season.timezone}", err=True)
        for line in read_lines(season) + unmatched_lines(season) + skipped_event_lines(season):
            click.echo(line, err=True)
    click.echo(f"wrote {output}: edit its runs, then `liftplan solve {output}`", err=True)
