"""A run killed between staging and renaming leaves `.NAME.XXXXXXXX.tmp`; the next run of the
batch removes exactly those (robustness case 11: no temp file stays behind for ever)."""

from __future__ import annotations

from pathlib import Path

from liftplan.io.render.writers import remove_staged_leftovers


def test_only_our_staged_files_are_removed(tmp_path: Path) -> None:
    ours = [".runner-01.csv.0lm3ncxh.tmp", ".summary.csv.ab_12xyz.tmp"]
    theirs = [".notes.abcdefgh.tmp", ".runner-01.csv.short.tmp", "runner-01.csv", ".x.tmp"]
    for name in ours + theirs:
        (tmp_path / name).write_text("x")
    remove_staged_leftovers(tmp_path, ["summary.csv", "runner-01"])
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(theirs)
