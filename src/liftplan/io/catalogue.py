"""Load the routine catalogue: the built-in one, or a user file named by the season."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from pydantic import ValidationError

from liftplan.errors import InputError
from liftplan.io.season_file import describe, parse_document, plain, read_text
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
    try:
        return Catalogue.model_validate(plain(data, name))
    except ValidationError as error:
        raise describe(error, name) from None
