"""Render a scenario comparison: a table, CSV, JSON or a small HTML page."""

from __future__ import annotations

import io
import json
from html import escape

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
    head = "".join(f"<th>{escape(name)}</th>" for name in columns)
    body = "".join(
        f"<tr><th>{escape(row)}</th>"
        + "".join(f"<td>{escape(values.get(row, ''))}</td>" for values in columns.values())
        + "</tr>"
        for row in _row_names(columns)
    )
    changes = "".join(
        f"<h2>{escape(name)} vs base</h2><ul>"
        + "".join(f"<li>{escape(change)}</li>" for change in lines)
        + "</ul>"
        for name, lines in diffs.items()
    )
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>liftplan compare</title>'
        "<style>body{font:14px system-ui,sans-serif;margin:1.5rem}td,th{padding:3px 10px;"
        "border-bottom:1px solid #ddd;text-align:left}</style></head><body>"
        f"<h1>Scenarios</h1><table><tr><th>metric</th>{head}</tr>{body}</table>{changes}"
        "</body></html>\n"
    )


RENDERERS = {"table": render_table, "csv": render_csv, "json": render_json, "html": render_html}
