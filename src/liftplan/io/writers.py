"""Render a plan as CSV or JSON text, and write files atomically.

Rendering is pure (text out, nothing written), so a command renders every output first
and writes only when all of them succeeded: a failed run leaves old files untouched.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from liftplan.models.plan import CSV_COLUMNS, Plan


def render_json(plan: Plan) -> str:
    return json.dumps(plan.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"


def render_csv(plan: Plan) -> str:
    import pandas as pd

    rows = [session.model_dump(mode="json", include=set(CSV_COLUMNS)) for session in plan.sessions]
    table = pd.DataFrame(rows, columns=list(CSV_COLUMNS))
    return str(table.to_csv(index=False, lineterminator="\n"))


RENDERERS: dict[str, Callable[[Plan], str]] = {".csv": render_csv, ".json": render_json}


def renderer_for(target: str, stdout_format: str = "csv") -> Callable[[Plan], str]:
    """The renderer an output name asks for: its suffix, or ``stdout_format`` for ``-``."""
    suffix = f".{stdout_format}" if target == "-" else Path(target).suffix.lower()
    if suffix not in RENDERERS:
        known = ", ".join(sorted(RENDERERS))
        raise ValueError(f"cannot write {suffix or 'files without a suffix'} (use {known})")
    return RENDERERS[suffix]


def write_atomic(target: str | Path, text: str) -> None:
    """Write ``text`` to ``target`` so that readers see the old file or the new one, never half."""
    if str(target) == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    path = Path(target)
    directory = path.parent if str(path.parent) else Path(".")
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
