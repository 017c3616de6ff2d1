"""A text cell of a spreadsheet text file (plan.csv, summary.csv) and back (plan.xlsx types
its cells instead: io/render/xlsx.py).

A spreadsheet reads a cell starting with ``= + - @`` (or tab or CR, after which it trims)
as a formula; OWASP's advice is to prefix such a cell with a single quote. A text that
itself starts with a quote gets one too, so the prefix is always there to take off
(`cell_text`): ``'x`` is written ``''x``, and reading plan.csv gives back every text as it
was (an athlete ``@ana`` stays ``@ana``, ``'x`` stays ``'x``).
"""

from __future__ import annotations

# A cell starting with one of these would be a formula: it is written after a quote.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"
# What `spreadsheet_text` prefixes: a formula's start, and the quote itself (to undo it).
_GUARDED = (*FORMULA_STARTS, QUOTE)


def spreadsheet_text(value: str) -> str:
    """``value`` as a cell that can never start a formula: after a single quote when it
    starts like a formula or with a quote (`cell_text` takes exactly that quote off)."""
    return QUOTE + value if value.startswith(_GUARDED) else value


def cell_text(cell: str) -> str:
    """The text `spreadsheet_text` wrote as ``cell``: its first quote taken off, if any.

    Exact for every text: ``cell_text(spreadsheet_text(text)) == text``. A cell that starts
    with a quote was always written so by `spreadsheet_text`, never by the text itself."""
    return cell[1:] if cell.startswith(QUOTE) else cell
