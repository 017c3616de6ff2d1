"""The season as one self-contained HTML page: no CDN, no JavaScript, prints cleanly.

A week x day grid with phase bands, hard days marked, runs coloured by kind and lifts by
block; each lift's workout shows on hover and again in full below the grid, with the score
breakdown and the lifts per week.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from html import escape

from liftplan.models.plan import Plan, Session

HARD_KINDS = {"tempo", "threshold", "intervals", "track", "hills", "long", "race"}
BLOCK_COLOURS = ("#4e79a7", "#f28e2b", "#59a14f", "#b07aa1", "#edc948", "#76b7b2", "#ff9da7")
PHASE_COLOURS = {
    "base": "#eef5ff",
    "build": "#eefaf0",
    "peak": "#fff6e8",
    "taper": "#f6f0ff",
    "race": "#ffeef0",
    "recovery": "#f2f2f2",
    "": "#ffffff",
}


def _style() -> str:
    from importlib import resources

    return resources.files("liftplan.data").joinpath("plan.css").read_text(encoding="utf-8")


def _block_colour(block: str) -> str:
    letter = block[-1:] if block else "A"
    return (
        BLOCK_COLOURS[(ord(letter) - ord("A")) % len(BLOCK_COLOURS)] if letter.isalpha() else "#888"
    )


def _session_html(session: Session) -> str:
    when = f"{session.start:%H:%M}"
    if session.activity == "run":
        hard = " hard" if session.notes == "hard" else ""
        return (
            f'<div class="s run{hard}" title="{escape(session.kind)} run">'
            f"{when} {escape(session.kind)} {session.minutes} min</div>"
        )
    label = "core" if session.kind == "core" else f"lift · {escape(session.block)}"
    tip = escape(session.notes, quote=True)
    return (
        f'<div class="s lift {escape(session.kind)}" '
        f'style="background:{_block_colour(session.block)}" title="{tip}">'
        f"{when} {label} {session.minutes} min</div>"
    )


def _workouts_html(plan: Plan) -> list[str]:
    parts = ["<h2>Workouts</h2>"]
    for session in plan.sessions:
        if session.activity != "lift" or session.workout is None:
            continue
        parts.append('<div class="workout">')
        parts.append(
            f"<h3>Week {session.week} · {session.start:%a %Y-%m-%d %H:%M} · "
            f"{escape(session.kind)} · block {escape(session.block)}</h3>"
        )
        parts.append(f"<div>{escape(session.workout.focus)}</div><ul>")
        for exercise in session.workout.exercises:
            parts.append(
                f"<li><b>{escape(exercise.name)}</b> ({escape(str(exercise.pattern))}): "
                f"{exercise.sets} x {escape(exercise.reps)}, tempo {escape(exercise.tempo)}, "
                f"rest {exercise.rest_s} s, {escape(exercise.load)}</li>"
            )
        parts.append("</ul>")
        if session.reasons:
            parts.append(f'<div class="why">Why here: {escape("; ".join(session.reasons))}</div>')
        parts.append("</div>")
    return parts


def render_html(plan: Plan) -> str:
    start = plan.season_start or min((s.date for s in plan.sessions), default=dt.date.today())
    weeks = max(len(plan.lifts_per_week), max((s.week for s in plan.sessions), default=0))
    by_date: dict[dt.date, list[Session]] = defaultdict(list)
    phase_of_week: dict[int, str] = {}
    for session in plan.sessions:
        by_date[session.date].append(session)
        phase_of_week.setdefault(session.week, session.phase)
    block_of_week = {
        week: block.label
        for block in plan.blocks
        for week in range(block.first_week, block.last_week + 1)
    }
    day_names = [(start + dt.timedelta(days=i)).strftime("%a") for i in range(7)]
    title = f"liftplan: {plan.athlete}"
    out = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title><style>{_style()}</style></head><body>",
        f"<h1>Season plan · {escape(plan.athlete)}</h1>",
        f'<p class="meta">{escape(str(plan.status))} · objective {plan.objective} · '
        f"{len(plan.lifts)} lifts in {weeks} weeks from {start} · {escape(plan.timezone)}</p>",
        '<p class="legend"><span><b style="color:#d62728">▌</b> hard day</span>'
        '<span class="s run">easy run</span> <span class="s run hard">hard run</span> '
        f'<span class="s lift" style="background:{BLOCK_COLOURS[0]}">lift, coloured by block</span>'
        "</p>",
        '<table class="season"><thead><tr><th class="week">Week</th><th>Phase</th><th>Block</th>',
        *[f"<th>{name}</th>" for name in day_names],
        "<th>Lifts</th></tr></thead><tbody>",
    ]
    for week in range(1, weeks + 1):
        first = start + dt.timedelta(days=7 * (week - 1))
        phase = phase_of_week.get(week, "")
        out.append(f'<tr style="background:{PHASE_COLOURS.get(phase, "#fff")}">')
        out.append(f'<th class="week">Week {week}<div class="date">{first}</div></th>')
        out.append(
            f'<td class="phase">{escape(phase)}</td><td>{escape(block_of_week.get(week, ""))}</td>'
        )
        for offset in range(7):
            date = first + dt.timedelta(days=offset)
            sessions = sorted(by_date.get(date, []), key=lambda s: s.start)
            hard = any(s.activity == "run" and s.notes == "hard" for s in sessions)
            cells = "".join(_session_html(s) for s in sessions)
            css = "day hard" if hard else "day"
            out.append(f'<td class="{css}"><div class="date">{date:%b %d}</div>{cells}</td>')
        count = plan.lifts_per_week[week - 1] if week <= len(plan.lifts_per_week) else 0
        out.append(f'<td class="count">{count}</td></tr>')
    out.append("</tbody></table>")
    out.append('<h2>Score</h2><table class="score"><tr><th>term</th><th>total</th></tr>')
    out += [
        f"<tr><td>{escape(term)}</td><td>{total}</td></tr>" for term, total in plan.score.items()
    ]
    out.append(f"<tr><th>objective</th><th>{plan.objective}</th></tr></table>")
    out += _workouts_html(plan)
    out.append("</body></html>\n")
    return "\n".join(out)
