"""Render a scenario comparison: a table, CSV, JSON or a small HTML page."""

from __future__ import annotations

import io
import json

from liftplan.io.render.pages import render_page

Columns = dict[str, dict[str, str]]  # scenario -> row -> value


def _row_names(columns: Columns) -> list[str]:
    names: list[str] = []
    for values in columns.values():
        names += [row for row in values if row not in names]
    return names


def render_table(columns: Columns, diffs: dict[str, list[str]]) -> str:
    rows = _row_names(columns)
    widths = [max(len(r) for r in [*rows, "metric"])] + [
        max(len(name), *(len(values.get(row, "")) for row in rows))
        for name, values in columns.items()
    ]
    lines = []
    header = ["metric", *columns]
    lines.append("  ".join(text.ljust(width) for text, width in zip(header, widths, strict=True)))
    for row in rows:
        cells = [row, *(values.get(row, "") for values in columns.values())]
        lines.append(
            "  ".join(text.ljust(width) for text, width in zip(cells, widths, strict=True))
        )
    for name, changes in diffs.items():
        lines.append("")
        lines.append(f"{name} vs base: {len(changes)} change(s)")
        lines += [f"  {change}" for change in changes]
    return "\n".join(line.rstrip() for line in lines) + "\n"


def render_csv(columns: Columns, diffs: dict[str, list[str]]) -> str:
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["metric", *columns])
    for row in _row_names(columns):
        writer.writerow([row, *(values.get(row, "") for values in columns.values())])
    return buffer.getvalue()


def render_json(columns: Columns, diffs: dict[str, list[str]]) -> str:
    data = {
        name: {"metrics": values, "diff": diffs.get(name, [])} for name, values in columns.items()
    }
    return json.dumps(data, indent=2) + "\n"


def render_html(columns: Columns, diffs: dict[str, list[str]]) -> str:
    return render_page("compare.html.j2", columns=columns, rows=_row_names(columns), diffs=diffs)


RENDERERS = {"table": render_table, "csv": render_csv, "json": render_json, "html": render_html}
