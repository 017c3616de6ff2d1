"""plan.html in a real browser, and plan.xlsx read back."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from conftest import solve_checked
from liftplan import api
from liftplan.cli.app import cli
from liftplan.io.render.html import render_html
from liftplan.io.render.xlsx import render_xlsx

EXAMPLES = Path(__file__).parent.parent.parent / "examples"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        if os.environ.get("LIFTPLAN_REQUIRE_CHROMIUM"):
            pytest.fail("chromium is required here (LIFTPLAN_REQUIRE_CHROMIUM is set)")
        pytest.skip("no chromium on this machine (CI installs Debian's)")
    return found


def rendered_text(html: Path, tmp_path: Path) -> str:
    """The page's DOM after Chromium has laid it out."""
    result = subprocess.run(
        [
            chromium(),
            *CHROMIUM_FLAGS,
            f"--user-data-dir={tmp_path / 'profile'}",
            "--dump-dom",
            html.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return re.sub(r"<[^>]+>", " ", result.stdout)


def test_the_season_page_shows_every_week_and_every_lift(tmp_path: Path) -> None:
    plan = solve_checked(api.load_season(EXAMPLES / "marathon-16-weeks.yaml"))
    page = tmp_path / "plan.html"
    page.write_text(render_html(plan))
    assert "<script" not in page.read_text() and "http" not in page.read_text()  # self-contained
    text = " ".join(rendered_text(page, tmp_path).split())
    for week in range(1, 17):
        assert f"Week {week} " in text
    for lift in plan.lifts:
        assert f"{lift.start:%H:%M} lift · {lift.block} {lift.minutes} min" in text
        assert f"Week {lift.week} · {lift.start:%a %Y-%m-%d %H:%M}" in text  # its workout below
    assert text.count(" lift · ") == len(plan.lifts)
    assert "objective 1130" in text and "block_rotation" in text


def test_the_workbook_holds_local_times_and_their_zone(tmp_path: Path) -> None:
    plan = solve_checked(api.load_season(EXAMPLES / "marathon-16-weeks.yaml"))
    data = render_xlsx(plan)
    assert data == render_xlsx(plan)  # byte for byte
    (tmp_path / "plan.xlsx").write_bytes(data)
    table = pd.read_excel(tmp_path / "plan.xlsx", sheet_name="plan")
    assert len(table) == len(plan.sessions)
    first = plan.sessions[0]
    assert table.loc[0, "start"].to_pydatetime() == first.start.replace(tzinfo=None)
    assert set(table["timezone"]) == {"America/New_York"}
    assert set(table["utc_offset"]) == {"-05:00", "-04:00"}  # across the DST change


def test_solve_writes_every_format_at_once(tmp_path: Path) -> None:
    outputs = [tmp_path / f"plan.{suffix}" for suffix in ("csv", "json", "ics", "html", "xlsx")]
    args = ["solve", str(EXAMPLES / "sample-week.yaml")]
    for out in outputs:
        args += ["-o", str(out)]
    result = CliRunner().invoke(cli, [*args, "--no-ics-runs"])
    assert result.exit_code == 0, result.stderr
    assert all(out.stat().st_size > 0 for out in outputs)
    assert (outputs[2].read_text()).count("BEGIN:VEVENT") == 2  # the two lifts only
