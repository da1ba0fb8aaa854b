"""Staff pages (list, detail with workflow forms, proposal, watch list, settings) and the public
page of current listings, which shows no personal data beyond the legal representative's name."""

import datetime as dt
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wageguard.cases.models import CasePerson
from wageguard.core.models import AuditEvent
from wageguard.credit.models import CreditListing, CreditSettings, WatchListEntry
from wageguard.org.rules import Role
from wageguard.parties.services import person_for

from .conftest import REP_ID, WORKER, WORKER_ID, listed, make_case

pytestmark = pytest.mark.django_db

ID_NUMBER = re.compile(r"\d{17}[\dXx]")
MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")


def test_propose_page_shows_reasons_and_proposes(client, inspector):
    case = make_case(inspector)
    client.force_login(inspector)
    page = client.get(f"/credit/propose/{case.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-answer="eligible"' in html and "第五条" in html
    assert "拖欠1名农民工工资" in html
    response = client.post(
        f"/credit/propose/{case.pk}/", {"facts": f"{WORKER}等人被拖欠工资", "note": ""}
    )
    assert response.status_code == 400
    assert "不得包含个人姓名" in response.content.decode()
    response = client.post(
        f"/credit/propose/{case.pk}/", {"facts": "拖欠工资经责令支付逾期未支付。"}
    )
    listing = CreditListing.objects.get(case=case)
    assert response.status_code == 302 and response["Location"] == f"/credit/{listing.pk}/"

    small = make_case(inspector, amount="3000", name="小额示例公司")
    html = client.get(f"/credit/propose/{small.pk}/").content.decode()
    assert 'data-answer="not_eligible"' in html and 'data-testid="propose-form"' not in html


def test_case_page_links_its_listing_instead_of_a_second_proposal(client, inspector):
    case = make_case(inspector)
    client.force_login(inspector)
    assert f'href="/credit/propose/{case.pk}/"' in client.get(f"/cases/{case.pk}/").content.decode()
    client.post(f"/credit/propose/{case.pk}/", {"facts": "拖欠工资经责令支付逾期未支付。"})
    listing = CreditListing.objects.get(case=case)
    html = client.get(f"/cases/{case.pk}/").content.decode()
    assert f'href="/credit/{listing.pk}/"' in html and "/credit/propose/" not in html


def test_detail_workflow_forms(client, inspector, supervisor, clock):
    case = make_case(inspector)
    client.force_login(inspector)
    client.post(f"/credit/propose/{case.pk}/", {"facts": "拖欠工资逾期未支付。"})
    listing = CreditListing.objects.get(case=case)
    html = client.get(f"/credit/{listing.pk}/").content.decode()
    assert 'data-action="notify"' in html and 'data-action="decide"' not in html
    response = client.post(f"/credit/{listing.pk}/transition/", {"action": "notify"})
    assert response.status_code == 302
    listing.refresh_from_db()
    assert listing.state == "notified" and listing.defence_due
    html = client.get(f"/credit/{listing.pk}/").content.decode()
    assert listing.notice_document.number in html
    assert 'data-testid="defence-due"' in html

    doc = client.get(f"/credit/{listing.pk}/documents/notice/")
    assert doc.status_code == 200 and doc["Content-Disposition"].startswith("attachment")
    assert b"".join(doc.streaming_content)[:2] == b"PK"
    assert client.get(f"/credit/{listing.pk}/documents/decision/").status_code == 404

    client.force_login(supervisor)
    response = client.post(f"/credit/{listing.pk}/transition/", {"action": "drop", "drop-note": ""})
    assert response.status_code == 400
    assert 'data-field="reason"' in response.content.decode()
    clock.day = listing.defence_due + dt.timedelta(days=1)
    response = client.post(f"/credit/{listing.pk}/transition/", {"action": "decide"})
    assert response.status_code == 302
    listing.refresh_from_db()
    assert listing.state == "listed" and listing.listed_on == clock.day
    assert AuditEvent.objects.filter(action="credit.view", object_id=listing.pk).exists()


def _queries(client, url: str, baseline=None) -> int:
    """The page's query count; `baseline` is a `query_baseline` check that must also hold."""
    with baseline or CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def test_list_filters_and_queries(client, inspector, supervisor, clock, query_baseline):
    for i in range(2):
        listed(clock, inspector, supervisor, name=f"列表示例公司{i}")
    client.force_login(inspector)
    client.get("/credit/")  # session, user and memoised settings loaded once
    few = _queries(client, "/credit/?status=current", query_baseline("credit.list_2_listings"))
    for i in range(2, 5):
        listed(clock, inspector, supervisor, name=f"列表示例公司{i}")
    many = _queries(client, "/credit/?status=current", query_baseline("credit.list_5_listings"))
    assert many == few  # no query per row
    html = client.get("/credit/?status=current").content.decode()
    assert html.count("data-listing=") == 5 and html.count('data-current="1"') == 5
    assert client.get("/credit/?status=removed").content.decode().count("data-listing=") == 0
    html = client.get("/credit/?q=列表示例公司2").content.decode()
    assert html.count("data-listing=") == 1
    assert 'data-testid="filter-error"' in client.get("/credit/?status=x").content.decode()


def test_other_county_gets_404_province_sees(client, make_user, inspector, supervisor, clock):
    listing = listed(clock, inspector, supervisor)
    client.force_login(make_user("jj-page-credit", Role.SUPERVISOR, "510104"))
    assert client.get(f"/credit/{listing.pk}/").status_code == 404
    assert client.get(f"/credit/propose/{listing.case_id}/").status_code == 404
    assert client.get(f"/credit/{listing.pk}/documents/decision/").status_code == 404
    response = client.post(f"/credit/{listing.pk}/transition/", {"action": "apply_removal"})
    assert response.status_code == 404
    assert "成都失信示例" not in client.get("/credit/").content.decode()
    client.force_login(make_user("sc-page-credit", Role.TASKFORCE, "510000"))
    assert client.get(f"/credit/{listing.pk}/").status_code == 200
    assert "成都失信示例" in client.get("/credit/").content.decode()


def test_watch_list_pages(client, make_user, inspector):
    case = make_case(inspector, amount="150000", name="关注示例公司")
    client.force_login(inspector)
    response = client.post(f"/credit/watch/add/{case.pk}/", {"reason": ""})
    assert response.status_code == 302
    entry = WatchListEntry.objects.get(case=case)
    assert any("拖欠金额" in r for r in entry.reasons)
    html = client.get("/credit/watch/").content.decode()
    assert "关注示例公司" in html and 'data-testid="criteria"' in html
    client.force_login(make_user("jj-watch-page", Role.INSPECTOR, "510104"))
    assert "关注示例公司" not in client.get("/credit/watch/").content.decode()
    assert client.post(f"/credit/watch/add/{case.pk}/", {"reason": "x"}).status_code == 404


def test_settings_page(client, make_user):
    county_admin = make_user("wh-admin-credit", Role.ADMIN, "510107")
    client.force_login(county_admin)
    page = client.get("/credit/settings/")
    assert page.status_code == 200
    body = page.content.decode()
    # The time limits are the law's, shown with their articles, not fields (Order 45 arts. 6,
    # 8, 14).
    assert 'data-testid="fixed-limits"' in body
    for article in ("第六条", "第八条", "第十一条", "第十二条", "第十四条"):
        assert article in body
    assert 'name="defence_days"' not in body and 'name="decision_days"' not in body
    assert client.post("/credit/settings/", {"watch_min_workers": 3}).status_code == 403
    admin = make_user("sc-admin-credit", Role.ADMIN, "510000")
    client.force_login(admin)
    data = {
        "watch_min_amount": "200000",
        "watch_min_workers": 20,
        "watch_repeat_cases": 3,
        "watch_repeat_months": 24,
    }
    assert client.post("/credit/settings/", {**data, "watch_repeat_months": 0}).status_code == 200
    # A period posted anyway is ignored: there is nothing to set.
    assert client.post("/credit/settings/", {**data, "defence_days": 30}).status_code == 302
    assert CreditSettings.for_province().watch_min_workers == 20
    assert AuditEvent.objects.filter(action="credit_settings.update").exists()


def test_public_page(client, inspector, supervisor, clock):
    current = listed(clock, inspector, supervisor)
    ended = listed(clock, inspector, supervisor, name="已期满示例公司")
    CreditListing.objects.filter(pk=ended.pk).update(expires_on=timezone.localdate())
    proposed = make_case(inspector, name="仅拟列入示例公司")
    from wageguard.credit import services

    services.propose(proposed, inspector)
    response = client.get("/public/credit-list/")  # anonymous
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('data-testid="public-listing"') == 1
    assert current.unit_name in html and "王法人" in html and current.agency.name in html
    assert "已期满示例公司" not in html and "仅拟列入示例公司" not in html
    assert WORKER not in html and WORKER_ID not in html and REP_ID not in html
    assert not ID_NUMBER.search(html) and not MOBILE.search(html)
    assert 'name="viewport"' in html
    assert (
        client.get("/public/credit-list/?q=91510100MA61R8XQ4E")
        .content.decode()
        .count('data-testid="public-listing"')
        == 1
    )


def test_public_pages_keep_the_search(client, inspector, supervisor, clock, monkeypatch):
    from wageguard.credit import public

    monkeypatch.setattr(public, "PAGE_SIZE", 1)
    listed(clock, inspector, supervisor)
    listed(clock, inspector, supervisor, name="第二示例建筑公司")
    html = client.get("/public/credit-list/?q=示例").content.decode()
    assert html.count('data-testid="public-listing"') == 1
    assert "?q=%E7%A4%BA%E4%BE%8B&amp;page=2" in html and "1 / 2" in html


def test_public_text_is_redacted_when_rendered(client, inspector, supervisor, clock):
    """Order 45 art. 4: a row written around the service (a bulk update) still shows no ID or
    mobile number on the public page, the public API or the feeds (portal.publications builds
    its entries from credit.public.public_row)."""
    listing = listed(clock, inspector, supervisor)
    leaked = f"拖欠工资，联系人手机 13812345678，身份证 {WORKER_ID}。"
    CreditListing.objects.filter(pk=listing.pk).update(facts=leaked)
    for url in (
        "/public/credit-list/",
        "/api/v1/public/credit-listings",
        "/feeds/publications.atom",
        "/feeds/publications.json",
    ):
        response = client.get(url)
        text = response.content.decode()
        if "json" in response["Content-Type"]:
            text = json.dumps(response.json(), ensure_ascii=False)
        assert "拖欠工资，联系人手机" in text, url
        assert "5678" not in text and WORKER_ID not in text, url
        assert not ID_NUMBER.search(text) and not MOBILE.search(text), url


def test_proposal_refuses_any_name_of_the_case(client, inspector):
    """Not only workers: the case's other persons (here a directly responsible person) are
    never named in the public facts; the legal representative may be."""
    case = make_case(inspector)
    CasePerson.objects.create(
        case=case, person=person_for("李项目", ""), role="responsible", position="项目经理"
    )
    client.force_login(inspector)
    response = client.post(f"/credit/propose/{case.pk}/", {"facts": "项目经理李项目拒不支付。"})
    assert response.status_code == 400 and "不得包含个人姓名" in response.content.decode()
    response = client.post(f"/credit/propose/{case.pk}/", {"facts": "法定代表人王法人拒不支付。"})
    assert response.status_code == 302
