"""Plan a whole team: one plan per athlete, on a local process pool or a Dask cluster.

Written against `concurrent.futures.Executor`: the default is a local process pool with one
CP-SAT worker per job (no oversubscription); a Dask cluster's executor runs the same jobs.
Jobs carry plain data (the season as a dict) and build their model in the worker, since
CP-SAT models do not pickle. One athlete's bad input or infeasible season is reported in
the summary and stops nobody. Every file is written atomically and the summary after each
plan, so an interrupted batch resumes with `resume=True`, solving only what is missing or
whose input changed.
"""

from __future__ import annotations

import csv
import io
import json
import time
from collections.abc import Callable, Iterable
from concurrent.futures import Executor, Future, as_completed
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from liftplan.errors import InputError
from liftplan.explain.conflicts import diagnosis_lines
from liftplan.io.catalogue import load_catalogue
from liftplan.io.render.writers import renderer_for, write_atomic
from liftplan.io.team_file import Athlete
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
from liftplan.plan.season_plan import plan_season
from liftplan.plan.workouts import builder_for
from liftplan.team.joint import JointReport, plan_jointly

SUMMARY = "summary.csv"
JOINT = "joint.json"
OVERVIEW = "team.html"
SUMMARY_COLUMNS = (
    "athlete",
    "file",
    "status",
    "objective",
    "lifts",
    "seconds",
    "checked",
    "error",
    "input_hash",
)
DONE = {"OPTIMAL", "FEASIBLE", "INFEASIBLE", "INVALID"}  # a re-run would give the same


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
    files: dict[str, bytes] = field(default_factory=dict, repr=False)

    def row(self) -> dict[str, str]:
        return {key: value for key, value in asdict(self).items() if key in SUMMARY_COLUMNS}


def season_of(athlete: Athlete) -> Season:
    """An athlete's validated season, their busy calendar read in; InputError if bad."""
    from liftplan.io.season_file import season_from_data, with_calendar, with_running_plan

    if athlete.problem is not None:
        raise InputError(athlete.source, "", athlete.problem)
    season = season_from_data(athlete.data, athlete.source)
    if season.availability.from_ics is not None:
        season = with_calendar(season, Path(season.availability.from_ics))
    if season.runs.from_ics is not None or season.runs.from_csv is not None:
        season = with_running_plan(season, Path("."), athlete.source)
    return season


def solve_athlete(
    athlete: Athlete,
    formats: tuple[str, ...],
    time_limit: float,
    seed: int,
    workers: int = DEFAULT_WORKERS,
) -> Result:
    """One athlete, start to finish, in a worker process: validate, solve, check, render."""
    result = Result(athlete.id, athlete.stem, "INVALID", input_hash=athlete.input_hash)
    started = time.perf_counter()
    try:
        season = season_of(athlete)
        builder = builder_for(season, load_catalogue(season.routines))
        plan, timeline = plan_season(
            season, builder, athlete=athlete.id, seed=seed, workers=workers, time_limit=time_limit
        )
    except InputError as error:
        result.error = str(error)
        return result
    if plan.status is Status.INFEASIBLE:  # the clash only: repairs take a solve each
        plan.diagnosis = diagnosis_lines(season, timeline)
    return result_for(athlete, season, plan, formats, time.perf_counter() - started)


def result_for(
    athlete: Athlete, season: Season, plan: Plan, formats: tuple[str, ...], seconds: float
) -> Result:
    """The summary row and the rendered files of one athlete's plan, checked independently."""
    from liftplan.check import check_plan

    result = Result(athlete.id, athlete.stem, str(plan.status), input_hash=athlete.input_hash)
    result.seconds = f"{seconds:.2f}"
    if not plan.status.solved:
        result.error = "; ".join(plan.diagnosis) or "no plan keeps every hard rule (see explain)"
        return result
    report = check_plan(season, plan)
    result.objective = str(plan.objective)
    result.lifts = str(len(plan.lifts))
    result.checked = "ok" if report.ok else f"{len(report.violations)} violation(s)"
    for suffix in formats:
        rendered = renderer_for(f"plan.{suffix}")(plan)
        result.files[suffix] = rendered.encode() if isinstance(rendered, str) else rendered
    return result


def read_summary(directory: Path) -> dict[str, dict[str, str]]:
    try:
        text = (directory / SUMMARY).read_text(encoding="utf-8")
    except OSError:
        return {}
    return {row["athlete"]: row for row in csv.DictReader(io.StringIO(text))}


def render_summary(rows: Iterable[dict[str, str]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=SUMMARY_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


@dataclass
class BatchReport:
    rows: list[dict[str, str]]
    solved: int  # athletes planned in this run
    skipped: int  # athletes already up to date (resume)

    def count(self, status: str) -> int:
        return sum(1 for row in self.rows if row["status"] == status)


def up_to_date(
    athlete: Athlete, row: dict[str, str], directory: Path, formats: tuple[str, ...]
) -> bool:
    if row.get("input_hash") != athlete.input_hash or row["status"] not in DONE:
        return False
    if row["status"] in ("OPTIMAL", "FEASIBLE"):
        return all((directory / f"{athlete.stem}.{suffix}").is_file() for suffix in formats)
    return True


class _Folder:
    """The batch's output folder: each athlete's files, the summary, the team overview."""

    def __init__(self, directory: Path, team: list[Athlete]) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self.directory = directory
        self.order = [athlete.id for athlete in team]
        self.rows: dict[str, dict[str, str]] = {}

    def record(self, result: Result) -> None:
        for suffix, content in result.files.items():
            write_atomic(self.directory / f"{result.file}.{suffix}", content)
        self.rows[result.athlete] = result.row()

    def ordered(self) -> list[dict[str, str]]:
        return [self.rows[a] for a in self.order if a in self.rows]

    def save_summary(self) -> None:
        write_atomic(self.directory / SUMMARY, render_summary(self.ordered()))

    def finish(self) -> list[dict[str, str]]:
        from liftplan.io.render.team_html import render_team

        self.save_summary()
        write_atomic(self.directory / OVERVIEW, render_team(self.directory, self.ordered()))
        return self.ordered()


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
) -> BatchReport:
    """One plan per athlete in ``directory`` (files in ``formats``, a summary.csv, a team
    page), solved on ``executor``; with ``resume``, plans already up to date are kept."""
    folder = _Folder(directory, team)
    formats = _with_json(formats)
    previous = read_summary(directory) if resume else {}
    pending: dict[Future[Result], Athlete] = {}
    for athlete in team:
        old = previous.get(athlete.id)
        if resume and old is not None and up_to_date(athlete, old, directory, formats):
            folder.rows[athlete.id] = old
            continue
        job = executor.submit(solve_athlete, athlete, formats, time_limit, seed, workers)
        pending[job] = athlete
    try:
        for future in as_completed(pending):
            result = future.result()
            folder.record(result)
            folder.save_summary()  # after each plan: an interrupted batch knows what is done
            on_result(result)
    finally:
        for future in pending:
            future.cancel()
    rows = folder.finish()
    return BatchReport(rows, solved=len(pending), skipped=len(team) - len(pending))


def run_joint(
    team: list[Athlete],
    directory: Path,
    facility: Facility,
    *,
    groups: list[Group] | tuple[Group, ...] = (),
    formats: tuple[str, ...] = ("json", "csv"),
    time_limit: float = DEFAULT_JOINT_TIME_LIMIT,
    seed: int = DEFAULT_SEED,
) -> tuple[BatchReport, JointReport]:
    """The whole team at once, sharing the gym; then the same files as a batch."""
    folder = _Folder(directory, team)
    formats = _with_json(formats)
    seasons = {}
    by_id = {athlete.id: athlete for athlete in team}
    for athlete in team:
        try:
            seasons[athlete.id] = season_of(athlete)
        except InputError as error:
            folder.record(Result(athlete.id, athlete.stem, "INVALID", error=str(error)))
    joint = plan_jointly(seasons, facility, groups=groups, time_limit=time_limit, seed=seed)
    for athlete_id, plan in joint.plans.items():
        athlete = by_id[athlete_id]
        folder.record(result_for(athlete, seasons[athlete_id], plan, formats, joint.seconds))
    write_atomic(directory / JOINT, json.dumps(joint.summary(), indent=2) + "\n")
    rows = folder.finish()
    return BatchReport(rows, solved=len(seasons), skipped=0), joint


def local_executor(jobs: int | None) -> Executor:
    from concurrent.futures import ProcessPoolExecutor

    return ProcessPoolExecutor(max_workers=jobs)


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


def dask_executor(address: str) -> Executor:
    """The executor of an existing Dask cluster (`pip install liftplan[dask]`)."""
    try:
        from distributed import Client
    except ImportError:
        raise InputError(
            "--scheduler", address, "needs Dask: pip install 'liftplan[dask]'"
        ) from None
    try:
        client = Client(address, timeout=10)  # type: ignore[no-untyped-call]
    except OSError as error:
        raise InputError("--scheduler", address, f"cannot reach the cluster: {error}") from None
    return _DaskExecutor(client)


def summary_counts(report: BatchReport) -> str:
    statuses = [row["status"] for row in report.rows]
    parts = [f"{statuses.count(s)} {s.lower()}" for s in dict.fromkeys(statuses)]
    return (
        f"{count(len(report.rows), 'athlete')}: {', '.join(parts)}; "
        f"solved {report.solved} now, {report.skipped} already up to date"
    )


__all__ = ["BatchReport", "Result", "dask_executor", "local_executor", "run_batch"]
