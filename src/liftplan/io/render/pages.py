"""What the three HTML pages share: their Jinja2 templates, their stylesheet, a hard run,
counts in words (``1 week``).

The templates live in ``liftplan/data/templates`` and are autoescaped. Values are escaped the
way `html.escape` does (``&quot;`` and ``&#x27;`` for quotes), the entities these pages have
always used, so a page's bytes are the same whether it was built by hand or by a template.
"""

from __future__ import annotations

import functools
import html
import re
from importlib import resources
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from liftplan.models.plan import Session
from liftplan.models.wording import moment, short_day_name

_SECTION = re.compile(r"^/\* page: (\w+) \*/$", re.MULTILINE)


def hard_run(session: Session) -> bool:
    """Is ``session`` a hard run (tempo, intervals, long...)? The one place the pages ask."""
    return session.activity == "run" and session.hard


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """``1 week``, ``2 weeks``; ``nouns`` for an irregular plural."""
    return f"{count} {noun if count == 1 else nouns or noun + 's'}"


def _escaped(value: Any) -> Markup:
    """Every ``{{ value }}`` of a page, escaped as `html.escape` does; Markup passes as it is."""
    return value if isinstance(value, Markup) else Markup(html.escape(str(value)))


@functools.cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("liftplan", "data/templates"),
        autoescape=select_autoescape(("html", "j2"), default_for_string=True),
        undefined=StrictUndefined,  # a misspelt name fails the render, not the page
        finalize=_escaped,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.tests["hard_run"] = hard_run
    # Day names and times worded as everywhere else (models/wording.py).
    env.filters["moment"] = moment
    env.filters["short_day_name"] = short_day_name
    env.filters["plural"] = plural
    return env


@functools.cache
def stylesheet(page: str) -> Markup:
    """The section of ``data/plan.css`` under ``/* page: <page> */``, trimmed."""
    text = resources.files("liftplan.data").joinpath("plan.css").read_text(encoding="utf-8")
    parts = _SECTION.split(text)  # [preamble, name, rules, name, rules, ...]
    sections = dict(zip(parts[1::2], parts[2::2], strict=True))
    return Markup(sections[page].strip())


def render_page(template: str, **context: Any) -> str:
    """``template`` (a name under data/templates) rendered with ``context`` and its stylesheet."""
    page = template.split(".", 1)[0]
    return environment().get_template(template).render(css=stylesheet(page), **context)
