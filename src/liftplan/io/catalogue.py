"""Load the routine catalogue: the built-in one, or a user file named by the season."""

from __future__ import annotations

import functools
import hashlib
import json
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from liftplan.errors import InputError
from liftplan.io.reader import read_user_text
from liftplan.io.season_file import parse_document, plain, problems_of, validated
from liftplan.models.routines import Catalogue

BUILT_IN = "routines.yaml"
# The top-level fields that make a file a routines catalogue (for `liftplan validate`).
CATALOGUE_FIELDS = frozenset(Catalogue.model_fields)
# routines.yaml already parsed, with the SHA-256 of the text it came from: parsing the YAML
# took a third of a `liftplan solve` (issue 18). A twin that does not match the YAML is
# ignored (the YAML is parsed instead); `python -m liftplan.io.catalogue` rewrites it.
TWIN = "routines.json"


def load_catalogue(path: str | Path | None = None) -> Catalogue:
    if path is None:
        return built_in_catalogue()
    name = str(path)
    return _catalogue_from(parse_document(read_user_text(Path(path)), name), name)


@functools.cache
def built_in_catalogue() -> Catalogue:
    """The bundled catalogue, parsed once per process: a batch asks for it per athlete,
    and parsing it took half of each athlete's time (benchmarks: team throughput)."""
    name = f"liftplan/data/{BUILT_IN}"
    text = resources.files("liftplan.data").joinpath(BUILT_IN).read_text(encoding="utf-8")
    data = _twin(text)
    return _catalogue_from(parse_document(text, name) if data is None else data, name)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _twin(text: str) -> Any:
    """The parsed catalogue of the bundled twin, or None when it is missing or stale."""
    try:
        twin = json.loads(resources.files("liftplan.data").joinpath(TWIN).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(twin, dict) or twin.get("sha256") != _digest(text):
        return None
    return twin.get("catalogue")


def write_twin(data_dir: Path) -> Path:
    """Write ``data_dir``/routines.json from ``data_dir``/routines.yaml; returns its path."""
    text = (data_dir / BUILT_IN).read_text(encoding="utf-8")
    parsed = parse_document(text, f"liftplan/data/{BUILT_IN}")
    path = data_dir / TWIN
    twin = {"sha256": _digest(text), "catalogue": parsed}
    path.write_text(json.dumps(twin, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


if __name__ == "__main__":  # python -m liftplan.io.catalogue: after editing routines.yaml
    print(write_twin(Path(__file__).resolve().parent.parent / "data"))


def _catalogue_from(data: object, name: str) -> Catalogue:
    if not isinstance(data, dict):
        raise InputError(name, "", "expected a mapping with `exercises` and `variations`")
    return validated(Catalogue, data, name)


def catalogue_problems(path: str | Path) -> list[InputError]:
    """Every problem of the routines file at ``path``, in file order; ``[]`` if none (what
    `liftplan validate` lists for a catalogue, or a season's `routines:` file)."""
    name = str(path)
    try:
        data = parse_document(read_user_text(Path(path)), name)
        if not isinstance(data, dict):
            _catalogue_from(data, name)  # the one line for an empty or odd file
        Catalogue.model_validate(plain(data, name))
    except ValidationError as error:
        return problems_of(error, name)
    except InputError as error:
        return [error]
    return []
