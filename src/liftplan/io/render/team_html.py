"""The team at a glance: athletes by day, lifts and hard runs marked, one self-contained page."""

from __future__ import annotations

import datetime as dt
import json
from html import escape
from pathlib import Path

STYLE = (
    "body{font:13px system-ui,sans-serif;margin:1.5rem}table{border-collapse:collapse}"
    "td,th{border:1px solid #ddd;padding:1px 2px;text-align:center;min-width:14px}"
    "th.name{text-align:left;padding-right:8px;white-space:nowrap}"
    ".L{background:#4e79a7;color:#fff}.C{background:#9cbbe0}.H{box-shadow:inset 0 -3px 0 #d62728}"
    ".week{border-left:2px solid #555}.bad{color:#b00}"
    "@media print{.L{background:#000!important}}"
)


def _plan(directory: Path, row: dict[str, str]) -> dict[str, object] | None:
    if row["status"] not in ("OPTIMAL", "FEASIBLE"):
        return None
    try:
        data: dict[str, object] = json.loads((directory / f"{row['file']}.json").read_text())
    except (OSError, ValueError):
        return None
    return data


def render_team(directory: Path, rows: list[dict[str, str]]) -> str:
    plans = {row["athlete"]: _plan(directory, row) for row in rows}
    days: set[dt.date] = set()
    marks: dict[str, dict[dt.date, set[str]]] = {}
    for athlete, plan in plans.items():
        marks[athlete] = {}
        for session in plan.get("sessions", []) if plan else []:  # type: ignore[attr-defined]
            date = dt.date.fromisoformat(session["date"])
            days.add(date)
            cell = marks[athlete].setdefault(date, set())
            if session["activity"] == "lift":
                cell.add("C" if session["kind"] == "core" else "L")
            elif session.get("notes") == "hard":
                cell.add("H")
    ordered = sorted(days)
    first = ordered[0] if ordered else dt.date.today()
    out = [
        '<!doctype html><html lang="en"><head><meta charset="utf-8">',
        f"<title>liftplan: team</title><style>{STYLE}</style></head><body>",
        f"<h1>Team plan: {len(rows)} athletes</h1>",
        "<p>L lift, C core session, red underline a hard run.</p><table><tr><th>athlete</th>",
        "<th>status</th><th>lifts</th>",
    ]
    for day in ordered:
        css = ' class="week"' if (day - first).days % 7 == 0 else ""
        out.append(f'<th{css} title="{day}">{day.strftime("%a")[0]}</th>')
    out.append("</tr>")
    for row in rows:
        status = row["status"]
        css = "" if status in ("OPTIMAL", "FEASIBLE") else ' class="bad"'
        out.append(
            f'<tr><th class="name">{escape(row["athlete"])}</th><td{css}>{escape(status)}</td>'
            f"<td>{escape(row.get('lifts', ''))}</td>"
        )
        for day in ordered:
            cell = marks.get(row["athlete"], {}).get(day, set())
            classes = " ".join(sorted(cell - {"H"}) + (["H"] if "H" in cell else []))
            if (day - first).days % 7 == 0:
                classes += " week"
            text = "L" if "L" in cell else "C" if "C" in cell else ""
            out.append(f'<td class="{classes.strip()}" title="{day}">{text}</td>')
        out.append("</tr>")
    out.append("</table></body></html>\n")
    return "\n".join(out)
