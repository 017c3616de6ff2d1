"""The plan as an Excel workbook (pandas + openpyxl), byte for byte the same on every run.

Excel has no time zones: start and end are local wall-clock times, with the zone and the
UTC offset in columns of their own. Text is written as text, exactly: every text cell is
typed as a string (never a formula), and one that starts like a formula (``=1``, ``@ana``)
carries Excel's own quote-prefix flag, so that editing it in Excel keeps it text, rather
than the visible quote the CSV needs (`spreadsheet_text`). Control characters a workbook
cannot hold become U+FFFD instead of failing the whole file.
"""

from __future__ import annotations

import io
import re
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from liftplan.io.cells import FORMULA_STARTS
from liftplan.io.render.writers import plan_columns
from liftplan.models.plan import PhaseSpan, Plan, history_notes

FIXED_ZIP_TIME = (2000, 1, 1, 0, 0, 0)
FIXED_XML_TIME = "2000-01-01T00:00:00Z"
# What openpyxl refuses in a cell (XML 1.0 has no place for these controls).
NOT_IN_A_CELL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def render_xlsx(plan: Plan) -> bytes:
    import pandas as pd

    rows = []
    columns = plan_columns(plan)
    lived = plan.history_until
    for session in plan.sessions:
        row = session.model_dump(mode="python", include=set(columns))
        row["start"] = session.start.replace(tzinfo=None)
        row["end"] = session.end.replace(tzinfo=None)
        row["timezone"] = plan.timezone
        if lived is not None and session.date < lived:
            row["notes"] = history_notes(session.notes, lived)  # as plan.csv
        row = {key: _cell(value) for key, value in row.items()}
        row["utc_offset"] = session.start.isoformat()[-6:]  # "-05:00": ours, and text below
        rows.append(row)
    table = pd.DataFrame(rows, columns=[*columns, "timezone", "utc_offset"])
    buffer = io.BytesIO()
    with _scratch_of_our_own(), pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        table.to_excel(writer, sheet_name="plan", index=False, freeze_panes=(1, 0))
        pd.DataFrame({"term": list(plan.score), "total": list(plan.score.values())}).to_excel(
            writer, sheet_name="score", index=False
        )
        if plan.phases:  # written or derived; a phaseless season's workbook stays two sheets
            phases = [phase.model_dump(mode="json") for phase in plan.phases]
            pd.DataFrame(phases, columns=list(PhaseSpan.model_fields)).to_excel(
                writer, sheet_name="phases", index=False
            )
        for sheet in writer.sheets.values():
            _text_as_text(sheet)
            _fit_columns(sheet)
    return _deterministic(buffer.getvalue())


@contextmanager
def _scratch_of_our_own() -> Iterator[None]:
    """openpyxl writes each sheet to a scratch file in the temporary folder and removes
    them at exit (atexit); a command stopped by Ctrl-C ends at once (`os._exit`) and would
    leave them. Here they go into a folder of our own, removed as the stop passes through.
    (`tempfile.tempdir` is the process's, but liftplan's own temporary files name their
    folder: only openpyxl's land here.)"""
    with tempfile.TemporaryDirectory(prefix="liftplan-xlsx.") as folder:
        before, tempfile.tempdir = tempfile.tempdir, folder
        try:
            yield
        finally:
            tempfile.tempdir = before


# What Excel would read otherwise on an edit: a formula's start, and a leading quote (which
# it takes for its own prefix mark and drops).
QUOTE_PREFIXED = (*FORMULA_STARTS, "'")


def _text_as_text(sheet: Any) -> None:
    """Text cells typed as text: never a formula openpyxl guessed (it reads a text starting
    with "=" as one); those starting like a formula also quote-prefixed, as Excel marks a
    cell typed with a leading ' (the quote is not part of the text, and is not shown)."""
    for line in sheet.iter_rows():
        for cell in line:
            if isinstance(cell.value, str):
                cell.data_type = "s"
                if cell.value.startswith(QUOTE_PREFIXED):
                    cell.quotePrefix = True


def _cell(value: object) -> object:
    """A text value as a workbook cell can hold it; anything else as it is."""
    if not isinstance(value, str):
        return value
    return NOT_IN_A_CELL.sub("\ufffd", value)


MAX_COLUMN_WIDTH = 60  # characters; longer notes wrap in the cell rather than widen the sheet


def _fit_columns(sheet: Any) -> None:
    """Each column as wide as its longest cell (up to MAX_COLUMN_WIDTH), the header frozen."""
    for column in sheet.iter_cols():
        longest = max((len(_shown(cell.value)) for cell in column), default=0)
        sheet.column_dimensions[column[0].column_letter].width = min(longest + 2, MAX_COLUMN_WIDTH)
    sheet.freeze_panes = "A2"


def _shown(value: object) -> str:
    """A cell's text as Excel shows it, near enough to size its column."""
    if value is None:
        return ""
    if hasattr(value, "strftime"):
        return "2026-03-02 06:30:00"  # dates and times: Excel's width for a date and time
    return str(value)


def _deterministic(data: bytes) -> bytes:
    """The same workbook with fixed timestamps (zip entries and document properties)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "docProps/core.xml":
                content = re.sub(
                    rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:)",
                    rb"\g<1>" + FIXED_XML_TIME.encode() + rb"\g<3>",
                    content,
                )
            info = zipfile.ZipInfo(item.filename, date_time=FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = item.external_attr
            target.writestr(info, content)
    return out.getvalue()
