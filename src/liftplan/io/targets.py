"""Where outputs go, checked before any work: a missing or read-only folder is the user's to
fix, and saying so after a long solve (naming a temporary file) helps no one."""

from __future__ import annotations

import os
from pathlib import Path

from liftplan.errors import InputError


def check_target(target: str | Path) -> None:
    """Raise InputError (naming ``target`` and its folder) unless a file can be written there.

    ``-`` (stdout) is always fine. Refused: a folder that does not exist, is not a folder or is
    not writable, and a target that is itself a folder.
    """
    name = str(target)
    if name == "-":
        return
    path = Path(target)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.exists():
        raise InputError(name, "", f"folder {folder} does not exist")
    if not folder.is_dir():
        raise InputError(name, "", f"{folder} is not a folder")
    if path.is_dir():
        raise InputError(name, "", "is a folder; give a file name")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise InputError(name, "", f"folder {folder} is not writable")
