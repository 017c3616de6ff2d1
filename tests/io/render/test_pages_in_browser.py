"""The HTML pages as a person sees them: laid out by headless Chromium at a phone's width
(390 px) and a desktop's (1400 px), with a screenshot of each in the test's folder.

Chromium's headless window is never narrower than 500 px, so each page is opened inside an
iframe of the exact width; a small script in the outer page reads the layout through the
DOM (overflow, where the day columns are, what the legend says) and writes it as JSON into
the dumped DOM. The tests skip only when no Chromium is installed.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from conftest import solve_checked
from liftplan import api
from liftplan.cli.app import cli
from liftplan.io.render.html import render_html
from liftplan.io.render.team_html import render_team
from liftplan.models.plan import Plan
from liftplan.models.score_terms import term_wish

EXAMPLES = Path(__file__).parents[3] / "examples"
CASE_18 = Path(__file__).parents[2] / "cases" / "robustness" / "18-team-html-drops-weekdays"
PHONE, DESKTOP = 390, 1400
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",  # as on a phone: a scroll bar takes no width
    "--allow-file-access-from-files",  # the outer page reads the framed page's DOM
]

# What every page is asked, in the framed page's window: `doc` and `win`. Each probe is a JS
# expression; its value lands under its name in the JSON.
COMMON = {
    "inner_width": "win.innerWidth",
    "scroll_width": "doc.documentElement.scrollWidth",
    "client_width": "doc.documentElement.clientWidth",
    # Every element drawn (not display: none) that sticks out on the right.
    "sticking_out": """[...doc.body.querySelectorAll('*')].filter(e => e.getClientRects().length
        && e.getBoundingClientRect().right > win.innerWidth + 0.5).map(e => e.tagName + '.'
        + e.className).slice(0, 5)""",
    "text": "doc.body.innerText",
}

HARNESS = """<!doctype html><html><head><meta charset="utf-8"></head><body style="margin:0">
<iframe id="page" src="{src}" style="border:0;display:block;width:{width}px;height:{height}px">
</iframe><script>
const frame = document.getElementById('page');
function probe() {{
  const doc = frame.contentDocument, win = frame.contentWindow, out = {{}};
  const visible = e => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden';
  const texts = sel => [...doc.querySelectorAll(sel)].filter(visible).map(e => e.innerText.trim());
  const boxes = sel => [...doc.querySelectorAll(sel)].filter(visible).map(e => {{
    const r = e.getBoundingClientRect(); return [Math.round(r.left), Math.round(r.top),
    Math.round(r.width), Math.round(r.height)]; }});
  const font = sel => [...doc.querySelectorAll(sel)].filter(visible).map(e =>
    parseFloat(getComputedStyle(e).fontSize));
{probes}
  const pre = document.createElement('pre');
  pre.id = 'layout';
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
}}
frame.addEventListener('load', probe);
</script></body></html>
"""


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        if os.environ.get("LIFTPLAN_REQUIRE_CHROMIUM"):
            pytest.fail("chromium is required here (LIFTPLAN_REQUIRE_CHROMIUM is set)")
        pytest.skip("no chromium on this machine (CI installs Debian's)")
    return found


def look(page: Path, width: int, probes: dict[str, str], shots: Path) -> dict[str, Any]:
    """``page`` laid out ``width`` px wide: each probe's value, and a screenshot
    ``<page>-<width>.png`` in ``shots``."""
    browser = chromium()
    height = 1600 if width == PHONE else 1000
    lines = "\n".join(
        f"  out[{json.dumps(name)}] = {js};" for name, js in (COMMON | probes).items()
    )
    harness = page.with_name(f"{page.stem}-{width}-harness.html")
    harness.write_text(HARNESS.format(src=page.name, width=width, height=height, probes=lines))
    window = f"--window-size={max(width, 500)},{height}"
    profile = f"--user-data-dir={shots / 'profile'}"
    dumped = subprocess.run(
        [browser, *FLAGS, window, profile, "--dump-dom", harness.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    shot = shots / f"{page.stem}-{width}.png"
    subprocess.run(
        [browser, *FLAGS, window, profile, f"--screenshot={shot}", harness.as_uri()],
        capture_output=True,
        timeout=120,
        check=True,
    )
    assert shot.stat().st_size > 1000  # a real picture
    found = re.search(r'<pre id="layout">(.*?)</pre>', dumped, re.DOTALL)
    assert found, dumped[-2000:]
    facts: dict[str, Any] = json.loads(html.unescape(found.group(1)))
    return facts


def assert_fits(facts: dict[str, Any], width: int) -> None:
    """The page is laid out at ``width`` and nothing scrolls sideways."""
    assert facts["inner_width"] == width
    assert facts["scroll_width"] <= facts["client_width"] == width, facts["sticking_out"]
    assert facts["sticking_out"] == []


# --- plan.html ----------------------------------------------------------------------------

PLAN_PROBES = {
    "legend": "texts('.legend')",
    "week_rows": "boxes('table.season tbody tr').length",
    # The first week's seven days: where each is drawn, and the weekday it is labelled with
    # (the column header on a desktop, the day's own label on a phone).
    "first_week_days": "boxes('table.season tbody tr:first-child td.day')",
    "day_labels": "texts('table.season thead th').concat(texts('table.season tbody "
    "tr:first-child td.day .wd'))",
    "lift_fonts": "font('.s.lift')",
    "score_rows": "texts('table.score td:first-child')",
}


@pytest.fixture(scope="module")
def marathon(tmp_path_factory: pytest.TempPathFactory) -> tuple[Plan, Path]:
    plan = solve_checked(api.load_season(EXAMPLES / "marathon-16-weeks.yaml"))
    folder = tmp_path_factory.mktemp("plan-pages")
    page = folder / "plan.html"
    page.write_text(render_html(plan))
    return plan, page


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_the_season_page_fits_the_screen_with_every_day_and_a_legend(
    marathon: tuple[Plan, Path], width: int
) -> None:
    plan, page = marathon
    facts = look(page, width, PLAN_PROBES, page.parent)
    assert_fits(facts, width)
    assert facts["week_rows"] == 16
    days = facts["first_week_days"]
    assert len(days) == 7 and all(w > 0 and h > 0 for _, _, w, h in days)
    assert [label for label in facts["day_labels"] if label in WEEKDAYS] == list(WEEKDAYS)
    lefts, tops = {left for left, _, _, _ in days}, {top for _, top, _, _ in days}
    if width == PHONE:  # a card per week: a full-width line per day, one under the other
        assert len(tops) == 7 and all(w >= width * 0.8 for _, _, w, _ in days)
    else:  # a week per row: seven columns side by side
        assert len(lefts) == 7 and len(tops) == 1
    assert min(facts["lift_fonts"]) >= 11  # readable without zooming
    legend = " ".join(facts["legend"])
    for word in ("Phases", "base", "build", "peak", "taper", "heavy", "light", "deload"):
        assert word in legend
    assert "race" in legend and "hard run" in legend and "hard day" in legend
    # The score in words: each term's wish (the gap named in words: no season given here).
    assert len(facts["score_rows"]) == len(plan.score)
    for row, term in zip(facts["score_rows"], plan.score, strict=True):
        assert row.startswith(term_wish(term)), row


def test_the_season_page_counts_in_words(marathon: tuple[Plan, Path], tmp_path: Path) -> None:
    plan, _ = marathon
    one_week = plan.model_copy(
        update={
            "sessions": [s for s in plan.sessions if s.week == 1],
            "lifts_per_week": plan.lifts_per_week[:1],
        }
    )
    lifts = len(one_week.lifts)
    page = render_html(one_week)
    assert f"{lifts} lifts in 1 week from" in page and "1 weeks" not in page
    single = one_week.model_copy(
        update={
            "sessions": [s for s in one_week.sessions if s.activity == "run"] + one_week.lifts[:1]
        }
    )
    assert "1 lift in 1 week from" in render_html(single)


# --- team.html ----------------------------------------------------------------------------

TEAM_PROBES = {
    "headers": "texts('table.week thead th')",
    "week_tables": "boxes('table.week').length",
    "reasons": "texts('.noplan li')",
    "lift_cells": "texts('table.week td.L')",
}


@pytest.fixture(scope="module")
def team_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("team-pages") / "plans"
    result = CliRunner().invoke(
        cli, ["batch", str(CASE_18 / "team.yaml"), "-o", str(out), "--format", "html"]
    )
    assert result.exit_code == 2, result.output  # one athlete's file is invalid
    for solved in out.glob("*.json"):  # every plan the batch solved passes the checker
        plan = Plan.model_validate_json(solved.read_text())
        assert plan.status.solved
    return out / "team.html"


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_the_team_page_has_every_weekday_dates_times_and_reasons(
    team_page: Path, width: int
) -> None:
    facts = look(team_page, width, TEAM_PROBES, team_page.parent)
    assert_fits(facts, width)
    assert facts["week_tables"] == 2  # a table per week of the season
    # Every weekday of each week, even those nobody uses, with its date.
    days = [h for h in facts["headers"] if h[:3] in WEEKDAYS]
    assert [d[:3] for d in days] == list(WEEKDAYS) * 2
    assert days[0].split() == ["Mon", "2", "Mar"] and days[-1].split() == ["Sun", "15", "Mar"]
    assert facts["lift_cells"] == ["17:30"] * 4  # ok1 lifts Tue and Thu at 17:30 each week
    reasons = facts["reasons"]
    assert len(reasons) == 2
    assert reasons[0].startswith("inf1: INFEASIBLE: weeks 1-2 ")
    assert "only Thu has room" in reasons[0]
    assert reasons[1].startswith("bad1: INVALID: ")
    assert "lifting.per_week: min 3 is above max 2" in reasons[1]


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_a_sixteen_week_team_page_fits_the_screen(marathon: tuple[Plan, Path], width: int) -> None:
    plan, page = marathon
    folder = page.parent / "team"
    folder.mkdir(exist_ok=True)
    rows = []
    for number in range(1, 7):  # six athletes on the same 16 weeks, one with a long id
        name = f"runner-{number:02d}" if number < 6 else "a-very-long-athlete-identifier-06"
        (folder / f"{name}.json").write_text(plan.model_dump_json())
        rows.append({"athlete": name, "file": name, "status": "OPTIMAL", "lifts": "41"})
    team = folder / "team.html"
    team.write_text(render_team(folder, rows))
    facts = look(team, width, TEAM_PROBES, folder)
    assert_fits(facts, width)
    assert facts["week_tables"] == 16
    assert [h[:3] for h in facts["headers"] if h[:3] in WEEKDAYS] == list(WEEKDAYS) * 16
    assert len(facts["lift_cells"]) == 6 * len(plan.lifts)
    assert facts["reasons"] == []


# --- compare.html -------------------------------------------------------------------------

COMPARE_CASE = Path(__file__).parents[2] / "cases" / "robustness" / "14-compare-json-stringly"


@pytest.fixture(scope="module")
def compare_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """compare.html of three scenarios (one with no plan), as the command writes it."""
    season = str(COMPARE_CASE / "marathon-16-weeks.yaml")
    args = ["compare", season, "--scenario", "strict=rules.recovery_hours=48"]
    args += ["--scenario", "two=lifting.per_week.max=2", "--format", "html"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 3, result.stderr  # a scenario without a plan
    page = tmp_path_factory.mktemp("compare") / "compare.html"
    page.write_text(result.stdout)
    return page


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_the_compare_page_fits_the_screen(compare_page: Path, width: int) -> None:
    probes = {"reasons": "texts('p.reason')", "reason_lines": "texts('ul.reason li')"}
    facts = look(compare_page, width, probes, compare_page.parent)
    assert_fits(facts, width)
    assert facts["reasons"] == ["No plan: no plan meets every hard rule."]
    assert facts["reason_lines"] and facts["reason_lines"][0].startswith("weeks ")
    assert "metric" in facts["text"] and "strict" in facts["text"]
