"""Read a plan back from plan.json or plan.csv, for the checker."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from pydantic import ValidationError

from liftplan.errors import InputError
from liftplan.io.reader import MAX_PLAN_BYTES, read_user_text
from liftplan.io.season_file import describe, parse_document, validated
from liftplan.models.plan import CSV_COLUMNS, Plan, Session, Status
from liftplan.models.season import Season
from liftplan.models.wording import count, plural

# The outputs that do not carry the plan, and why: each is made for a person or a device.
NOT_A_PLAN = {
    ".ics": "a calendar holds the sessions' times, not their weeks, blocks or score",
    ".html": "a page is made to be read by a person, not read back",
    ".htm": "a page is made to be read by a person, not read back",
    ".xlsx": "a workbook is made to be read and edited by a person, not read back",
    ".zip": "the watch workouts hold what to lift, not when",
}


def load_plan(path: str | Path, timezone: str) -> Plan:
    """A plan file (.json, or .csv which carries sessions only, so its status and score
    are unknown). Raises InputError for a plan format that cannot be read back."""
    path = Path(path)
    name = str(path)
    why = NOT_A_PLAN.get(path.suffix.lower())
    if why is not None:
        raise InputError(
            name,
            "",
            f"cannot verify a {path.suffix.lower()} plan: {why}; "
            "use the plan.json (or plan.csv) written with it",
        )
    text = read_user_text(path, MAX_PLAN_BYTES)
    if path.suffix.lower() == ".csv":
        return _plan_from_csv(text, name, timezone)
    return _consistent(validated(Plan, parse_document(text, name), name), name)


def planned_seasons(
    season: Season, plan: Plan, plan_file: str, extra: tuple[str, ...] = ()
) -> tuple[Season, list[tuple[dt.date | None, Season]]]:
    """``season`` under the overrides ``plan`` was made with, then ``extra``: the one in
    force at the plan's end, and the earlier ones of a plan re-planned with other
    overrides, each with the first date it held (``None``: the season's start), in order
    (see `liftplan.check.check_plan`). InputError naming ``plan_file`` for an override it
    records that no longer applies; naming ``--set`` for a bad one of ``extra``."""
    from liftplan.io.overrides import with_overrides

    def under(day: dt.date | None) -> Season:
        try:  # the plan was made with these: a bad one is the plan file's problem
            recorded = with_overrides(season, plan.overrides_on(day))
        except InputError as error:
            raise InputError(plan_file, "overrides", str(error)) from None
        return with_overrides(recorded, extra)

    dates = plan.override_dates
    if not dates:
        return under(None), []
    starts: list[dt.date | None] = [None, *dates[:-1]]
    earlier = [(since, under(since or dates[0] - dt.timedelta(days=1))) for since in starts]
    return under(None), earlier


def _consistent(plan: Plan, name: str) -> Plan:
    """A plan file whose status says there is no plan holds no sessions: one that does was
    edited into two plans, and checking its sessions would pass a plan that says it is none.
    One whose status says there is a plan has its objective, and the lifts it counts."""
    if not plan.status.solved and plan.sessions:
        raise InputError(
            name,
            "status",
            f"{plan.status} says there is no plan, but the file holds "
            f"{count(len(plan.sessions), 'session')} (inconsistent plan file)",
        )
    if plan.status.solved and plan.objective is None:  # a CSV is read by _plan_from_csv
        raise InputError(
            name,
            "objective",
            f"missing, but {plan.status} says there is a plan, and a plan has an objective "
            "(inconsistent plan file)",
        )
    planned = sum(plan.lifts_per_week)
    if plan.status.solved and planned and not plan.sessions:
        raise InputError(
            name,
            "sessions",
            f"none, but lifts_per_week counts {count(planned, 'lift')} (inconsistent plan file)",
        )
    return plan


def _plan_from_csv(text: str, name: str, timezone: str) -> Plan:
    import pandas as pd

    try:
        table = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as error:
        raise InputError(name, "", f"invalid CSV: {error}") from None
    missing = [column for column in CSV_COLUMNS if column not in table.columns]
    if missing:
        columns = plural(len(missing), "column")
        raise InputError(name, "", f"missing {columns}: {', '.join(missing)}")
    sessions = []
    for index, row in enumerate(table.to_dict("records")):
        try:
            sessions.append(Session.model_validate({column: row[column] for column in CSV_COLUMNS}))
        except ValidationError as error:
            problem = describe(error, name)
            raise InputError(name, f"row {index + 2}.{problem.path}", problem.problem) from None
    athlete = sessions[0].athlete if sessions else ""
    return Plan(athlete=athlete, timezone=timezone, status=Status.FEASIBLE, sessions=sessions)
