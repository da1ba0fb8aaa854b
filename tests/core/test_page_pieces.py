"""One of each on the pages: the deadline badge, the due date and the tab bars are drawn by
core's inclusion tags, no app keeps a copy, and no template carries an inline style."""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.template import Context, Template

import wageguard
from wageguard.core.tabs import TAB_BARS

PACKAGE = Path(wageguard.__file__).parent


def render(source: str, **context) -> str:
    return Template(source).render(Context(context))


@pytest.mark.parametrize(
    ("state", "css", "label"),
    [
        ("overdue", "text-bg-danger", "已超期"),
        ("due_soon", "wg-badge-due-soon", "即将到期"),
        ("on_time", "text-bg-light border", "正常"),
        ("done_late", "text-bg-secondary", "逾期整改"),
        ("done_on_time", "text-bg-success", "按期整改"),
    ],
)
def test_sla_badge(state, css, label):
    html = render("{% sla_badge s %}", s=state)
    assert f'class="badge {css}" data-sla="{state}">{label}</span>' in html


def test_sla_badge_draws_nothing_without_a_clock():
    assert render("{% sla_badge s %}", s="").strip() == ""
    assert render("{% sla_badge s %}", s=None).strip() == ""


def test_due_date():
    day = dt.date(2031, 5, 6)
    plain = render("{% due_date d p %}", d=day, p=False)
    assert plain == "2031-05-06"
    marked = render("{% due_date d p extended=True %}", d=day, p=True)
    assert 'data-provisional="1"' in marked and 'data-testid="extended"' in marked
    assert render("{% due_date d p %}", d=None, p=False) == "—"


def test_tabs_mark_the_active_one_and_honour_flags():
    html = render('{% tabs "inspections" "checks" findings=False %}')
    active = re.findall(r'class="nav-link active"[^>]*data-testid="(\w+)-tab"', html)
    assert active == ["checks"]
    assert html.count("nav-item") == 2 and "问题台账" not in html
    shown = render('{% tabs "inspections" "checks" %}')
    assert shown.count("nav-item") == 3 and "问题台账" in shown


def test_external_tab_opens_a_new_window():
    html = render('{% tabs "publication" "queue" %}')
    assert 'data-testid="queue-tab"' in html
    assert 'target="_blank" rel="noopener"' in html


def test_every_app_bar_is_registered():
    assert {"clues", "credit", "publication", "inspections"} <= set(TAB_BARS.names())


def test_no_copies_and_no_inline_styles():
    templates = list(PACKAGE.glob("**/templates/**/*.html"))
    assert templates
    copies = [p for p in templates if p.name in ("_sla.html", "_due.html", "_tabs.html")]
    assert not copies, copies
    styled = [
        f"{p.relative_to(PACKAGE)}:{n}"
        for p in templates
        for n, line in enumerate(p.read_text().splitlines(), 1)
        if re.search(r"\sstyle=", line)
    ]
    assert not styled, styled
    badge_copies = [
        str(p.relative_to(PACKAGE))
        for p in templates
        if re.search(r"provisional %\}\s*<span class=\"badge", p.read_text())
        and p.name != "due_date.html"
    ]
    assert not badge_copies, f"use {{% due_date %}}: {badge_copies}"
