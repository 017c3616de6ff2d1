"""Load the routine catalogue: the built-in one, or a user file named by the season."""

from __future__ import annotations

import functools
from importlib import resources
from pathlib import Path

from liftplan.errors import InputError
from liftplan.io.season_file import parse_document, read_text, validated
from liftplan.models.routines import Catalogue

BUILT_IN = "routines.yaml"


def load_catalogue(path: str | Path | None = None) -> Catalogue:
    if path is None:
        return built_in_catalogue()
    name = str(path)
    return _catalogue_from(parse_document(read_text(Path(path)), name), name)


@functools.cache
def built_in_catalogue() -> Catalogue:
    """The bundled catalogue, parsed once per process: a batch asks for it per athlete,
    and parsing it took half of each athlete's time (benchmarks: team throughput)."""
    name = f"liftplan/data/{BUILT_IN}"
    text = resources.files("liftplan.data").joinpath(BUILT_IN).read_text(encoding="utf-8")
    return _catalogue_from(parse_document(text, name), name)


def _catalogue_from(data: object, name: str) -> Catalogue:
    if not isinstance(data, dict):
        raise InputError(name, "", "expected a mapping with `exercises` and `variations`")
    return validated(Catalogue, data, name)
