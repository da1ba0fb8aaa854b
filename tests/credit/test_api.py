"""The credit-list API: the eligibility rule on a case id, staff listings and workflow, and the
public list that never carries workers' names, ID numbers or phone numbers."""

import datetime as dt
import json
import re

import pytest
from django.utils import timezone

from wageguard.credit.models import CreditListing
from wageguard.org.rules import Role

from .conftest import REP_ID, WORKER, WORKER_ID, listed, make_case

pytestmark = pytest.mark.django_db

RULE = "/api/v1/rules/credit-list-eligibility"
ID_NUMBER = re.compile(r"\d{17}[\dXx]")
MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")


def post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def test_eligibility_rule(client, inspector):
    client.force_login(inspector)
    case = make_case(inspector)
    response = post(client, RULE, {"case": case.pk})
    assert response.status_code == 200
    body = response.json()
    assert body["answer"] == "eligible"
    assert body["reasons"][0].startswith("依据")
    assert WORKER not in json.dumps(body, ensure_ascii=False)

    depends = make_case(inspector, amount="12000", name="待定示例公司")
    assert post(client, RULE, {"case": depends.pk}).json()["answer"] == (
        "depends_on_provincial_figure"
    )
    missing = post(client, RULE, {"case": 999999})
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"
    assert post(client, RULE, {"case": "x"}).status_code == 422


def test_eligibility_rule_is_scoped(client, make_user, inspector):
    case = make_case(inspector)
    client.force_login(make_user("jj-api-credit", Role.INSPECTOR, "510104"))
    assert post(client, RULE, {"case": case.pk}).status_code == 404
    client.force_login(make_user("sc-api-credit", Role.TASKFORCE, "510000"))
    assert post(client, RULE, {"case": case.pk}).json()["answer"] == "eligible"


def test_propose_and_transition_through_the_api(client, inspector, supervisor):
    client.force_login(inspector)
    case = make_case(inspector)
    created = post(client, "/api/v1/credit-listings", {"case": case.pk})
    assert created.status_code == 201, created.content
    listing = created.json()
    assert listing["state"] == "proposed"
    assert listing["available_actions"] == ["notify", "record_commitment"]
    assert listing["order_deadline"] and listing["decision_due"]
    assert listing["relief"]["answer"] == "not_applicable"
    url = f"/api/v1/credit-listings/{listing['id']}/transition"
    notified = post(client, url, {"action": "notify"})
    assert notified.status_code == 200, notified.content
    assert notified.json()["defence_due"] and notified.json()["documents"]["notice"]
    early = post(client, url, {"action": "decide"})
    assert early.status_code == 403
    client.force_login(supervisor)
    early = post(client, url, {"action": "decide"})
    assert early.status_code == 422 and early.json()["field"] == "action"
    assert "异议期限" in early.json()["message"] and "第六条" in early.json()["message"]
    again = post(client, "/api/v1/credit-listings", {"case": case.pk})
    assert again.status_code in (403, 422)

    small = make_case(inspector, amount="3000", name="小额示例公司")
    client.force_login(inspector)
    refused = post(client, "/api/v1/credit-listings", {"case": small.pk})
    assert refused.status_code == 422 and refused.json()["field"] == "case"
    assert "不符合" in refused.json()["message"]


def test_staff_list_and_detail_are_scoped(client, make_user, inspector, supervisor, clock):
    listing = listed(clock, inspector, supervisor)
    client.force_login(inspector)
    rows = client.get("/api/v1/credit-listings?status=current").json()
    assert [r["id"] for r in rows["items"]] == [listing.pk] and rows["items"][0]["current"]
    assert client.get("/api/v1/credit-listings?status=removed").json()["count"] == 0
    detail = client.get(f"/api/v1/credit-listings/{listing.pk}").json()
    assert detail["persons"][0]["name"] == "王法人"
    assert client.get("/api/v1/credit-listings?status=bogus").status_code == 422

    client.force_login(make_user("jj-list-credit", Role.SUPERVISOR, "510104"))
    assert client.get("/api/v1/credit-listings").json()["count"] == 0
    assert client.get(f"/api/v1/credit-listings/{listing.pk}").status_code == 404
    url = f"/api/v1/credit-listings/{listing.pk}/transition"
    assert post(client, url, {"action": "drop", "reason": "x"}).status_code == 404
    client.force_login(make_user("sc-list-credit", Role.TASKFORCE, "510000"))
    assert client.get(f"/api/v1/credit-listings/{listing.pk}").status_code == 200


def test_public_api_current_only_no_personal_data(client, inspector, supervisor, clock):
    current = listed(clock, inspector, supervisor)
    ended = listed(clock, inspector, supervisor, name="已期满示例公司")
    # The term ended yesterday and the expiry job has not run: not current any more.
    CreditListing.objects.filter(pk=ended.pk).update(
        expires_on=timezone.localdate() - dt.timedelta(days=1)
    )
    response = client.get("/api/v1/public/credit-listings")  # anonymous
    assert response.status_code == 200
    items = response.json()["items"]
    assert [i["id"] for i in items] == [current.pk]
    item = items[0]
    assert item["unit_name"] == "成都失信示例建筑有限公司"
    assert item["credit_code"] == "91510100MA61R8XQ4E"
    assert item["legal_representative"] == "王法人"
    assert item["deciding_agency"] == current.agency.name
    assert set(item) == {
        "id",
        "unit_name",
        "credit_code",
        "legal_representative",
        "facts",
        "listed_on",
        "expires_on",
        "deciding_agency",
    }
    text = response.content.decode()
    assert WORKER not in text and WORKER_ID not in text and REP_ID not in text
    assert not ID_NUMBER.search(text) and not MOBILE.search(text)
    assert client.get("/api/v1/public/credit-listings?q=不存在的单位").json()["count"] == 0


def test_spec_documents_exactly_the_credit_actions(client):
    from wageguard.credit.actions import ACTIONS

    spec = client.get("/api/v1/openapi.json").json()
    route = spec["paths"]["/api/v1/credit-listings/{listing_id}/transition"]["post"]
    ref = route["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    assert ref.endswith("/CreditTransitionIn")
    schema = spec["components"]["schemas"]["CreditTransitionIn"]
    names = [a.name for a in ACTIONS if not a.automatic]
    assert schema["properties"]["action"]["enum"] == names
    assert "expire" not in names and "propose" not in names
