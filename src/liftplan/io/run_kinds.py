"""A run's kind and a race's distance, read from the words of a calendar event.

The rule (README, "Runs from a calendar or a table"):

1. Words are runs of letters and digits, joined by ``-`` or ``'`` (``shake-out``,
   ``pre-race`` and ``6x800m`` are one word each), compared without case. A keyword matches
   whole words only: ``race`` is not found in ``racecourse`` nor in ``pre-race``.
2. The kind is that of the keyword that comes first in the title; at one position the
   longest keyword wins (``hill repeats`` is hills, not intervals), and the runner's own
   ``runs.kinds`` before the table. The description is read only when the title says nothing.
3. A keyword is negated, and does not count, when ``no``, ``not``, ``without``, ``skip``,
   ``skipped``, ``skipping`` or ``cancelled`` stands before it with at most one word between,
   in the same clause (clauses end at ``. , ; : ! ? ( ) /``, `` - `` and ``but``):
   "no intervals today" and "easy, no hard intervals" are not intervals.
4. A word like ``6x800`` or ``10x400m`` (sets x distance) is intervals.
5. An event that matches nothing is an easy run (and listed, so the runner can name it).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from liftplan.models.races import RaceDistance
from liftplan.models.season import RunKind

# Keyword -> kind. Pace phrases ("marathon pace") are tempo, so the distance in them does
# not make the run a race.
KEYWORDS: dict[str, RunKind] = {
    **dict.fromkeys(["easy", "easy run", "jog", "jogging", "aerobic", "base run"], RunKind.EASY),
    **dict.fromkeys(
        ["recovery", "recovery run", "shake-out", "shakeout", "shake out", "regen", "regeneration"],
        RunKind.RECOVERY,
    ),
    **dict.fromkeys(["long", "long run", "lsd", "long slow distance"], RunKind.LONG),
    **dict.fromkeys(
        [
            "tempo",
            "tempo run",
            "progression",
            "progression run",
            "marathon pace",
            "half marathon pace",
            "race pace",
            "goal pace",
            "mp",
        ],
        RunKind.TEMPO,
    ),
    **dict.fromkeys(
        ["threshold", "lactate threshold", "lt", "cruise intervals", "sweet spot"],
        RunKind.THRESHOLD,
    ),
    **dict.fromkeys(
        ["interval", "intervals", "vo2", "vo2max", "vo2 max", "reps", "repeats", "speed work"],
        RunKind.INTERVALS,
    ),
    **dict.fromkeys(["track", "track session", "track workout"], RunKind.TRACK),
    **dict.fromkeys(["hill", "hills", "hill repeats", "hill sprints", "hill reps"], RunKind.HILLS),
    **dict.fromkeys(
        ["race", "races", "racing", "parkrun", "marathon", "half marathon", "half-marathon"],
        RunKind.RACE,
    ),
    **dict.fromkeys(["rest", "rest day", "day off", "off day"], RunKind.REST),
}
NEGATIONS = frozenset({"no", "not", "without", "skip", "skipped", "skipping", "cancelled"})
_TOKEN = re.compile(r"[^\W_]+(?:['-][^\W_]+)*|\s-\s|[.,;:!?()/]")
_REPS = re.compile(r"^\d+x\d+")
_CLAUSE_ENDS = frozenset({".", ",", ";", ":", "!", "?", "(", ")", "/", "-", "but"})


def _tokens(text: str) -> list[str]:
    return [token.strip() for token in _TOKEN.findall(text.lower())]


def _negated(tokens: list[str], position: int) -> bool:
    for back in (1, 2):
        index = position - back
        if index < 0 or tokens[index] in _CLAUSE_ENDS:
            return False
        if tokens[index] in NEGATIONS:
            return True
    return False


def kind_of(text: str, own: Mapping[str, RunKind] | None = None) -> RunKind | None:
    """The kind ``text`` names by the rule above, or None when it names none."""
    table = [(_tokens(word), kind) for word, kind in (own or {}).items()]
    table += [(word.split(), kind) for word, kind in KEYWORDS.items()]
    tokens = _tokens(text)
    for position, token in enumerate(tokens):
        best: tuple[int, RunKind] | None = None
        for words, kind in table:
            matches = bool(words) and tokens[position : position + len(words)] == words
            if matches and (best is None or len(words) > best[0]):
                best = (len(words), kind)
        if best is None and _REPS.match(token):
            best = (1, RunKind.INTERVALS)
        if best is not None and not _negated(tokens, position):
            return best[1]
    return None


_DISTANCES: list[tuple[re.Pattern[str], RaceDistance | None]] = [
    (
        re.compile(r"\bhalf[\s-]?marathon\b|\bhalbmarathon\b|\bsemi[\s-]?marathon\b"),
        RaceDistance.HALF,
    ),
    (re.compile(r"\bmarathon\b"), RaceDistance.MARATHON),
    (re.compile(r"\b1500\s?m\b"), RaceDistance.M1500),
    (re.compile(r"\bmile\b"), RaceDistance.MILE),
]
_KM = re.compile(r"\b(\d+(?:[.,]\d+)?)\s?(k|km)\b")
_MILES = re.compile(r"\b(\d+(?:[.,]\d+)?)\s?(mi|miles?)\b")
_KM_PER_MILE = 1.609344


def race_distance(title: str) -> RaceDistance | float | None:
    """A race's distance as its title says it (``10K``, ``Half Marathon``, ``5 km``,
    ``100 mi``): a named distance when there is one, else km; None when it says none."""
    text = title.lower()
    for pattern, distance in _DISTANCES:
        if pattern.search(text):
            return distance
    km: float | None = None
    if match := _KM.search(text):
        km = float(match.group(1).replace(",", "."))
    elif match := _MILES.search(text):
        miles = float(match.group(1).replace(",", "."))
        if miles == 100:
            return RaceDistance.MI100
        km = round(miles * _KM_PER_MILE, 3)
    if km is None or km <= 0:
        return None
    for named in RaceDistance:
        if named.value == f"{km:g}k":
            return named
    return km
