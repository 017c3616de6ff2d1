"""The one reader of user files: what it refuses, it refuses before reading, in one line."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from liftplan.errors import InputError
from liftplan.io.reader import read_user_text
from liftplan.io.season_file import parse_document


def test_a_file_past_the_limit_is_refused_without_reading_it(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    with big.open("wb") as file:
        file.truncate(10 * 1024 * 1024 * 1024)  # 10 GB, sparse: reading it would take minutes
    with pytest.raises(InputError, match="file is larger than 5 MB"):
        read_user_text(big)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs mkfifo")
def test_a_fifo_is_refused_instead_of_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "season.yaml"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match="is a pipe"):
        read_user_text(fifo)


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        ("ä".encode("utf-16"), "is UTF-16 text"),
        (b"timezone: \xe9t\xe9\n", "is not UTF-8 text (line 1)"),
        (b"a: 1\nb: \x00\n", "holds a NUL byte (line 2)"),
    ],
)
def test_text_that_is_no_utf8_is_one_line_saying_so(
    raw: bytes, problem: str, tmp_path: Path
) -> None:
    path = tmp_path / "season.yaml"
    path.write_bytes(raw)
    with pytest.raises(InputError, match=problem.replace("(", r"\(").replace(")", r"\)")):
        read_user_text(path)


def test_a_utf8_byte_order_mark_is_fine(tmp_path: Path) -> None:
    path = tmp_path / "season.yaml"
    path.write_bytes(b"\xef\xbb\xbftimezone: UTC\n")
    assert read_user_text(path) == "timezone: UTC\n"


def test_json_refuses_a_key_written_twice_as_yaml_does() -> None:
    with pytest.raises(InputError, match="timezone: duplicate key"):
        parse_document('{"timezone": "UTC", "timezone": "Europe/Oslo"}', "s.json")
    with pytest.raises(InputError, match="duplicate key"):
        parse_document("timezone: UTC\ntimezone: Europe/Oslo\n", "s.yaml")


def test_yaml_dates_stay_text_so_the_models_judge_them() -> None:
    assert parse_document("start: 2026-02-29\n", "s.yaml") == {"start": "2026-02-29"}


def test_deep_nesting_is_refused_before_the_parser_recurses() -> None:
    with pytest.raises(InputError, match="nesting is deeper than 64 levels"):
        parse_document("a: " + "[" * 5000 + "]" * 5000 + "\n", "s.yaml")


def test_an_error_message_is_always_one_line() -> None:
    assert "\n" not in str(InputError("f.yaml", "a\nb", "line one\n  line two"))
