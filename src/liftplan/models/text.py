"""What a name or an id may contain: printable text only.

An id or a name ends up in CSV cells, workbook cells, calendar lines and file names; a
control character (NUL, ESC, tab, newline, CR), an invisible format character (a
right-to-left override) or a Unicode noncharacter (U+FFFF) breaks one of them or hides
what the text says. Pydantic validators call `text_problem` and raise its answer.
"""

from __future__ import annotations

import unicodedata

# Unicode categories that are not printable text: controls, format characters, surrogates,
# private use, unassigned and noncharacters (U+FFFF is "Cn").
UNPRINTABLE = frozenset({"Cc", "Cf", "Cs", "Co", "Cn"})


def text_problem(text: str) -> str | None:
    """Why ``text`` is not printable text (the first offending character), or None."""
    for position, character in enumerate(text):
        if unicodedata.category(character) in UNPRINTABLE:
            return (
                f"{text!r} has the unprintable character U+{ord(character):04X} at "
                f"position {position + 1} (control and invisible characters are not allowed)"
            )
    return None
