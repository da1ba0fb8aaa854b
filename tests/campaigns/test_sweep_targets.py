# ruff: noqa: F811  (the `world` fixture is imported from sweepdata and named as an argument)
"""The sweep target list (page and API; issue 13, the dispatch KPI 排查覆盖率 links to it):
filters by division (a province code is the whole province), the period the sweep runs in,
campaign and inspected or not, alike on the page and in the API; bad input named."""

import datetime as dt

import pytest
from django.utils import timezone

from wageguard.campaigns.sweeps.models import SweepTarget

from .sweepdata import world  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def inspected(world):
    """WH-1 and JJ-1 inspected; WH-2 and WH-3 not (the finished project is not a target)."""
    targets = world["targets"]
    SweepTarget.objects.filter(pk__in=[targets["WH-1"].pk, targets["JJ-1"].pk]).update(
        visited_at=timezone.now()
    )
    return world


def _q(days: int) -> str:
    return (timezone.localdate() + dt.timedelta(days=days)).isoformat()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, 4),
        ({"region": "510000"}, 4),
        ({"region": "510107"}, 3),
        ({"region": "510104", "inspected": "yes"}, 1),
        ({"inspected": "no"}, 2),
        ({"period_from": _q(-20), "period_to": _q(-2)}, 0),  # the sweep began yesterday
        ({"period_from": _q(-20), "period_to": _q(-1)}, 4),
        ({"period_from": _q(31)}, 0),  # it ends in 30 days
    ],
)
def test_the_page_and_the_api_filter_alike(client, people, inspected, query, expected):
    client.force_login(people["chengdu_supervisor"])
    body = client.get("/api/v1/sweeps/targets", query).json()
    assert body["count"] == expected, body
    page = client.get("/campaigns/sweeps/targets/", query)
    assert page.status_code == 200 and page.context["total"] == expected


def test_campaign_filter_and_jurisdiction(client, people, inspected):
    campaign = inspected["campaign"].pk
    client.force_login(people["jinjiang_supervisor"])
    assert client.get("/api/v1/sweeps/targets", {"campaign": campaign}).json()["count"] == 1
    assert client.get("/api/v1/sweeps/targets", {"campaign": campaign + 1}).json()["count"] == 0
    client.force_login(people["zigong_supervisor"])
    assert client.get("/api/v1/sweeps/targets").json()["count"] == 0


def test_bad_input_is_named(client, people, inspected):
    client.force_login(people["chengdu_supervisor"])
    bad = client.get("/api/v1/sweeps/targets", {"inspected": "maybe"})
    assert bad.status_code == 422 and bad.json()["field"] == "inspected"
    bad = client.get("/api/v1/sweeps/targets", {"campaign": "x1"})
    assert bad.status_code == 422 and bad.json()["field"] == "campaign"
    page = client.get("/campaigns/sweeps/targets/", {"period_from": "2026-02-30"})
    assert page.status_code == 200 and 'data-testid="filter-error"' in page.content.decode()
    client.force_login(people["chengdu_clerk"])
    assert client.get("/campaigns/sweeps/targets/").status_code == 403
