"""Render a scenario comparison: a table, CSV, JSON or a small HTML page.

Every format says the same things: each scenario's metrics (numbers; none where a plan has
nothing to measure), what the scenario changes over the base (its overrides), how its plan
differs from the base's (lifts added, removed, moved), and why it has no plan, if it has none.
"""

from __future__ import annotations

import io
import json

from liftplan.io.render.pages import render_page
from liftplan.models.score_terms import term_label
from liftplan.models.wording import count

Value = str | int | float | None
Columns = dict[str, dict[str, Value]]  # scenario -> row -> value
Lines = dict[str, list[str]]  # scenario -> lines
NONE = "-"  # how a text format shows a metric with nothing to measure


def _row_names(columns: Columns) -> list[str]:
    names: list[str] = []
    for values in columns.values():
        names += [row for row in values if row not in names]
    return names


def text(value: Value) -> str:
    """A metric as a cell: ``None`` -> ``"-"``, numbers as Python writes them."""
    return NONE if value is None else str(value)


def _cells(columns: Columns, row: str) -> list[str]:
    """A row's cells; a metric a scenario lacks (no plan to measure) is ``-`` too."""
    return [text(values.get(row)) for values in columns.values()]


def _sections(columns: Columns, diffs: Lines, changes: Lines, reasons: Lines) -> list[str]:
    """What each scenario changes, then its plan's changes or why it has none."""
    lines = []
    for name in columns:
        own, why = changes.get(name, []), reasons.get(name, [])
        if name in diffs or own or why:
            lines.append("")
            lines.append(f"{name}: " + ("; ".join(own) if own else "the season as written"))
        if why:
            lines.append(f"  no plan: {why[0]}")
            lines += [f"    {line}" for line in why[1:]]
        if name in diffs:
            lines.append(f"  vs base: {count(len(diffs[name]), 'change')}")
            lines += [f"    {change}" for change in diffs[name]]
    return lines


def render_table(
    columns: Columns, diffs: Lines, changes: Lines | None = None, reasons: Lines | None = None
) -> str:
    rows = _row_names(columns)
    header = ["metric", *columns]
    body = [[term_label(row), *_cells(columns, row)] for row in rows]
    widths = [max(len(line[i]) for line in [header, *body]) for i in range(len(header))]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True))
        for line in [header, *body]
    ]
    lines += _sections(columns, diffs, changes or {}, reasons or {})
    return "\n".join(line.rstrip() for line in lines) + "\n"


def render_csv(
    columns: Columns, diffs: Lines, changes: Lines | None = None, reasons: Lines | None = None
) -> str:
    """One metric a row (a score term by its label, as in the table); then the rows
    ``changes``, ``diff`` and ``reason`` (lines joined with ``; ``)."""
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["metric", *columns])
    for row in _row_names(columns):
        writer.writerow([term_label(row), *_cells(columns, row)])
    for label, lines in (("changes", changes or {}), ("diff", diffs), ("reason", reasons or {})):
        writer.writerow([label, *("; ".join(lines.get(name, [])) for name in columns)])
    return buffer.getvalue()


def render_json(
    columns: Columns, diffs: Lines, changes: Lines | None = None, reasons: Lines | None = None
) -> str:
    """``{scenario: {metrics, changes, diff, reason}}``: metrics as JSON numbers (null when
    there is nothing to measure), ``reason`` a list of lines (empty when it has a plan)."""
    rows = _row_names(columns)
    data = {
        name: {
            "metrics": {row: values.get(row) for row in rows},  # every row in every column
            "changes": (changes or {}).get(name, []),
            "diff": diffs.get(name, []),
            "reason": (reasons or {}).get(name, []),
        }
        for name, values in columns.items()
    }
    return json.dumps(data, indent=2) + "\n"


def render_html(
    columns: Columns, diffs: Lines, changes: Lines | None = None, reasons: Lines | None = None
) -> str:
    cells = {
        name: {row: text(value) for row, value in values.items()}
        for name, values in columns.items()
    }
    return render_page(
        "compare.html.j2",
        columns=cells,
        rows=_row_names(columns),
        labels={row: term_label(row) for row in _row_names(columns)},
        diffs=diffs,
        diff_counts={name: count(len(lines), "change") for name, lines in diffs.items()},
        changes=changes or {},
        reasons=reasons or {},
    )


RENDERERS = {"table": render_table, "csv": render_csv, "json": render_json, "html": render_html}
