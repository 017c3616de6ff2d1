"""Load the routine catalogue: the built-in one, or a user file named by the season."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from liftplan.errors import InputError
from liftplan.io.season_file import parse_document, read_text, validated
from liftplan.models.routines import Catalogue

BUILT_IN = "routines.yaml"


def load_catalogue(path: str | Path | None = None) -> Catalogue:
    if path is None:
        name = f"liftplan/data/{BUILT_IN}"
        text = resources.files("liftplan.data").joinpath(BUILT_IN).read_text(encoding="utf-8")
    else:
        name = str(path)
        text = read_text(Path(path))
    data = parse_document(text, name)
    if not isinstance(data, dict):
        raise InputError(name, "", "expected a mapping with `exercises` and `variations`")
    return validated(Catalogue, data, name)
