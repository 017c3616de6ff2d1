"""The pages name score terms in words, not by their keys: plan.html's score table (its gap
wish in the season's hours) and compare.html's metric rows, read as a person sees them."""

from __future__ import annotations

import shlex
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import invoke
from liftplan.check import check_plan
from liftplan.io.overrides import with_overrides
from liftplan.io.plan_file import load_plan
from liftplan.io.season_file import load_season
from liftplan.models.score_terms import SOFT_TERM_WORDS

ROOT = Path(__file__).parents[3]
SEASON = ROOT / "tests" / "seasons" / "races" / "01-beginner-5k.yaml"


class _Text(HTMLParser):
    """The text a browser shows: no tags, attributes, styles or scripts."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: object) -> None:
        self.hidden += tag in ("style", "script")

    def handle_endtag(self, tag: str) -> None:
        self.hidden -= tag in ("style", "script")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def visible_text(page: str) -> str:
    parser = _Text()
    parser.feed(page)
    return " ".join(" ".join(parser.parts).split())


def no_term_keys(text: str) -> None:
    shown = [term for term in SOFT_TERM_WORDS if term in text]
    assert shown == [], f"score keys shown as text: {shown}"
    assert "gap_hours" not in text and "{gap}" not in text


def test_plan_page_words_the_score_with_the_seasons_gap(tmp_path: Path) -> None:
    page, plan_file = tmp_path / "plan.html", tmp_path / "plan.json"
    setting = "lifting.gap_hours=2.5"
    code, _, err = invoke("solve", SEASON, "--set", setting, "-o", page, "-o", plan_file)
    assert code == 0, err
    season = with_overrides(load_season(SEASON), [setting])
    assert check_plan(season, load_plan(plan_file, season.timezone)).ok
    html = page.read_text(encoding="utf-8")
    score = html.split('<table class="score">', 1)[1].split("</table>", 1)[0]
    text = visible_text(score)
    no_term_keys(visible_text(html))  # the score table and each lift's reasons alike
    assert "Leave about 2.5 hours between a run and a lift on the same day." in text
    assert "Run first, then lift" in text  # the other wishes are there, in words


def test_compare_page_rows_are_words(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    example = readme.split("### What if? Comparing scenarios", 1)[1].split("```bash\n", 1)[1]
    words = shlex.split(example.split("```", 1)[0].replace("\\\n", " "))
    monkeypatch.chdir(ROOT)  # the example's paths are from the repository's root
    code, out, err = invoke(*words[1:], "--format", "html")
    assert code == 3, err  # `strict` has no plan, as the README says
    text = visible_text(out)
    no_term_keys(text)
    assert "cost: run-to-lift gaps too short" in text
    assert "None" not in text
    code, out, _ = invoke(*words[1:], "--format", "table")
    assert "cost: lifts before the run" in out and "wrong_order" not in out
