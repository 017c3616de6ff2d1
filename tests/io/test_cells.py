"""A spreadsheet cell's guard against formulas, and reading it back: an exact round trip."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from liftplan.io.cells import FORMULA_STARTS, cell_text, spreadsheet_text

# Any text, and texts that start with what the guard looks at.
texts = st.text() | st.builds(
    str.__add__, st.sampled_from([*FORMULA_STARTS, "'", "''", "'="]), st.text()
)


@given(texts)
def test_a_guarded_cell_reads_back_to_its_text(text: str) -> None:
    assert cell_text(spreadsheet_text(text)) == text


@given(texts)
def test_a_guarded_cell_never_starts_a_formula(text: str) -> None:
    assert not spreadsheet_text(text).startswith(FORMULA_STARTS)


@given(texts, texts)
def test_two_texts_never_share_a_cell(one: str, other: str) -> None:
    assert (spreadsheet_text(one) == spreadsheet_text(other)) == (one == other)


def test_a_quote_is_guarded_too_so_that_reading_takes_off_only_the_guard() -> None:
    assert spreadsheet_text("@ana") == "'@ana"
    assert spreadsheet_text("'x") == "''x"
    assert spreadsheet_text("ana") == "ana" == cell_text("ana")
    assert cell_text("'@ana") == "@ana" and cell_text("''x") == "'x"
