# ruff: noqa: F811  (the `world` fixture is imported from sweepdata and named as an argument)
"""Sweep pages and API: the planning page's refusals in place, the phone's visit form (input
kept, a resubmitted form records one visit), a constant query count on the coverage page, the
visit endpoint's 201/200/422/403/404, and a draw's public page."""

import pytest
from django.utils import timezone

from wageguard.campaigns.models import LedgerItem
from wageguard.campaigns.sweeps import services
from wageguard.campaigns.sweeps.models import SweepVisit
from wageguard.org import services as org_services
from wageguard.org.models import User
from wageguard.org.rules import Role

from .conftest import png
from .sweepdata import project, visit_data, world  # noqa: F401

pytestmark = pytest.mark.django_db

ALL_YES = {f"sys_{c}": "yes" for c in ("account", "real_name", "deposit", "payroll", "notice")}


def _bearer(user) -> dict:
    _token, key = org_services.create_token(None, user)
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_the_planning_page_refuses_a_team_of_one_in_place(client, people, world):
    sweep = world["sweep"]
    client.force_login(people["wuhou_supervisor"])
    page = client.get(f"/campaigns/sweeps/{sweep.pk}/").content.decode()
    assert 'data-testid="plan-team"' in page and "武侯一组" in page
    refused = client.post(
        f"/campaigns/sweeps/{sweep.pk}/plan/team/",
        {
            "team-name": "单人组",
            "team-region": "510107",
            "team-members": [people["wuhou_inspector"].pk],
        },
    )
    body = refused.content.decode()
    assert refused.status_code == 422 and "单人组" in body and "至少须 2 名监察员" in body
    client.force_login(people["wuhou_inspector"])
    page = client.get(f"/campaigns/sweeps/{sweep.pk}/").content.decode()
    assert 'data-testid="plan-team"' not in page
    assert client.post(f"/campaigns/sweeps/{sweep.pk}/plan/team/", {}).status_code == 403


def test_the_phone_page_and_visit_form(client, people, world):
    client.force_login(people["wuhou_inspector"])
    mine = client.get("/campaigns/sweeps/mine/").content.decode()
    target = world["targets"]["WH-1"]
    assert f"/campaigns/sweeps/targets/{target.pk}/visit/" in mine
    assert "JJ-1" not in mine
    url = f"/campaigns/sweeps/targets/{target.pk}/visit/"
    form = client.get(url)
    assert form.status_code == 200 and 'name="client_key"' in form.content.decode()
    data = {
        **ALL_YES,
        "client_key": "page-key-0001",
        "arrears_workers": "2",
        "arrears_amount": "",
        "remarks": "项目部未设专户",
    }
    refused = client.post(url, data)
    body = refused.content.decode()
    assert refused.status_code == 422 and "项目部未设专户" in body
    assert 'data-field="wages_monthly"' in body and 'data-field="sys_ledger"' in body
    data.update(sys_ledger="no", wages_monthly="yes", arrears_amount="5000", photos=png())
    done = client.post(url, data)
    assert done.status_code == 302
    visit = SweepVisit.objects.get()
    assert done["Location"] == f"/campaigns/sweeps/visits/{visit.pk}/"
    data["photos"] = png()
    again = client.post(url, data)
    assert again["Location"] == done["Location"] and SweepVisit.objects.count() == 1
    page = client.get(done["Location"]).content.decode()
    assert "工资支付台账未落实" in page and 'data-testid="arrears-actions"' in page
    photo = visit.photos.get()
    assert client.get(f"/campaigns/sweeps/visits/{visit.pk}/photos/{photo.pk}/").status_code == 200
    converted = client.post(f"/campaigns/sweeps/visits/{visit.pk}/arrears/", {"outcome": "clue"})
    assert converted.status_code == 302 and converted["Location"].startswith("/clues/")
    refused = client.post(f"/campaigns/sweeps/visits/{visit.pk}/arrears/", {"outcome": "case"})
    assert refused.status_code == 422 and "已转为线索或案件" in refused.content.decode()


def test_a_visit_by_someone_off_the_team_is_refused_on_the_page(client, people, world, make_user):
    stranger = make_user("wh-insp5", Role.INSPECTOR, "510107")
    client.force_login(stranger)
    target = world["targets"]["WH-2"]
    url = f"/campaigns/sweeps/targets/{target.pk}/visit/"
    refused = client.post(
        url,
        {
            **ALL_YES,
            "sys_ledger": "yes",
            "wages_monthly": "yes",
            "client_key": "stranger-001",
            "arrears_workers": "0",
            "arrears_amount": "0",
            "remarks": "陌生人",
        },
    )
    body = refused.content.decode()
    assert refused.status_code == 422 and "WH-2 安置房项目" in body and "陌生人" in body
    assert not SweepVisit.objects.exists()
    client.force_login(people["jinjiang_supervisor"])
    assert client.get(url).status_code == 404


def test_the_coverage_page_runs_a_constant_number_of_queries(client, people, world, query_baseline):
    sweep = world["sweep"]
    client.force_login(people["chengdu_supervisor"])
    url = f"/campaigns/sweeps/{sweep.pk}/coverage/"
    client.get(url)
    with query_baseline("campaigns.sweep_coverage"):
        page = client.get(url)
    body = page.content.decode()
    assert 'data-region="510107"' in body and 'data-region="510104"' in body
    assert 'id="coverage-chart"' in body
    # More targets, in another county, and visits: the same number of queries.
    more = people["chengdu_inspector"]
    project(more, "QY-1", "成都市青羊区人民中路一段 1 号")
    project(more, "QY-2", "成都市青羊区人民中路一段 2 号")
    services.add_project_targets(people["chengdu_supervisor"], sweep)
    services.record_visit(
        people["wuhou_inspector"],
        world["targets"]["WH-1"],
        client_key="cov-page-01",
        **visit_data(),
    )
    with query_baseline("campaigns.sweep_coverage"):
        page = client.get(url)
    assert 'data-region="510105"' in page.content.decode()


def test_the_visit_api_is_idempotent_and_names_the_field(client, people, world, make_user):
    sweep, target = world["sweep"], world["targets"]["WH-3"]
    url = f"/api/v1/sweeps/{sweep.pk}/targets/{target.pk}/visits"
    body = {**visit_data(), "arrears_amount": "0", "client_key": "api-key-0001"}
    body["systems"] = {**body["systems"], "deposit": "no"}
    auth = _bearer(people["wuhou_inspector"])
    first = client.post(url, body, content_type="application/json", **auth)
    assert first.status_code == 201, first.content
    again = client.post(url, body, content_type="application/json", **auth)
    assert again.status_code == 200 and again.json() == first.json()
    assert len(first.json()["ledger_items"]) == 1 and LedgerItem.objects.count() == 1
    bad = client.post(
        url,
        {**body, "client_key": "api-key-0002", "arrears_workers": -1},
        content_type="application/json",
        **auth,
    )
    assert bad.status_code == 422 and bad.json()["field"] == "arrears_workers"
    half = client.post(
        url,
        {**body, "client_key": "api-key-0003", "systems": {"account": "yes"}},
        content_type="application/json",
        **auth,
    )
    assert half.status_code == 422 and half.json()["field"] == "systems"
    stranger = _bearer(make_user("wh-insp6", Role.INSPECTOR, "510107"))
    refused = client.post(
        url, {**body, "client_key": "api-key-0004"}, content_type="application/json", **stranger
    )
    assert refused.status_code == 403 and "WH-3 安置房项目" in refused.json()["message"]
    outside = client.post(
        url,
        {**body, "client_key": "api-key-0005"},
        content_type="application/json",
        **_bearer(people["jinjiang_supervisor"]),
    )
    assert outside.status_code == 404
    listed = client.get("/api/v1/sweeps", **auth).json()
    assert [s["id"] for s in listed["items"]] == [sweep.pk]
    detail = client.get(f"/api/v1/sweeps/{sweep.pk}", **auth).json()
    assert detail["total"]["visited"] == 1 and detail["total"]["total"] == 3
    assert [r["region"] for r in detail["coverage"]] == ["510100", "510107"]


def test_a_draw_is_public_only_once_published(client, people, world, make_user):
    make_user("wh-insp7", Role.INSPECTOR, "510107")
    draw = services.random_draw(
        people["wuhou_supervisor"],
        world["sweep"],
        region="510107",
        n_targets=2,
        n_inspectors=2,
        seed=2024,
    )
    assert client.get(f"/campaigns/sweeps/draws/{draw.pk}/public/").status_code == 404
    client.force_login(people["wuhou_supervisor"])
    page = client.get(f"/campaigns/sweeps/draws/{draw.pk}/").content.decode()
    assert "2024" in page and "结果一致" in page
    client.post(f"/campaigns/sweeps/draws/{draw.pk}/publish/")
    client.logout()
    public = client.get(f"/campaigns/sweeps/draws/{draw.pk}/public/")
    assert public.status_code == 200
    body = public.content.decode()
    assert "2024" in body and draw.pool_digest in body
    drawn = User.objects.filter(pk__in=draw.drawn_inspectors)
    assert not [u.display_name for u in drawn if u.display_name in body]
    assert timezone.localdate().strftime("%Y-%m-%d") in body
