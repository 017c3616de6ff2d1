"""The bundled catalogue's parsed twin (data/routines.json) says what routines.yaml says."""

from __future__ import annotations

from importlib import resources

from liftplan.io import catalogue
from liftplan.io.season_file import parse_document


def test_the_twin_is_the_yaml_parsed_and_current() -> None:
    text = resources.files("liftplan.data").joinpath(catalogue.BUILT_IN).read_text("utf-8")
    twin = catalogue._twin(text)
    assert twin is not None, "routines.yaml changed: run `python -m liftplan.io.catalogue`"
    assert twin == parse_document(text, "routines.yaml")


def test_a_stale_twin_is_ignored_and_the_yaml_read_instead() -> None:
    text = resources.files("liftplan.data").joinpath(catalogue.BUILT_IN).read_text("utf-8")
    assert catalogue._twin(text + "\n# edited\n") is None
