"""The one way a user's file is read: a regular file, not too large, UTF-8 text.

Every input file (season, team, roster, routine catalogue, busy calendar, plan, scenario)
goes through `read_user_text`. What it refuses, it refuses before reading: a FIFO would block
for ever, a directory or a device (``/dev/zero``, a symlink to it) is no file, and a file
past its size limit is not read at all. The read itself is bounded too, so a file that grows
between the check and the read still stops at the limit. Each refusal is one InputError.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from liftplan.errors import InputError

MB = 1024 * 1024
# A season, team or catalogue file is typed by a person: a few kB. 5 MB is far above any.
MAX_SEASON_BYTES = 5 * MB
# A plan of the longest season (260 weeks, every session with its workout) is a few MB.
MAX_PLAN_BYTES = 50 * MB
# A decade of personal calendar exports is 4-6 MB; work calendars with long descriptions
# reach 20 MB. Past this a file is refused, not read slowly.
MAX_CALENDAR_BYTES = 50 * MB

_KINDS = (
    (stat.S_ISDIR, "is a directory, not a file"),
    (stat.S_ISFIFO, "is a pipe (FIFO), not a regular file"),
    (stat.S_ISCHR, "is a device, not a regular file"),
    (stat.S_ISBLK, "is a device, not a regular file"),
    (stat.S_ISSOCK, "is a socket, not a regular file"),
)


def _kind_problem(mode: int) -> str | None:
    """What a file of this mode is, if it is no regular file; None if it is one."""
    for test, problem in _KINDS:
        if test(mode):
            return problem
    return None if stat.S_ISREG(mode) else "is not a regular file"


def _refuse_unless_regular(name: str, mode: int) -> None:
    problem = _kind_problem(mode)
    if problem is not None:
        raise InputError(name, "", problem)


def refuse_unusable_file(path: str | Path, shown: str, file: str, field: str) -> None:
    """Refuse ``path`` if it is missing or no regular file (a device, FIFO, folder), naming
    who named it: ``season.yaml: routines: /dev/zero is a device, not a regular file``,
    ``season.yaml: runs.from_csv: runs.csv: no such file``.

    ``shown`` is the path as ``file`` writes it at ``field``. Only a stat: the file is never
    opened, so a FIFO cannot block. An unreadable file passes: its reader says so.
    Raises InputError(file, field, ...)."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        raise InputError(file, field, f"{shown}: no such file") from None
    except (OSError, ValueError):  # no access, a NUL in the name: the reader's to say
        return
    problem = _kind_problem(mode)
    if problem is not None:
        raise InputError(file, field, f"{shown} {problem}")


@contextmanager
def naming_who_named(path: str | Path, shown: str, file: str, field: str) -> Iterator[None]:
    """Inside it, an InputError about the file ``path`` is re-raised naming who named it,
    as `refuse_unusable_file` does for a missing one: ``season.yaml: runs.from_csv:
    runs.csv: row 2: kind: unknown kind 'trak'``, ``team.yaml: athletes[1]:
    availability.from_ics: /abs/busy.ics: event 'x': DTSTART: missing``.

    ``shown`` is the path as ``file`` writes it at ``field``: it replaces ``path`` at the
    head of the problem. The error it replaces is the new one's ``__cause__``."""
    try:
        yield
    except InputError as error:
        inner = error
        if _same_path(error.file, path):
            inner = InputError(shown, error.path, error.problem)
        raise InputError(file, field, str(inner)) from error


def _same_path(one: str | Path, other: str | Path) -> bool:
    try:
        return Path(one).resolve() == Path(other).resolve()
    except (OSError, ValueError):  # a loop of links, a NUL: compare as written
        return str(one) == str(other)


def _size_text(limit: int) -> str:
    return f"{limit // MB} MB" if limit >= MB else f"{limit} bytes"


def read_user_bytes(path: str | Path, limit: int = MAX_SEASON_BYTES) -> bytes:
    """The bytes of the regular file ``path`` (symlinks followed), at most ``limit`` of them.

    Raises InputError (one line, naming ``path``) for a missing or unreadable file, anything
    that is not a regular file, and a file larger than ``limit`` bytes.
    """
    name = str(path)
    try:
        _refuse_unless_regular(name, os.stat(path).st_mode)  # before open: a FIFO would block
        # O_NONBLOCK: if a FIFO took the file's place since the stat, open still returns.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise InputError(name, "", "no such file") from None
    except NotADirectoryError:
        raise InputError(name, "", "no such file (a folder on its path is a file)") from None
    except OSError as error:
        raise InputError(name, "", f"cannot read: {error.strerror or error}") from None
    with os.fdopen(fd, "rb") as file:
        info = os.fstat(file.fileno())
        _refuse_unless_regular(name, info.st_mode)
        if info.st_size > limit:
            raise InputError(name, "", f"file is larger than {_size_text(limit)}")
        try:
            raw = file.read(limit + 1)
        except OSError as error:
            raise InputError(name, "", f"cannot read: {error.strerror or error}") from None
    if len(raw) > limit:
        raise InputError(name, "", f"file is larger than {_size_text(limit)}")
    return raw


def decode_text(raw: bytes, name: str) -> str:
    """UTF-8 text (a byte-order mark is allowed), or an InputError naming where it breaks."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
            return _refuse(name, "is UTF-16 text; save it as UTF-8")
        return _refuse(name, f"is not UTF-8 text (line {line}); save it as UTF-8")
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        return _refuse(name, f"holds a NUL byte (line {line}): not a text file")
    return text


def _refuse(name: str, problem: str) -> str:
    raise InputError(name, "", problem)


def read_user_text(path: str | Path, limit: int = MAX_SEASON_BYTES) -> str:
    """The text of the user's file ``path``: `read_user_bytes`, then `decode_text`."""
    return decode_text(read_user_bytes(path, limit), str(path))
