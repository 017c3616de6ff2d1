"""YAML files are read by libyaml's fast parser where it reads YAML 1.2 as the pure-Python
parser does, and by the pure one otherwise (io/season_file.py): the values never depend on
which parser read them, and no input crashes the fast one."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from conftest import run_liftplan
from liftplan.errors import InputError
from liftplan.io import season_file
from liftplan.io.season_file import _libyaml_may_read, _yaml_parser, parse_document, plain

ROOT = Path(__file__).resolve().parents[2]
YAML_FILES = sorted(
    path
    for folder in ("examples", "tests", "src")
    for path in (ROOT / folder).rglob("*.yaml")
    if "__pycache__" not in path.parts
)


def parsed(text: str, *, pure: bool) -> tuple[str, Any]:
    """("ok", the values) or ("error", the exception's type) from one parser alone."""
    try:
        return "ok", _yaml_parser(pure=pure).load(text)
    except Exception as error:  # any failure is compared, not judged
        return "error", type(error).__name__


def read(text: str, *, libyaml: bool) -> tuple[str, Any]:
    """What a reader gets from `parse_document` and `plain` (the values, or the one-line
    error), with libyaml allowed or with the pure parser alone."""
    with pytest.MonkeyPatch.context() as patch:
        if not libyaml:
            patch.setattr(season_file, "_libyaml_may_read", lambda text: False)
        try:
            return "ok", plain(parse_document(text, "season.yaml"), "season.yaml")
        except InputError as error:
            return "refused", str(error)


def test_libyaml_is_installed_so_the_fast_parser_is_the_one_in_use() -> None:
    assert season_file._libyaml_installed()


@pytest.mark.parametrize("path", YAML_FILES, ids=lambda path: str(path.relative_to(ROOT)))
def test_every_yaml_file_here_reads_the_same_with_or_without_libyaml(path: Path) -> None:
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        pytest.skip("not UTF-8: refused before any parser")
    with_libyaml = read(text, libyaml=True)
    assert with_libyaml == read(text, libyaml=False)


def test_the_examples_are_read_by_libyaml() -> None:
    for path in sorted((ROOT / "examples").glob("*.yaml")):
        text = path.read_text()
        assert _libyaml_may_read(text)
        assert parsed(text, pure=False)[0] == "ok", path


def test_what_only_yaml_1_2_allows_is_read_by_the_pure_parser() -> None:
    text = "weekly:\n  mon: [17:30-21:00, 06:00-07:00]\n"
    assert parsed(text, pure=False)[0] == "error"  # libyaml: a colon in a flow scalar
    assert parse_document(text, "s.yaml") == {"weekly": {"mon": ["17:30-21:00", "06:00-07:00"]}}


def test_a_yaml_1_1_directive_is_honoured_as_the_pure_parser_does() -> None:
    text = "%YAML 1.1\n---\nhard: yes\nminutes: 010\n"
    assert not _libyaml_may_read(text)
    assert parse_document(text, "s.yaml") == {"hard": True, "minutes": 8}
    assert parse_document("hard: yes\nminutes: 010\n", "s.yaml") == {"hard": "yes", "minutes": 10}


@pytest.mark.parametrize(
    "text",
    [
        "- " * 100_000 + "x\n",  # one line: libyaml would recurse in C until it crashed
        "".join("  " * level + "a:\n" for level in range(2_000)) + "  " * 2_000 + "b\n",
    ],
    ids=["compact sequences", "indented mappings"],
)
def test_nesting_thousands_deep_is_one_line_and_exit_2_never_a_crash(
    tmp_path: Path, text: str
) -> None:
    season = tmp_path / "season.yaml"
    season.write_text(text)
    done = run_liftplan("validate", str(season), cwd=tmp_path)
    said = done.stdout + done.stderr  # validate lists its findings on stdout
    assert done.returncode == 2, said
    assert said.count("\n") == 1
    assert "nesting is deeper than" in said


TIMES = st.builds(
    lambda h, m, length: f"{h:02d}:{m:02d}-{min(h + length, 23):02d}:{m:02d}",
    st.integers(0, 22),
    st.sampled_from([0, 15, 30, 45]),
    st.integers(1, 4),
)
SCALARS = st.one_of(
    TIMES,
    st.integers(-(10**6), 10**6),
    st.booleans(),
    st.sampled_from(["yes", "no", "on", "off", "~", "null", "2026-02-29", "0o17", "010", "1e3"]),
    st.text(st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), max_size=12),
)
DOCUMENTS = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.text("abcdefgh_", min_size=1, max_size=8), inner, max_size=4),
    ),
    max_leaves=25,
)


@settings(max_examples=150, deadline=None)
@given(document=DOCUMENTS, flow=st.booleans())
def test_any_document_reads_back_the_same_whichever_parser_reads_it(
    document: Any, flow: bool
) -> None:
    dumper = YAML(typ="safe", pure=True)
    dumper.default_flow_style = flow
    stream = io.StringIO()
    dumper.dump({"season": document}, stream)
    text = stream.getvalue()
    assert read(text, libyaml=True) == read(text, libyaml=False)
