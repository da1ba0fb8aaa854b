"""The home page's "my work" (issue 14 item 2): each count is the number of rows its link shows
(the inbox or case list with the same filter), mine and unassigned for clues; configuration is
under 管理, not on the home page; the inbox opens on the handler's own open work."""

import datetime as dt

import pytest
from django.utils import timezone

from tests import factories
from wageguard.clues.models import Clue
from wageguard.clues.rules import OPEN_STATES
from wageguard.org.rules import Role

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def raw(db):
    people = factories.people(seed=23)
    return lambda **over: factories.clue_submission(people, **over)


@pytest.fixture
def world(raw, make_user):
    me = make_user("home-inspector", Role.INSPECTOR, factories.WUHOU)
    other = make_user("home-other", Role.INSPECTOR, factories.WUHOU)
    clues = {
        "received": factories.clue_intake(raw()).clue,
        "today": factories.clue_due(raw(), TODAY),
        "late": factories.clue_due(raw(), TODAY - dt.timedelta(days=3)),
        "late_other": factories.clue_due(raw(), TODAY - dt.timedelta(days=4)),
        "resolved": factories.clue_intake(raw()).clue,
        "jinjiang": factories.clue_due(raw(), TODAY - dt.timedelta(days=2)),
    }
    Clue.objects.filter(pk=clues["today"].pk).update(state="verifying", assignee=me)
    Clue.objects.filter(pk=clues["late"].pk).update(state="accepted")
    Clue.objects.filter(pk=clues["late_other"].pk).update(state="verifying", assignee=other)
    Clue.objects.filter(pk=clues["resolved"].pk).update(state="resolved", assignee=me)
    Clue.objects.filter(pk=clues["jinjiang"].pk).update(region_id="510104")
    factories.case(me)
    return me


def _work(client) -> dict:
    page = client.get("/")
    assert page.status_code == 200
    return {w.key: w for w in page.context["work"]}


def test_each_count_is_the_rows_of_its_link(client, world):
    client.force_login(world)
    work = _work(client)
    assert list(work) == [
        "clues_to_accept",
        "clues_due_today",
        "clues_overdue",
        "clues_awaiting_reply",
        "cases_due_soon",
        "cases_overdue",
    ]
    expected = {
        "clues_to_accept": 1,
        "clues_due_today": 1,
        "clues_overdue": 1,  # mine or nobody's: not the other inspector's, not Jinjiang's
        "clues_awaiting_reply": 1,
    }
    for key, w in work.items():
        listed = client.get(w.url)
        assert listed.status_code == 200, key
        assert listed.context["total"] == w.value, key
        if key in expected:
            assert w.value == expected[key], key
    page = client.get("/").content.decode()
    assert work["clues_overdue"].url.replace("&", "&amp;") in page
    assert "接口文档" not in page.split('data-testid="shortcuts"')[1]


def test_a_role_without_clues_sees_no_clue_counts(client, make_user):
    client.force_login(make_user("home-housing", Role.DEPARTMENT, factories.WUHOU, kind="housing"))
    assert not any(k.startswith("clues_") for k in _work(client))


def test_the_inbox_opens_on_my_open_work(client, world):
    client.force_login(world)
    page = client.get("/clues/")
    shown = {row[0].pk for row in page.context["rows"]}
    mine_or_nobodys = Clue.objects.filter(region_id=factories.WUHOU, state__in=OPEN_STATES).exclude(
        assignee__username="home-other"
    )
    assert shown == set(mine_or_nobodys.values_list("pk", flat=True))
    assert 'data-testid="inbox-defaults"' in page.content.decode()
    everything = client.get("/clues/", {"state": "", "assignee": ""})
    assert everything.context["total"] > page.context["total"]
    assert 'data-testid="inbox-defaults"' not in everything.content.decode()
