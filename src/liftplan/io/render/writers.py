"""Render a plan as CSV or JSON text, and write files atomically.

Rendering is pure (text out, nothing written), so a command renders every output first
and writes only when all of them succeeded: a failed run leaves old files untouched.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from liftplan.models.plan import CSV_COLUMNS, GROUP_COLUMN, Plan


def render_json(plan: Plan) -> str:
    # pydantic's own encoder: the same text as json.dumps(indent=2), four times faster.
    return plan.model_dump_json(indent=2) + "\n"


def render_csv(plan: Plan) -> str:
    import pandas as pd

    columns = plan_columns(plan)
    rows = [session.model_dump(mode="json", include=set(columns)) for session in plan.sessions]
    table = pd.DataFrame(rows, columns=columns)
    return str(table.to_csv(index=False, lineterminator="\n"))


def plan_columns(plan: Plan) -> list[str]:
    """The CSV's columns: SPEC's, and ``group`` when a lift is done with a coached group."""
    grouped = any(session.group for session in plan.sessions)
    return [*CSV_COLUMNS, GROUP_COLUMN] if grouped else list(CSV_COLUMNS)


Renderer = Callable[[Plan], str | bytes]
SUFFIXES = (".csv", ".json", ".ics", ".html", ".xlsx", ".zip")


def renderer_for(
    target: str,
    stdout_format: str = "csv",
    *,
    ics_runs: bool = True,
    ics_alarm: int | None = None,
    ics_busy_only: bool = False,
) -> Renderer:
    """The renderer an output name asks for: its suffix, or ``stdout_format`` for ``-``."""
    suffix = f".{stdout_format}" if target == "-" else Path(target).suffix.lower()
    if suffix == ".csv":
        return render_csv
    if suffix == ".json":
        return render_json
    if suffix == ".ics":
        from liftplan.io.render.ics import render_ics

        # A calendar written before keeps its events' SEQUENCE numbers going up.
        previous = _read_if_exists(target)
        return lambda plan: render_ics(
            plan,
            include_runs=ics_runs,
            previous=previous,
            alarm_minutes=ics_alarm,
            busy_only=ics_busy_only,
        )
    if suffix == ".html":
        from liftplan.io.render.html import render_html

        return render_html
    if suffix == ".xlsx" and target != "-":
        from liftplan.io.render.xlsx import render_xlsx

        return render_xlsx
    if suffix == ".zip" and target != "-":
        from liftplan.io.render.fit import render_fit_zip

        return render_fit_zip  # one FIT strength workout per lift, for the watch
    known = ", ".join(SUFFIXES)
    raise ValueError(f"cannot write {suffix or 'files without a suffix'} (use {known})")


def _read_if_exists(target: str) -> str | None:
    path = Path(target)
    try:
        return path.read_text(encoding="utf-8") if target != "-" and path.is_file() else None
    except (OSError, UnicodeDecodeError):
        return None


def _mode_for(path: Path) -> int:
    """The replaced file's permissions, or what a new file would get (mkstemp makes 0600)."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_atomic(target: str | Path, content: str | bytes) -> None:
    """Write ``content`` to ``target`` so readers see the old file or the new one, never half."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    if str(target) == "-":
        sys.stdout.buffer.write(data) if hasattr(sys.stdout, "buffer") else sys.stdout.write(
            data.decode("utf-8")
        )
        sys.stdout.flush()
        return
    path = Path(target)
    directory = path.parent if str(path.parent) else Path(".")
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        os.fchmod(handle, _mode_for(path))
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
