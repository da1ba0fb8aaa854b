"""The dispatch meeting's briefing and screen (issue 13, item 3): the figures are the KPIs'
for the round (province and every prefecture), rankings name the last units that are worse than
the best and late reports, the trend reads the previous round, an escalated opinion item shows
at once; the screen is the province's only, pages follow the agenda, and a prefecture's page
links each county to its overdue items in a constant number of queries."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from tests import factories
from wageguard.dispatch.kpis import Scope, compute
from wageguard.dispatch.meeting import briefing
from wageguard.dispatch.opinion import services as opinion
from wageguard.dispatch.opinion.rules import OpinionRisk
from wageguard.dispatch.rounds import services as rounds
from wageguard.dispatch.rounds.models import ProgressReport
from wageguard.org.rules import Role

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
CHENGDU, ZIGONG, PANZHIHUA = "510100", "510300", "510400"


@pytest.fixture
def province(make_user):
    return make_user("meet-taskforce", Role.TASKFORCE, "510000")


@pytest.fixture
def chengdu(make_user):
    return make_user("meet-chengdu", Role.SUPERVISOR, CHENGDU)


def _round(actor, days_ago=0, **over):
    end = TODAY - dt.timedelta(days=days_ago)
    data = {
        "title": "冬季专项行动调度",
        "start": end - dt.timedelta(days=6),
        "end": end,
        "due_date": TODAY + dt.timedelta(days=2),
        "cadence": "weekly",
    }
    return rounds.create_round(actor, **{**data, **over})


def _values(figures):
    return {f.kpi.key: f.value for f in figures}


def test_briefing_figures_are_the_kpis_of_the_round(province, raw):
    factories.clue_intake(raw())  # a Wuhou clue received today: 成都's
    r = _round(province)
    b = briefing.build(province, r)
    expected = compute(province, Scope(r.region, r.start, r.end))
    assert _values(b.report.total.figures) == _values(expected.total.figures)
    assert [p.region.code for p in b.prefectures] == [c.region.code for c in expected.children]
    assert b.prefecture(CHENGDU).figure("clues_received").value == 1
    assert [f.kpi.key for f in b.headline()] == list(briefing.HEADLINE)
    assert b.previous is None and b.previous_round is None


def test_lagging_are_the_last_worse_than_the_best_and_the_late(province, chengdu, raw):
    factories.clue_intake(raw())  # 成都: one clue, open and overdue-free; others none
    r = _round(province, due_date=TODAY - dt.timedelta(days=1), end=TODAY - dt.timedelta(days=2))
    rounds.submit(chengdu, ProgressReport.objects.get(round=r, region_id=CHENGDU), "已报")
    b = briefing.build(province, r)
    named = {p.region.code: p.reasons for p in b.lagging}
    # Every prefecture but 成都 reported nothing by yesterday's due date: late, named.
    assert len(named) >= 20 and all("进展情况逾期未报" in named[c] for c in named if c != CHENGDU)
    # 成都 submitted late too (after the due date), and says so.
    assert "进展情况逾期报送" in named[CHENGDU]
    # Equal figures name nobody: with no other clues anywhere, no ranking names a unit.
    assert not any(s.lagging for ranking in b.rankings for s in ranking.rows)


def test_rankings_order_best_first_and_name_the_last(province):
    r = _round(province)
    b = briefing.build(province, r)
    kpis = {k.key: k for k in briefing.KPIS}
    # Hand-made figures: three prefectures with an on-time rate, the lowest named.
    briefs = b.prefectures[:4]
    for p, value in zip(briefs, (Decimal("90"), Decimal("50"), Decimal("70"), None), strict=True):
        p.reasons.clear()
        p.figure("clues_on_time_rate").value = value
    ranking = briefing._rank(kpis["clues_on_time_rate"], True, briefs, {})
    assert [(s.place, s.figure.value) for s in ranking.rows] == [
        (1, Decimal("90")),
        (2, Decimal("70")),
        (3, Decimal("50")),
    ]
    # Last three of three, but the best is never named.
    assert [s.lagging for s in ranking.rows] == [False, True, True]
    assert briefs[3].reasons == []  # no figure, not ranked


def test_with_few_figures_only_the_lower_half_is_named(province):
    """Four prefectures with a figure: the last three would be three of four; only the lower
    half (places 3 and 4) is named."""
    b = briefing.build(province, _round(province))
    kpis = {k.key: k for k in briefing.KPIS}
    briefs = b.prefectures[:4]
    figures = (Decimal("90"), Decimal("80"), Decimal("70"), Decimal("60"))
    for p, value in zip(briefs, figures, strict=True):
        p.reasons.clear()
        p.figure("clues_on_time_rate").value = value
    ranking = briefing._rank(kpis["clues_on_time_rate"], True, briefs, {})
    assert [s.lagging for s in ranking.rows] == [False, False, True, True]


def test_trend_reads_the_previous_round(province, raw):
    factories.clue_intake(raw())
    first = _round(province, days_ago=7)
    second = rounds.next_round(province, first)
    b = briefing.build(province, second)
    assert b.previous_round == first
    before = compute(province, Scope(first.region, first.start, first.end))
    assert _values(b.previous.total.figures) == _values(before.total.figures)
    chengdu = b.prefecture(CHENGDU)
    assert chengdu.previous["clues_received"] == before.children[0].figures[0].value


def test_spring_festival_countdown():
    day = briefing.next_spring_festival(dt.date(2026, 12, 4))
    assert day == dt.date(2027, 2, 5)  # 除夕 2027: the lunar New Year is 2027-02-06
    assert briefing.next_spring_festival(dt.date(2027, 2, 7)) == dt.date(2027, 2, 7)
    assert briefing.next_spring_festival(dt.date(2027, 2, 9)) == dt.date(2028, 1, 25)


def test_extreme_opinion_item_shows_on_the_screen_at_once(client, province, make_user):
    inspector = make_user("meet-inspector", Role.INSPECTOR, factories.WUHOU)
    r = _round(province)
    item = opinion.create(
        inspector,
        opinion.OpinionData(
            source="short_video",
            source_url="https://example.com/v/1",
            title="工人爬上塔吊扬言跳楼讨薪",
            summary="短视频显示一名工人在塔吊上",
            seen_at=timezone.now(),
            risk=OpinionRisk.LOW,
            region=factories.Region.objects.get(code=factories.WUHOU),
        ),
    )
    assert briefing.build(province, r).opinion == [item]
    client.force_login(province)
    page = client.get(reverse("dispatch:meeting", args=[r.pk])).content.decode()
    assert 'data-testid="opinion-alert"' in page and item.title in page
    page = client.get(reverse("dispatch:meeting-page", args=[r.pk, "opinion"])).content.decode()
    assert item.title in page and "极端事件风险" in page


def test_screen_pages_follow_the_agenda(client, province):
    r = _round(province)
    client.force_login(province)
    answer = client.get(reverse("dispatch:meeting-latest"))
    assert answer.status_code == 302 and answer.url == reverse("dispatch:meeting", args=[r.pk])
    page = client.get(answer.url)
    assert page.status_code == 200
    agenda = page.context["agenda"]
    assert [a[0] for a in agenda[:4]] == ["overview", "ranking", "trend", "opinion"]
    assert len(agenda) == 4 + 21
    assert page.context["next_url"] == agenda[1][2] and page.context["previous_url"] is None
    rows = page.context["map"]["rows"]
    assert len(rows) == 21 and rows[0]["url"].endswith(f"/{CHENGDU}/")
    for key, _label, url in agenda:
        assert client.get(url).status_code == 200, key
    assert client.get(reverse("dispatch:meeting-page", args=[r.pk, "510107"])).status_code == 404


def test_prefecture_page_links_counties_to_their_overdue_items(client, province, raw):
    factories.clue_intake(raw())
    r = _round(province)
    client.force_login(province)
    page = client.get(reverse("dispatch:meeting-page", args=[r.pk, CHENGDU]))
    counties = page.context["counties"]
    wuhou = next(row for row in counties if row.region.code == factories.WUHOU)
    overdue = next(f for f in wuhou.figures if f.kpi.key == "clues_overdue")
    assert f"region={factories.WUHOU}" in overdue.list_url and "sla=overdue" in overdue.list_url
    assert overdue.list_url.replace("&", "&amp;") in page.content.decode()
    assert "尚未报送进展情况" in page.content.decode()


def test_only_the_province_opens_the_screen(client, province, chengdu, make_user):
    r = _round(province)
    client.force_login(chengdu)  # sees its own report of the round, not the province's screen
    assert client.get(reverse("dispatch:meeting", args=[r.pk])).status_code == 403
    assert client.get(reverse("dispatch:meeting-latest")).status_code == 404
    county = make_user("meet-county", Role.SUPERVISOR, factories.WUHOU)
    client.force_login(county)
    assert client.get(reverse("dispatch:meeting", args=[r.pk])).status_code in (403, 404)


def test_screen_queries_do_not_grow(client, province, raw, query_baseline):
    r = _round(province)
    client.force_login(province)
    url = reverse("dispatch:meeting-page", args=[r.pk, CHENGDU])
    client.get(url)
    with query_baseline("dispatch.meeting_prefecture"):
        client.get(url)
    factories.clue_intake(raw())
    factories.clue_intake(raw())
    with query_baseline("dispatch.meeting_prefecture"):
        client.get(url)
