"""Plan a whole team: one plan per athlete, on a local process pool or a Dask cluster.

Written against `concurrent.futures.Executor`: the default is a local process pool with one
CP-SAT worker per job (no oversubscription); a Dask cluster's executor runs the same jobs.
Jobs carry plain data (the season as a dict) and build their model in the worker, since
CP-SAT models do not pickle. One athlete's bad input, infeasible season or even a bug of
ours is reported in that athlete's summary row and stops nobody. Each athlete's files are
written together (a local pool's workers stage them beside their targets; the batch syncs
and renames them), and the summary every half second, so an interrupted batch (``stop`` set,
e.g. by Ctrl-C) resumes with `resume=True`, solving only what is missing or changed.
`summary.csv` is the same bytes for the same input; how long each solve took goes to
`timings.csv`. Pool workers die with the batch, even when it is killed with SIGKILL.
"""

from __future__ import annotations

import contextlib
import csv
import functools
import hashlib
import io
import json
import multiprocessing
import os
import queue
import re
import sys
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from liftplan.errors import InputError
from liftplan.io.render import team_html
from liftplan.io.render.team_html import Calendar, render_team
from liftplan.io.render.writers import (
    SUFFIXES,
    commit_staged,
    hold_folder,
    output_folder,
    remove_staged_leftovers,
    removed_together,
    renderer_for,
    replaced_calendar,
    spreadsheet_row,
    stage_unsynced,
    write_atomic,
    write_together,
)
from liftplan.io.team_file import BATCH_OUTPUTS, Athlete, TeamInput, load_team, member_season
from liftplan.models.plan import Plan, Status
from liftplan.models.season import Season
from liftplan.models.settings import (
    DEFAULT_JOINT_TIME_LIMIT,
    DEFAULT_SEED,
    DEFAULT_TIME_LIMIT,
    DEFAULT_WORKERS,
)
from liftplan.models.team import Facility, Group
from liftplan.models.wording import count
from liftplan.solver.pool import StoppablePool, worker_started

# What only solving needs (CP-SAT and the plan builder: half a second to import) is imported
# where it is used, or by `local_executor` while a forked process reads the team
# (`team_and_pool`); a Dask batch's process never does.
if TYPE_CHECKING:
    from liftplan.team.joint import JointReport

# The batch's own files (timings.csv: seconds per solve, the one that differs between runs).
SUMMARY, TIMINGS, OVERVIEW, JOINT = BATCH_OUTPUTS
SUMMARY_COLUMNS = (
    "athlete",
    "file",
    "status",
    "objective",
    "lifts",
    "checked",
    "error",
    "input_hash",
    "note",  # e.g. why the athlete's group met less often (joint); older summaries lack it
)
# What every run's summary row has (older summaries lack `note`).
ALWAYS_LISTED = tuple(column for column in SUMMARY_COLUMNS if column != "note")
TIMING_COLUMNS = ("athlete", "status", "seconds")
SAVE_EVERY = 0.5  # seconds between two writes of the summary while a batch runs
# A re-run would give the same (NO_ROOM: a joint run's, whose hash covers the whole team).
DONE = {"OPTIMAL", "FEASIBLE", "INFEASIBLE", "INVALID", "NO_ROOM"}
PLANNED = {"OPTIMAL", "FEASIBLE"}  # a row with a plan


@dataclass
class Result:
    athlete: str
    file: str
    status: str
    objective: str = ""
    lifts: str = ""
    seconds: str = ""
    checked: str = ""
    error: str = ""
    input_hash: str = ""
    note: str = ""
    files: dict[str, bytes] = field(default_factory=dict, repr=False)
    # Or, from a local pool's worker: the same files already written beside their targets
    # (suffix -> temporary path), for the batch to put in place (`stage_files`).
    staged: dict[str, str] = field(default_factory=dict, repr=False)
    calendar: Calendar | None = field(default=None, repr=False)  # the plan on team.html

    def row(self) -> dict[str, str]:
        return {key: str(getattr(self, key)) for key in SUMMARY_COLUMNS}

    def timing(self) -> dict[str, str]:
        return {"athlete": self.athlete, "status": self.status, "seconds": self.seconds}


def solve_athlete(
    athlete: Athlete,
    formats: tuple[str, ...],
    time_limit: float,
    seed: int,
    workers: int = DEFAULT_WORKERS,
    calendar: str | None = None,
) -> Result:
    """One athlete, start to finish, in a worker process: validate, solve, check, render.
    ``calendar``: the text of their plan.ics an earlier run left, whose lifts keep their
    identities (`result_for`). Never raises: bad input is an INVALID row, a bug of ours an
    ERROR row (exit 1 at the end, once every other athlete is planned)."""
    from liftplan.explain.conflicts import diagnosis_lines
    from liftplan.io.catalogue import load_catalogue
    from liftplan.plan.season_plan import plan_season
    from liftplan.plan.workouts import builder_for

    input_hash = solo_hash(athlete)  # a JSON dump of their input: made once, for either row
    result = Result(athlete.id, athlete.stem, "INVALID", input_hash=input_hash)
    started = time.perf_counter()
    try:
        season = member_season(athlete)
        builder = builder_for(season, load_catalogue(season.routines))
        plan, timeline = plan_season(
            season, builder, athlete=athlete.id, seed=seed, workers=workers, time_limit=time_limit
        )
        if plan.status is Status.INFEASIBLE:  # the clash only: repairs take a solve each
            plan.diagnosis = diagnosis_lines(season, timeline, time_limit=time_limit)
        seconds = time.perf_counter() - started
        return result_for(athlete, season, plan, formats, seconds, input_hash, calendar)
    except InputError as error:
        result.error = str(error)
    except Exception as error:  # a bug for this athlete: theirs is the only row it costs
        result = failed(athlete, error)
    result.seconds = f"{time.perf_counter() - started:.2f}"
    return with_calendar_cancelled(result, formats, calendar)


def solve_and_stage(directory: str, athlete: Athlete, *job: Any) -> Result:
    """`solve_athlete` (``job``: its other arguments) in a local pool's worker, whose files
    it writes beside their targets in ``directory`` (`stage_files`)."""
    return stage_files(solve_athlete(athlete, *job), Path(directory))


def stage_files(result: Result, directory: Path) -> Result:
    """``result`` with its files written as temporaries in ``directory`` (not yet in place
    nor synced: the batch does both, `_Folder.record`) rather than carried as bytes: a
    plan's 250 KB then need not be pickled, piped and written again by the batch's one
    process, which was its busiest work while the workers solve. If they cannot be
    written (a full disk), none is, and the bytes go back for the batch to report."""
    staged: dict[str, str] = {}
    try:
        for suffix, content in result.files.items():
            target = directory / f"{result.file}.{suffix}"
            staged[suffix] = str(stage_unsynced(target, content))
    except OSError:
        for temporary in staged.values():
            with contextlib.suppress(OSError):  # as far as the folder lets us
                Path(temporary).unlink(missing_ok=True)
        return result
    result.staged, result.files = staged, {}
    return result


def failed(athlete: Athlete, error: BaseException) -> Result:
    """The ERROR row of an athlete whose job failed for a reason that is ours, not theirs."""
    reason = f"internal error: {type(error).__name__}: {error}"
    return Result(athlete.id, athlete.stem, "ERROR", error=" ".join(reason.split()))


def result_for(
    athlete: Athlete,
    season: Season,
    plan: Plan,
    formats: tuple[str, ...],
    seconds: float,
    input_hash: str = "",
    calendar: str | None = None,
) -> Result:
    """The summary row and the rendered files of one athlete's plan, checked independently;
    ``input_hash`` is the row's (the caller's, who knows the mode: solo or joint). With ics
    among ``formats``, ``calendar`` is the athlete's plan.ics an earlier run wrote (None:
    none): its lifts' identities are kept, in every file, as `solve` keeps them over a
    plan.ics, and its dropped lifts are written cancelled."""
    from liftplan.check import check_plan

    result = Result(athlete.id, athlete.stem, str(plan.status), input_hash=input_hash)
    result.seconds = f"{seconds:.2f}"
    if not plan.status.solved:
        result.error = "; ".join(plan.diagnosis) or "no plan keeps every hard rule (see explain)"
        return with_calendar_cancelled(result, formats, calendar, plan.timezone)
    report = check_plan(season, plan)
    result.objective = str(plan.objective)
    result.lifts = str(len(plan.lifts))
    result.checked = "ok" if report.ok else count(len(report.violations), "violation")
    # Here, in the worker: the page is only assembled. Read off the module when called, so
    # benchmarks/athlete_cost.py can time it.
    result.calendar = team_html.calendar_of(plan)
    if calendar and "ics" in formats:
        from liftplan.io.render.ics import keep_calendar_identities

        keep_calendar_identities(plan, [calendar])
    for suffix in formats:
        rendered = renderer_for(f"plan.{suffix}", season=season, earlier=lambda: calendar)(plan)
        result.files[suffix] = rendered.encode() if isinstance(rendered, str) else rendered
    return result


def with_calendar_cancelled(
    result: Result, formats: tuple[str, ...], calendar: str | None, timezone: str = "UTC"
) -> Result:
    """``result`` of an athlete without a plan this run, with the plan.ics an earlier run
    left (``calendar``) written again with every lift and run cancelled, SEQUENCE up, so a
    subscribed calendar removes them and a plan that comes back later goes up again (its
    other plan files go: `_Folder.record`)."""
    if not calendar or "ics" not in formats:
        return result
    from liftplan.io.render.ics import render_ics

    nothing = Plan(athlete=result.athlete, timezone=timezone, status=Status.INFEASIBLE)
    result.files["ics"] = render_ics(nothing, previous=calendar).encode()
    return result


def read_summary(directory: Path) -> dict[str, dict[str, str]]:
    """An earlier run's summary rows, by athlete; a row that lacks a column a run writes
    (but `note`, which older summaries lack) is not one (a file edited or not ours)."""
    try:
        text = (directory / SUMMARY).read_text(encoding="utf-8")
    except OSError:
        return {}
    return {
        row["athlete"]: row
        for row in csv.DictReader(io.StringIO(text))
        if all(isinstance(row.get(column), str) for column in ALWAYS_LISTED)
    }


def render_summary(
    rows: Iterable[dict[str, str]], columns: tuple[str, ...] = SUMMARY_COLUMNS
) -> str:
    """The rows as CSV; no cell starts a formula (the error column quotes user text)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(spreadsheet_row(dict(row)) for row in rows)
    return buffer.getvalue()


@dataclass
class BatchReport:
    rows: list[dict[str, str]]
    solved: int  # athletes planned in this run
    skipped: int  # athletes already up to date (resume)
    unread: int = 0  # of ``solved``, athletes whose input was bad (or our job failed): no plan
    interrupted: bool = False  # stopped early: ``rows`` are the athletes done so far
    total: int = 0  # athletes in the team
    kept: int = 0  # not done, listed in the summary as an earlier run left them (interrupted)
    # A joint run with --resume that plans everyone again: why (what changed, or is missing)
    replanned_because: str = ""

    def interruption(self, directory: Path, how: str) -> str:
        """The one line an interrupted batch ends with: what is on disk, how to go on."""
        written = sum(1 for row in self.rows if row["status"] in PLANNED)
        others = f" (with {self.kept} as an earlier run left them)" if self.kept else ""
        return (
            f"interrupted by {how}: {len(self.rows)} of {self.total} athletes done "
            f"({written} plans written), listed in {directory / SUMMARY}{others}; "
            "run again with --resume to plan the rest"
        )

    def count(self, status: str) -> int:
        return sum(1 for row in self.rows if row["status"] == status)


def solo_hash(athlete: Athlete) -> str:
    """The summary's ``input_hash`` of an athlete planned alone: their input and the mode,
    so that a plan made jointly is never kept as a solo one (or the reverse)."""
    return _digest("solo", athlete.input_hash)


def joint_hashes(
    team: list[Athlete], facility: Facility, groups: Iterable[Group]
) -> dict[str, str]:
    """Athlete id -> ``input_hash`` in joint mode: a joint plan depends on the whole team,
    the room and the groups, so a change to any of them changes every athlete's hash."""
    shared = _digest(
        "joint",
        facility.model_dump_json(),
        *(group.model_dump_json() for group in groups),
        *(f"{athlete.id}={athlete.input_hash}" for athlete in team),
    )
    return {athlete.id: _digest(shared, athlete.input_hash) for athlete in team}


def _digest(*parts: str) -> str:
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


def _summary_row(row: dict[str, str]) -> dict[str, str]:
    """An earlier summary's row in this summary's columns (a column it lacks, empty)."""
    return {column: row.get(column, "") for column in SUMMARY_COLUMNS}


def _listed_before(
    athlete: Athlete, previous: dict[str, dict[str, str]], directory: Path
) -> dict[str, str] | None:
    """The athlete's row of an earlier run's summary (``previous``, by id), in this
    summary's columns, while it still describes the folder (`_still_there`); else None."""
    old = previous.get(athlete.id)
    return None if old is None or not _still_there(athlete, old, directory) else _summary_row(old)


def _still_there(athlete: Athlete, row: dict[str, str], directory: Path) -> bool:
    """Whether a summary row from an earlier run still describes the folder: its plan, if
    it had one, is still there."""
    solved = row.get("status") in PLANNED
    return not solved or (directory / f"{athlete.stem}.json").is_file()


def up_to_date(
    athlete: Athlete,
    row: dict[str, str],
    directory: Path,
    formats: tuple[str, ...],
    input_hash: str | None = None,
) -> bool:
    """Whether the athlete's summary ``row`` and files are those their input (``input_hash``,
    solo by default) would give again."""
    expected = solo_hash(athlete) if input_hash is None else input_hash
    if row.get("input_hash") != expected or row["status"] not in DONE:
        return False
    if row["status"] in PLANNED:
        return all((directory / f"{athlete.stem}.{suffix}").is_file() for suffix in formats)
    return True


class _KeptBack(Exception):
    """An athlete's new files kept back by a signal that will end the batch."""


class _Folder:
    """The batch's output folder: each athlete's files, the summary, the team overview."""

    def __init__(self, directory: Path, team: list[Athlete]) -> None:
        self.directory = output_folder(directory)
        for name in (SUMMARY, TIMINGS, OVERVIEW, JOINT):  # found before any solve, not after
            if (self.directory / name).is_dir():
                raise InputError(
                    str(self.directory / name), "", "is a folder, not the batch's file"
                )
        # Held while this object lives (a run's): another batch here is refused.
        self.hold = hold_folder(self.directory)
        self.team = team
        self.rows: dict[int, dict[str, str]] = {}  # by place in the team: ids may be bad
        # An earlier run's rows of athletes not planned (again) yet: written until they are.
        self.kept: dict[int, dict[str, str]] = {}
        self.timings: dict[int, dict[str, str]] = {}
        self.calendars: dict[int, Calendar] = {}
        self.saved = 0.0  # when the summary was last written (perf_counter)
        self.changed = False  # a row listed since
        self.remove_staged()  # a batch killed outright may have left some

    def remove_staged(self) -> None:
        """Delete the temporary files a batch or its workers staged here and did not put in
        place (nothing else writes here)."""
        own = (SUMMARY, TIMINGS, OVERVIEW, JOINT)
        remove_staged_leftovers(self.directory, [*own, *(a.stem for a in self.team if a.stem)])

    def record(self, place: int, result: Result) -> None:
        """The athlete's files, all or none, then their row: not listed if a signal that
        will end the batch kept the files from their place (the summary never lists a plan
        that is not there). InputError naming a file that cannot be written."""
        gone: list[Path] = []
        if result.status not in PLANNED and result.file:
            # No plan this run (infeasible, no room, invalid): an earlier run's plan files
            # would stand for one, beside a row that says there is none (all or none go, and
            # come back if the files written meanwhile cannot be: a plan.ics written again,
            # its events cancelled, stays: `with_calendar_cancelled`).
            kept = {*result.staged, *result.files}
            gone = [
                self.directory / f"{result.file}{suffix}"
                for suffix in SUFFIXES
                if suffix[1:] not in kept
            ]
        with contextlib.suppress(_KeptBack), removed_together(gone) as removing:
            if not removing:
                return  # a signal that will end the batch: nothing moved, no row
            if not self._written(result):
                raise _KeptBack  # kept back by such a signal: the files moved go back
            self._listed(place, result)

    def _written(self, result: Result) -> bool:
        """``result``'s files in place (all or none); False when a signal that will end the
        batch kept them back. InputError naming a file that cannot be written."""
        if result.staged:
            targets = [self.directory / f"{result.file}.{suffix}" for suffix in result.staged]
            in_place = commit_staged(zip(result.staged.values(), targets, strict=True))
        else:
            written: list[str] = []
            write_together(
                (
                    (self.directory / f"{result.file}.{suffix}", content)
                    for suffix, content in result.files.items()
                ),
                placed=written.extend,
            )
            in_place = bool(written) or not result.files
        return in_place

    def _listed(self, place: int, result: Result) -> None:
        self.changed = True
        self.rows[place] = result.row()
        self.kept.pop(place, None)
        self.timings[place] = result.timing()
        if result.calendar is not None:
            self.calendars[place] = result.calendar

    def ordered(self) -> list[dict[str, str]]:
        rows = {**self.kept, **self.rows}  # none in both: `record` drops the kept one
        return [rows[place] for place in sorted(rows)]

    def save_summary(self, every: float = 0.0) -> None:
        """The summary so far, unless it was written less than ``every`` seconds ago or
        nothing changed since."""
        if time.perf_counter() - self.saved < every or not self.changed:
            return
        write_atomic(self.directory / SUMMARY, render_summary(self.ordered()))
        self.saved, self.changed = time.perf_counter(), False

    def finish(self, notes: Iterable[str] = ()) -> list[dict[str, str]]:
        """The summary, timings and team page (with ``notes``, e.g. a group's missed weeks);
        returns the rows of the athletes done (planned now, or kept by --resume)."""
        rows = self.ordered()
        places = sorted(self.kept.keys() | self.rows.keys())
        calendars = [self.calendars.get(place) for place in places]
        timings = [self.timings.get(place, {}) for place in places]
        timings = [{**row, **timing} for row, timing in zip(rows, timings, strict=True)]
        write_together(
            [
                (self.directory / SUMMARY, render_summary(rows)),
                (self.directory / TIMINGS, render_summary(timings, TIMING_COLUMNS)),
                (
                    self.directory / OVERVIEW,
                    render_team(self.directory, rows, list(notes), calendars),
                ),
            ]
        )
        return [self.rows[place] for place in sorted(self.rows)]


def _with_json(formats: tuple[str, ...]) -> tuple[str, ...]:
    """The requested formats, JSON always among them: the team overview reads it."""
    return tuple(dict.fromkeys(("json", *formats)))


def run_batch(
    team: list[Athlete],
    directory: Path,
    executor: Executor,
    *,
    formats: tuple[str, ...] = ("json", "csv"),
    time_limit: float = DEFAULT_TIME_LIMIT,
    seed: int = DEFAULT_SEED,
    workers: int = DEFAULT_WORKERS,
    resume: bool = False,
    on_result: Callable[[Result], None] = lambda result: None,
    on_start: Callable[[], None] = lambda: None,
    stop: threading.Event | None = None,
) -> BatchReport:
    """One plan per athlete in ``directory`` (files in ``formats``, a summary.csv, a
    timings.csv, a team page), solved on ``executor``; with ``resume``, plans already up to
    date are kept. When ``stop`` is set (a signal), jobs not started are dropped, and the
    summary and team page list what was written so far (``interrupted`` in the report),
    with an earlier run's rows of the others as it left them (their plans are still here);
    a `local_executor` is then shut down (its workers write their files into ``directory``
    themselves and must stop before their leftovers are removed). ``on_start`` is called
    once the folder is found fit and held, ``on_result`` after each athlete.
    InputError if ``directory`` cannot hold the plans, or another run holds it (before
    any solve)."""
    folder = _Folder(directory, team)
    on_start()  # the folder can hold the plans: progress may show (an error is one line)
    formats = _with_json(formats)
    previous = read_summary(directory)
    pending: dict[Future[Result], int] = {}
    # A local pool's workers write their files here themselves (a cluster's may not see it).
    staging = isinstance(executor, StoppablePool)
    job_of = functools.partial(solve_and_stage, str(folder.directory)) if staging else solve_athlete
    for place, athlete in enumerate(team):
        row = _listed_before(athlete, previous, directory)
        if row is not None:
            if resume and up_to_date(athlete, previous[athlete.id], directory, formats):
                folder.rows[place] = row
                continue
            folder.kept[place] = row  # listed as it was until planned again (a stop)
        calendar = _earlier_calendar(directory, athlete, formats)
        job = executor.submit(job_of, athlete, formats, time_limit, seed, workers, calendar)
        pending[job] = place
    if pending:  # what the page needs, loaded while the workers solve (else at the end)
        team_html.prepare_page()
    # Each job puts itself here when it ends: `concurrent.futures.wait` would hook onto
    # every job still waiting at each call, a cost that grows with the team's square.
    finished: queue.SimpleQueue[Future[Result]] = queue.SimpleQueue()
    for job in pending:
        job.add_done_callback(finished.put)
    waiting, solved, unread = set(pending), 0, 0
    try:
        while waiting and not (stop is not None and stop.is_set()):
            done = _ended_within(finished, seconds=0.2)
            waiting.difference_update(done)
            for job in sorted(done, key=pending.__getitem__):  # the team's order
                place = pending[job]
                try:
                    result = job.result()
                except Exception as error:  # the job died (worker lost, cluster gone)
                    if stop is not None and stop.is_set():  # ended by the stop: not done
                        waiting.add(job)
                        continue
                    result = failed(team[place], error)
                folder.record(place, result)
                solved += 1
                unread += result.status in ("INVALID", "ERROR")
                on_result(result)
            # Often, not after every plan (each write is a sync to disk): a batch killed
            # outright re-solves at most SAVE_EVERY seconds of plans on --resume; a stopped
            # one writes its whole summary in `finish`.
            folder.save_summary(every=SAVE_EVERY)
    except InputError:  # a plan that cannot be written: the summary lists those that are
        with contextlib.suppress(InputError):
            folder.save_summary()
        raise
    finally:
        for job in waiting:
            job.cancel()
        if staging:  # a worker's files not put in place (stopped, failed, or it died)
            if solved < len(pending):  # workers may be staging still: end them now
                executor.shutdown(wait=True, cancel_futures=True)
            folder.remove_staged()
    if isinstance(executor, StoppablePool) and not waiting:
        executor.release()
    rows = folder.finish()
    if not waiting:  # every plan here is now planned alone: a joint run's report is stale
        (folder.directory / JOINT).unlink(missing_ok=True)
    skipped = len(rows) - solved
    return BatchReport(
        rows,
        solved,
        skipped,
        unread=unread,
        interrupted=bool(waiting),
        total=len(team),
        kept=len(folder.kept),
    )


def _earlier_calendar(directory: Path, athlete: Athlete, formats: tuple[str, ...]) -> str | None:
    """The plan.ics an earlier run wrote for ``athlete`` in ``directory``, when this run
    writes one (read here: a cluster's worker may not see the folder); None if there is none
    to read (`replaced_calendar`)."""
    if "ics" not in formats or not athlete.stem:
        return None
    return replaced_calendar(str(directory / f"{athlete.stem}.ics"))


def _ended_within(
    finished: queue.SimpleQueue[Future[Result]], seconds: float
) -> list[Future[Result]]:
    """The jobs in ``finished``: the first within ``seconds`` (none if none ends), then
    every other one already there."""
    try:
        ended = [finished.get(timeout=seconds)]
    except queue.Empty:
        return []
    while True:
        try:
            ended.append(finished.get_nowait())
        except queue.Empty:
            return ended


def run_joint(
    team: list[Athlete],
    directory: Path,
    facility: Facility,
    *,
    groups: list[Group] | tuple[Group, ...] = (),
    formats: tuple[str, ...] = ("json", "csv"),
    time_limit: float = DEFAULT_JOINT_TIME_LIMIT,
    seed: int = DEFAULT_SEED,
    resume: bool = False,
    on_result: Callable[[Result], None] = lambda result: None,
) -> tuple[BatchReport, JointReport | None]:
    """The whole team at once, sharing the gym; then the same files as a batch. With
    ``resume``, a team whose every plan is up to date (same team file, room and groups) is
    kept as it is, with no joint report (None); any change re-plans everyone, since one
    athlete's change can move everyone's lifts. ``on_result`` is called after each
    athlete's files and row are written. Stopped while writing (a signal, a file that cannot
    be written), the summary lists the plans written and the earlier rows of the others, and
    no joint.json stands for a team half re-planned."""
    from liftplan.explain.conflicts import diagnosis_lines
    from liftplan.team.joint import plan_jointly
    from liftplan.timeline import build_timeline

    hashes = joint_hashes(team, facility, groups)
    formats = _with_json(formats)
    because = ""
    previous = read_summary(directory)
    if resume:
        because = _why_not_kept(team, previous, directory, formats, hashes)
        if not because:
            rows = [_summary_row(previous[athlete.id]) for athlete in team]
            return BatchReport(rows, solved=0, skipped=len(rows), total=len(team)), None
    folder = _Folder(directory, team)
    for index, athlete in enumerate(team):  # listed as they were until written (a failure)
        row = _listed_before(athlete, previous, directory)
        if row is not None:
            folder.kept[index] = row
    seasons = {}
    by_id = {athlete.id: athlete for athlete in team}
    place = {athlete.id: index for index, athlete in enumerate(team)}
    invalid: dict[int, Result] = {}
    for index, athlete in enumerate(team):
        try:
            seasons[athlete.id] = member_season(athlete)
        except InputError as error:
            invalid[index] = Result(
                athlete.id, athlete.stem, "INVALID", error=str(error), input_hash=hashes[athlete.id]
            )
    joint = plan_jointly(seasons, facility, groups=groups, time_limit=time_limit, seed=seed)
    if joint.over_capacity:  # all or nothing: no plan that crowds the room is written
        # Its report alone, and only where no summary.csv is (no earlier run, not even one
        # stopped at once): beside a run's plans it would stand for them, and a --resume
        # would keep it; the lines on stderr say it all.
        if not (directory / SUMMARY).exists():
            write_atomic(directory / JOINT, json.dumps(joint.summary(), indent=2) + "\n")
        return BatchReport([], solved=0, skipped=0, total=len(team)), joint
    notes = group_notes(groups, joint.group_warnings)
    try:
        for index, result in invalid.items():
            result.note = notes.get(result.athlete, "")
            calendar = _earlier_calendar(directory, team[index], formats)
            folder.record(index, with_calendar_cancelled(result, formats, calendar))
            on_result(result)
        for athlete_id, plan in joint.plans.items():
            athlete = by_id[athlete_id]
            season = seasons[athlete_id]
            if plan.status is Status.INFEASIBLE:  # the same diagnosis as a batch without --joint
                plan.diagnosis = diagnosis_lines(
                    season, build_timeline(season), time_limit=time_limit
                )
            calendar = _earlier_calendar(directory, athlete, formats)
            result = result_for(
                athlete, season, plan, formats, joint.seconds, hashes[athlete_id], calendar
            )
            said = [notes.get(athlete_id, ""), _room_note(plan, joint.alone.get(athlete_id))]
            result.note = "; ".join(line for line in said if line)
            folder.record(place[athlete_id], result)
            on_result(result)
    except BaseException:  # a plan that cannot be written, a signal: no one joint plan now
        with contextlib.suppress(InputError):  # its rows say which plans are the new ones,
            folder.save_summary()  # so a --resume plans everyone together again
        with contextlib.suppress(OSError):
            (directory / JOINT).unlink(missing_ok=True)
        raise
    write_atomic(directory / JOINT, json.dumps(joint.summary(), indent=2) + "\n")
    rows = folder.finish(joint.group_warnings)
    report = BatchReport(rows, solved=len(seasons), skipped=0, total=len(team))
    report.replanned_because = because
    return report, joint


def _why_not_kept(
    team: list[Athlete],
    previous: dict[str, dict[str, str]],
    directory: Path,
    formats: tuple[str, ...],
    hashes: dict[str, str],
) -> str:
    """Why a joint --resume cannot keep the folder's plans, in words ("" if it can): an
    athlete's plan files missing, or the team, its room or groups changed (or the last run
    was not joint, or did not finish)."""
    if not previous:
        return f"no earlier run's {SUMMARY} in {directory}"
    for athlete in team:
        row = previous.get(athlete.id)
        if row is None or row.get("input_hash") != hashes[athlete.id] or row["status"] not in DONE:
            return "the team, its room or groups changed since the last run (or it was not joint)"
    for athlete in team:
        if not up_to_date(athlete, previous[athlete.id], directory, formats, hashes[athlete.id]):
            return f"{athlete.id}'s plan files are not all in {directory}"
    return ""


def _room_note(plan: Plan, alone: int | None) -> str:
    """What sharing the room cost an athlete whose joint plan is worse than their plan alone
    would be (their row's status is still that of their own re-solve, OPTIMAL or not)."""
    if alone is None or plan.objective is None or plan.objective <= alone:
        return ""
    return (
        f"the shared room costs {plan.objective - alone} more than planning alone "
        f"(objective {plan.objective}, {alone} alone)"
    )


def group_notes(groups: Iterable[Group], warnings: list[str]) -> dict[str, str]:
    """Athlete id -> the warnings of their group ("group squad: weeks 1-4: <reason>"), for
    the summary's ``note``; a line goes to the group whose name it starts with (the longest)."""
    by_name = sorted(groups, key=lambda group: len(group.name), reverse=True)
    lines: dict[str, list[str]] = {}
    for line in warnings:
        group = next((g for g in by_name if line.startswith(f"group {g.name}: ")), None)
        if group is not None:
            for member in group.athletes:
                lines.setdefault(member, []).append(line)
    return {member: "; ".join(found) for member, found in lines.items()}


def team_and_pool(team: str, jobs: int | None) -> tuple[TeamInput, Executor]:
    """The team file read (its athletes unchecked: each job checks its own) and a local
    pool of ``jobs`` workers (`local_executor`) ready to solve.

    Each takes about half a second: parsing the YAML, and importing what a solve needs for
    the workers to inherit. On Linux a forked process reads the team while this one imports
    (a bad team file's InputError comes back from it whole); it ignores Ctrl-C and dies with
    the batch, as the pool's workers do."""
    read: Callable[[], TeamInput] = functools.partial(load_team, team, check_athletes=False)
    with contextlib.ExitStack() as stack:
        if sys.platform.startswith("linux"):  # fork is Linux's: elsewhere, one after the other
            reader = ProcessPoolExecutor(
                1,
                mp_context=multiprocessing.get_context("fork"),
                initializer=worker_started,
                initargs=(os.getpid(),),
            )
            stack.enter_context(reader)
            read = reader.submit(read).result
        pool = local_executor(jobs)
        try:
            return read(), pool
        except BaseException:
            pool.shutdown(wait=True, cancel_futures=True)  # no worker outlives the batch
            raise


def local_executor(jobs: int | None) -> Executor:
    """A process pool of ``jobs`` workers (default: one per core) whose workers ignore
    Ctrl-C (the batch stops them) and die with it. What a solve imports (CP-SAT, pandas:
    half a second) is imported here, once, before the workers fork and share it (each
    importing it would cost more CPU than the wait saves on a busy machine: measured)."""
    processes = jobs or os.cpu_count() or 1
    pool = StoppablePool(max_workers=processes)
    _import_solving()
    return pool


# What `solve_athlete` imports: the solver and plan builder, and the checker.
SOLVING_MODULES = (
    "liftplan.check",
    "liftplan.explain.conflicts",
    "liftplan.io.catalogue",
    "liftplan.plan.season_plan",
    "liftplan.plan.workouts",
)


def _import_solving() -> None:
    import importlib

    for name in SOLVING_MODULES:
        importlib.import_module(name)


class _DaskExecutor(Executor):
    """A Dask client's executor as the standard library's: ``shutdown`` takes
    ``cancel_futures`` (Dask's ClientExecutor does not) and closes the client."""

    def __init__(self, client: Any) -> None:
        self._client = client
        self._executor = client.get_executor()
        self._futures: list[Future[Any]] = []

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        future: Future[Any] = self._executor.submit(fn, *args, **kwargs)
        self._futures.append(future)
        return future

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        if cancel_futures:
            for future in self._futures:
                future.cancel()
        self._executor.shutdown(wait=wait)
        self._client.close()


# What `--scheduler` accepts: tcp:// or tls://, a host (name, IPv4, or [IPv6]) and a port.
SCHEDULER_ADDRESS = re.compile(r"(?:(tcp|tls)://)?(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._-]+):(\d{1,5})")
CONNECT_SECONDS = 3  # to open the connection; the whole check takes at most twice that


def dask_executor(address: str) -> Executor:
    """The executor of an existing Dask cluster (`pip install liftplan[dask]`).

    InputError naming the address, within about 10 s, if it is not one: a malformed
    address, nothing listening, something that is not a Dask scheduler (it must answer
    Dask's `identity` call), or a scheduler without workers."""
    where = f"--scheduler {address!r}"
    form = SCHEDULER_ADDRESS.fullmatch(address)
    if form is None or not 0 < int(form.group(3)) < 65536:
        raise InputError(where, "", "not a Dask scheduler address (use tcp://HOST:PORT)")
    try:
        from distributed import Client
    except ImportError:
        raise InputError(where, "", "needs Dask: pip install 'liftplan[dask]'") from None
    address = address if form.group(1) else f"tcp://{address}"
    identity = _identity(address, where)
    if not isinstance(identity, dict) or identity.get("type") != "Scheduler":
        raise InputError(where, "", "answers, but is not a Dask scheduler")
    try:
        client = Client(address, timeout=2 * CONNECT_SECONDS)  # type: ignore[no-untyped-call]
    except Exception as error:
        raise InputError(where, "", f"cannot use the cluster: {_reason(error)}") from None
    try:
        client.wait_for_workers(1, timeout=2 * CONNECT_SECONDS)
    except Exception:
        client.close()  # type: ignore[no-untyped-call]
        raise InputError(
            where, "", f"the scheduler has no workers (none joined within {2 * CONNECT_SECONDS} s)"
        ) from None
    return _DaskExecutor(client)


def _identity(address: str, where: str) -> object:
    """The scheduler's answer to Dask's `identity` call, within a deadline: a service that
    stays silent or sends a banner (read as a huge frame length) fails here, not later."""
    import asyncio

    from distributed.comm import connect  # type: ignore[attr-defined]

    async def ask() -> object:
        comm = await connect(address, timeout=CONNECT_SECONDS)  # type: ignore[no-untyped-call]
        try:
            await comm.write({"op": "identity"})
            return await comm.read()
        finally:
            comm.abort()

    try:
        return asyncio.run(asyncio.wait_for(ask(), 2 * CONNECT_SECONDS))
    except TimeoutError:
        raise InputError(where, "", f"no Dask answer within {2 * CONNECT_SECONDS} s") from None
    except (Exception, MemoryError) as error:  # a banner read as a frame length: MemoryError
        if isinstance(error, OSError | ValueError):
            raise InputError(
                where, "", f"cannot reach a Dask scheduler: {_reason(error)}"
            ) from None
        raise InputError(where, "", "answers, but is not a Dask scheduler") from None


def _reason(error: BaseException) -> str:
    return " ".join(str(error).split()) or type(error).__name__


def summary_counts(report: BatchReport) -> str:
    statuses = [row["status"] for row in report.rows]
    parts = [f"{statuses.count(s)} {s.lower()}" for s in dict.fromkeys(statuses)]
    return (
        f"{count(len(report.rows), 'athlete')}: {', '.join(parts)}; "
        f"solved {report.solved - report.unread} now, {report.skipped} already up to date"
    )


__all__ = [
    "BatchReport",
    "Result",
    "dask_executor",
    "local_executor",
    "run_batch",
]
