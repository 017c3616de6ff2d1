"""The readable report of `liftplan explain`."""

from __future__ import annotations

import shlex

from liftplan.models.explanation import Explanation
from liftplan.models.wording import day_and_time, moment


def explanation_lines(
    explanation: Explanation, source: str, athlete: str | None = None, sets: tuple[str, ...] = ()
) -> list[str]:
    """The report of ``explanation`` of SEASON ``source`` (``athlete``'s of a team file,
    with the ``sets`` given): each repair as the `liftplan solve` line that applies it."""
    if explanation.conflicts:
        return _infeasible(explanation, source, athlete, sets)
    lines = [f"{explanation.status}  objective {explanation.objective}", "", "Score"]
    for term in explanation.score:
        lines.append(f"  {term.term:<18} {term.total:>7}   {term.says}")
        for match in term.matches:
            lines.append(f"      {match.session:<34} {match.amount:>5} -> {match.penalty}")
    lines += ["", "Lifts"]
    for lift in explanation.lifts:
        lines.append(f"  {moment(lift.start)}")
        lines += [f"    - {reason}" for reason in lift.reasons]
        lines += [f"    * {line}" for line in lift.workout]
        for other in lift.runner_ups:
            sign = "+" if other.cost_difference >= 0 else ""
            note = f"  ({other.note})" if other.note else ""
            beat = day_and_time(other.start)
            lines.append(f"    beat {beat}: own cost {sign}{other.cost_difference}{note}")
    if explanation.closed_weeks:
        lines += ["", "Closed race weeks"]
        lines += [f"  week {closed.week}: {closed.reason}" for closed in explanation.closed_weeks]
    return lines


def _infeasible(
    explanation: Explanation, source: str, athlete: str | None, given: tuple[str, ...]
) -> list[str]:
    whose = f"{source} (athlete {athlete})" if athlete is not None else source
    lines = [f"INFEASIBLE: {whose} has no plan that keeps every hard rule.", "", "Conflict:"]
    # What picks this season again: the athlete, then the --set given (a repair's come after
    # them, so they win where both set one field, as the repair was found on top of them).
    again = [shlex.quote(source)]
    if athlete is not None:
        again += ["--athlete", shlex.quote(athlete)]
    again += [f"--set {shlex.quote(text)}" for text in given]
    lines += [f"  - {c.rule}: {c.message}" for c in explanation.conflicts]
    coach = [r for r in explanation.repairs if r.kind == "coach"]
    relaxed = [r for r in explanation.repairs if r.kind != "coach"]
    if explanation.repairs:
        lines += ["", "Repairs (smallest change first; each one solves):"]
    number = 0
    for title, repairs in (
        ("What a coach would change:", coach),
        ("Or relax a rule for the whole season, by the smallest step that solves:", relaxed),
    ):
        if repairs:
            lines.append(f"  {title}")
        for repair in repairs:
            number += 1
            lines.append(f"  {number}. {repair.description}")
            sets = [f"--set {shlex.quote(text)}" for text in repair.set]
            lines.append(f"     liftplan solve {' '.join([*again, *sets])}")
    if explanation.repairs_stopped:
        lines += ["", "repairs: search stopped at the time limit; raise --time-limit"]
    return lines
