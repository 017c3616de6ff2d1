"""A read-only `-o` folder, met by a user who really cannot write there (issue 15).

The tests run as root, for whom `chmod` stops no write (and `os.access` says yes to
everything), so a read-only folder is only read-only to another user. Here the CLI runs
as `nobody` (uid 65534) on a folder that root owns and nobody may write: exit 2, one line
naming the folder, and nothing written.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import season_data

ROOT = Path(__file__).parents[2]
NOBODY = 65534
OPEN = 0o755  # others may read and enter, not write


def _as_nobody() -> list[str]:
    """The command prefix that drops to uid/gid 65534, or a skip saying why there is none."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        pytest.skip("needs root to run the CLI as another (unprivileged) user")
    setpriv = shutil.which("setpriv")
    if setpriv is not None:
        return [setpriv, f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]
    runuser = shutil.which("runuser")
    if runuser is not None and _has_user("nobody"):
        return [runuser, "-u", "nobody", "--"]
    pytest.skip("neither setpriv nor runuser (with a user `nobody`) is available")


def _has_user(name: str) -> bool:
    import pwd

    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


@pytest.fixture
def open_folder() -> Iterator[Path]:
    """A folder under the system's temp dir that nobody may read, with liftplan's source
    copied in (the clone, or pytest's own temp dir, may be closed to other users)."""
    folder = Path(tempfile.mkdtemp(prefix="liftplan-nobody-"))
    try:
        shutil.copytree(
            ROOT / "src" / "liftplan",
            folder / "src" / "liftplan",
            ignore=shutil.ignore_patterns("__pycache__"),
        )
        for path in [folder, *folder.rglob("*")]:
            path.chmod(OPEN if path.is_dir() else 0o644)
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _run(prefix: list[str], folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*prefix, sys.executable, "-m", "liftplan", *args],
        cwd=folder,
        env={
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(folder),
            "PYTHONPATH": str(folder / "src"),
            "PYTHONDONTWRITEBYTECODE": "1",
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _usable(prefix: list[str], folder: Path) -> None:
    """Skip, saying why, when the interpreter or its packages are closed to that user."""
    probe = _run(prefix, folder, "--version")
    if probe.returncode != 0:
        pytest.skip(f"the Python environment is not usable by uid {NOBODY}: {probe.stderr[-200:]}")


def test_a_folder_the_user_cannot_write_is_one_line_and_nothing_written(
    open_folder: Path,
) -> None:
    prefix = _as_nobody()
    _usable(prefix, open_folder)
    season = open_folder / "season.json"
    season.write_text(json.dumps(season_data()), encoding="utf-8")
    season.chmod(0o644)
    locked = open_folder / "locked"
    locked.mkdir(mode=OPEN)  # root's: nobody may look, not write
    locked.chmod(OPEN)

    done = _run(prefix, open_folder, "solve", str(season), "-o", str(locked / "plan.json"))
    assert done.returncode == 2, done.stdout + done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0] == (
        f"liftplan: {locked / 'plan.json'}: cannot write here: the folder {locked} is read-only"
    )

    team = open_folder / "team.json"
    team.write_text(json.dumps({"athletes": [season_data()]}), encoding="utf-8")
    team.chmod(0o644)
    done = _run(prefix, open_folder, "batch", str(team), "-o", str(locked / "plans"))
    assert done.returncode == 2, done.stdout + done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert str(locked) in lines[0] and "read-only" in lines[0]
    assert list(locked.iterdir()) == []
