"""plan.html in a real browser, the three HTML pages escaped, and plan.xlsx read back."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from click.testing import CliRunner

from conftest import solve_checked
from liftplan import api
from liftplan.cli.app import cli
from liftplan.io.render import comparison
from liftplan.io.render.html import render_html
from liftplan.io.render.pages import stylesheet
from liftplan.io.render.team_html import render_team
from liftplan.io.render.xlsx import render_xlsx
from liftplan.models.plan import Plan, Session, Status

EXAMPLES = Path(__file__).parents[3] / "examples"
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
        assert f"{lift.start:%H:%M} {lift.kind} lift · {lift.block} {lift.minutes} min" in text
        assert f"Week {lift.week} · {lift.start:%a %Y-%m-%d %H:%M}" in text  # its workout below
    assert text.count(" lift · ") == len(plan.lifts)
    assert "objective 1130" in text and "Start a new block with a new phase" in text


SCRIPT = '<script>alert("x")</script>'
ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"


def session(activity: str, kind: str, hour: int, *, hard: bool = False, **fields: Any) -> Session:
    """A session on Mon 2026-03-02 in week 1; ``hard`` marks a hard run."""
    start = dt.datetime(2026, 3, 2, hour, tzinfo=dt.UTC)
    values: dict[str, Any] = {
        "athlete": SCRIPT,
        "week": 1,
        "phase": SCRIPT,
        "date": start.date(),
        "weekday": "mon",
        "activity": activity,
        "kind": kind,
        "start": start,
        "end": start + dt.timedelta(minutes=45),
        "minutes": 45,
        "notes": "hard" if hard else "",
    }
    return Session.model_validate(values | fields)


def hand_built_plan() -> Plan:
    """One week: a hard run at 07:00 and a lift at 18:00, the athlete and phase a script."""
    return Plan(
        athlete=SCRIPT,
        timezone="UTC",
        season_start=dt.date(2026, 3, 2),
        status=Status.OPTIMAL,
        objective=3,
        score={"short_gap": 3},
        lifts_per_week=[1],
        sessions=[
            session("run", "tempo", 7, hard=True),
            session("lift", "heavy", 18, block="1A", notes='it\'s "heavy"', reasons=["a's"]),
        ],
    )


def test_the_season_page_escapes_the_athlete_and_the_phase() -> None:
    page = render_html(hand_built_plan())
    assert "<script" not in page
    assert f"<h1>Season plan · {ESCAPED}</h1>" in page
    assert f'<td class="phase">{ESCAPED}</td>' in page
    # quotes as html.escape writes them: the entities these pages have always had
    assert 'title="it&#x27;s &quot;heavy&quot;"' in page
    assert '<td class="day hard">' in page and '<div class="s run hard"' in page
    assert f"<style>{stylesheet('season')}\n</style>" in page


def test_the_team_page_escapes_the_athlete(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text(hand_built_plan().model_dump_json())
    rows = [
        {"athlete": SCRIPT, "file": "a", "status": "OPTIMAL", "lifts": "1"},
        {"athlete": "<b>bad</b>", "file": "b", "status": "INVALID", "lifts": ""},
    ]
    page = render_team(tmp_path, rows)
    assert "<script" not in page and "<b>bad" not in page
    assert f'<th class="name">{ESCAPED}</th><td>OPTIMAL</td>' in page
    assert '<th class="name">&lt;b&gt;bad&lt;/b&gt;</th><td class="bad">INVALID</td>' in page
    assert "<li><b>&lt;b&gt;bad&lt;/b&gt;</b>: INVALID: no reason given</li>" in page
    assert (
        '<td class="L H" title="2026-03-02: tempo run 07:00-07:45; heavy lift 18:00-18:45">' in page
    )
    assert f"<style>{stylesheet('team')}</style>" in page


def test_the_comparison_page_escapes_names_metrics_and_changes() -> None:
    columns = {"base": {SCRIPT: "1"}, "two": {SCRIPT: "<i>2</i>"}}
    page = comparison.render_html(columns, {"two": [f"moved {SCRIPT}"]})
    assert "<script" not in page and "<i>" not in page
    assert f"<tr><th>{ESCAPED}</th><td>1</td><td>&lt;i&gt;2&lt;/i&gt;</td></tr>" in page
    assert f"<li>moved {ESCAPED}</li>" in page
    assert page.endswith("</body></html>\n") and page.count("\n") == 1
    assert f"<style>{stylesheet('compare')}</style>" in page


def test_each_page_inlines_its_own_section_of_the_one_stylesheet() -> None:
    sections = [stylesheet(page) for page in ("season", "team", "compare")]
    assert all(sections) and len(set(sections)) == 3
    assert sections[0].startswith("body { font: 14px/1.35") and sections[0].endswith("}\n}")
    assert "/* page:" not in "".join(sections)


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
