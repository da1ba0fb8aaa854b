"""Case API actions: the whole record through the API, the detail showing it, 422s naming the
field. The contract every action keeps (403, 404, 422, audit, nothing written on refusal) is
test_action_contract.py."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from wageguard.cases.models import Decision
from wageguard.org.rules import Role

from .conftest import backdate, direct_case

pytestmark = pytest.mark.django_db

BASE = "/api/v1/cases"


def _days(n: int) -> str:
    return (timezone.localdate() + dt.timedelta(days=n)).isoformat()


def _post(client, url, body):
    return client.post(url, body, content_type="application/json")


def test_a_case_through_the_api(client, inspector, colleague, supervisor):
    case = direct_case(inspector)
    client.force_login(inspector)
    url = f"{BASE}/{case.pk}"
    r = _post(client, f"{url}/transition", {"action": "start_investigation"})
    assert r.status_code == 200 and r.json()["state"] == "investigating"
    r = _post(client, f"{url}/inspectors", {"inspector_ids": [inspector.pk]})
    assert r.status_code == 422 and r.json()["field"] == "inspector_ids"
    r = _post(client, f"{url}/inspectors", {"inspector_ids": [inspector.pk, colleague.pk]})
    assert r.json()["lead_id"] == inspector.pk
    r = _post(
        client,
        f"{url}/interviews",
        {
            "interviewee": "王五",
            "interviewee_role": "worker",
            "held_at": (timezone.now() - dt.timedelta(hours=1)).isoformat(),
            "place": "监察大队",
            "inspector_ids": [inspector.pk, colleague.pk],
            "summary": "五至八月工资未发",
        },
    )
    assert r.status_code == 200, r.json()
    r = client.post(
        f"{url}/evidence",
        {
            "kind": "document",
            "description": "工资条",
            "upload": SimpleUploadedFile("工资条.pdf", b"%PDF-1.4 x"),
        },
    )
    assert r.status_code == 200 and r.json()["content_type"] == "application/pdf"
    r = client.post(
        f"{url}/evidence",
        {"kind": "photo", "description": "x", "upload": SimpleUploadedFile("a.jpg", b"MZ..")},
    )
    assert r.status_code == 422 and r.json()["field"] == "upload"
    r = _post(
        client,
        f"{url}/ledger-checks",
        {"checked_on": _days(0), "ledger_kept": False, "findings": "未编制台账"},
    )
    assert r.status_code == 200
    r = _post(client, f"{url}/workers", {"worker_name": "赵七", "amount_owed": "6000"})
    worker_id = r.json()["id"]
    r = _post(
        client,
        f"{url}/workers/{worker_id}/recovery",
        {"amount_recovered": "6000", "recovered_on": _days(0), "method": "wage_deposit"},
    )
    assert r.json()["amount_recovered"] == "6000.00"
    r = _post(
        client,
        f"{url}/parties",
        {"role": "general_contractor", "name": "四川总包建设有限公司"},
    )
    assert r.status_code == 200
    r = _post(
        client,
        f"{url}/persons",
        {"role": "legal_representative", "name": "赵六", "id_number": "11010519491231002X"},
    )
    assert r.status_code == 200
    # Penalty before the statement: 422 naming the article.
    r = _post(
        client, f"{url}/measures", {"kind": "penalty", "penalty_key": "423-30", "fine_amount": 2000}
    )
    assert r.status_code == 422 and "第十九条" in r.json()["message"]
    r = _post(client, f"{url}/statements", {"kind": "waived", "received_on": _days(0)})
    assert r.status_code == 200
    r = _post(client, f"{url}/measures", {"kind": "order", "deadline": _days(10)})
    assert r.status_code == 200, r.json()
    order = r.json()
    assert order["amount_due"] == "25000.00" and "第二十六条" in order["article"]
    assert order["document"]["number"].startswith("武人社监令")
    # Not complied before the deadline: refused.
    r = _post(
        client,
        f"{url}/measures/{order['id']}/outcome",
        {"complied": False, "on": _days(0)},
    )
    assert r.status_code == 422 and r.json()["field"] == "on"

    # An older order, lapsed: the transfer goes through.
    backdate(case, 40)
    r = _post(
        client,
        f"{url}/measures",
        {"kind": "order", "deadline": _days(-5), "amount_due": "25000"},
    )
    assert r.status_code == 422 and r.json()["field"] == "deadline"
    old = Decision.objects.get(pk=order["id"])
    Decision.objects.filter(pk=old.pk).update(issued_on=_days(-20), deadline=_days(-5))
    r = _post(client, f"{url}/measures/{old.pk}/outcome", {"complied": False, "on": _days(-4)})
    assert r.json()["state"] == "not_complied"
    # Not yet served: the transfer is refused on the conduct, naming what is missing.
    transfer_body = {"police_agency": "成都市公安局武侯区分局", "conduct": "order_ignored"}
    r = _post(client, f"{url}/transfers", transfer_body)
    assert r.status_code == 422 and r.json()["field"] == "conduct"
    assert "尚未登记送达" in r.json()["message"]
    service = f"{url}/documents/{old.document_id}/service"
    r = _post(client, service, {"service_method": "direct", "served_on": _days(1)})
    assert r.status_code == 422 and r.json()["field"] == "served_on"
    r = _post(client, service, {"service_method": "direct", "served_on": _days(-20)})
    assert r.status_code == 200, r.json()
    assert r.json()["served_on"] == _days(-20) and r.json()["served_to"]
    r = _post(
        client,
        f"{url}/transfers",
        {"police_agency": "成都市公安局武侯区分局", "conduct": "order_ignored"},
    )
    assert r.status_code == 200, r.json()
    moved = r.json()
    assert moved["threshold_answer"] == "meets" and moved["letter"]["number"]
    tid = moved["id"]
    r = _post(client, f"{url}/transfers/{tid}/response", {"response": "not_filed", "on": _days(0)})
    assert r.status_code == 422 and r.json()["field"] == "reason"
    r = _post(
        client,
        f"{url}/transfers/{tid}/response",
        {"response": "accepted", "on": _days(0), "next_follow_up": _days(7)},
    )
    assert r.json()["response"] == "accepted"
    r = _post(client, f"{url}/transfers/{tid}/follow-ups", {"on": _days(0), "note": "已电话询问"})
    assert r.status_code == 200

    detail = client.get(url).json()
    assert [i["user_id"] for i in detail["inspectors"]] == [inspector.pk, colleague.pk]
    assert detail["measures"][0]["article"] and detail["measures"][0]["state"] == "not_complied"
    numbers = {d["number"] for d in detail["documents"]}
    assert order["document"]["number"] in numbers and moved["letter"]["number"] in numbers
    doc = detail["documents"][0]
    assert doc["url"] == reverse("cases:document", kwargs={"pk": case.pk, "doc_id": doc["id"]})
    assert client.get(doc["url"]).status_code == 200
    assert detail["transfers"][0]["follow_ups"][0]["note"] == "已电话询问"
    assert {p["role"] for p in detail["parties"]} == {"employer", "general_contractor"}
    assert detail["persons"][0]["id_number"] == "11010519491231002X"
    assert len(detail["evidence"]) == 1 and detail["evidence"][0]["url"]

    r = _post(client, f"{url}/transition", {"action": "decide"})
    assert r.json()["state"] == "decided"
    client.force_login(supervisor)
    r = _post(client, f"{url}/transition", {"action": "close", "report": "结案"})
    assert r.status_code == 422 and r.json()["field"] == "exception_reason"
    assert "尚待公安机关回复" not in r.json()["message"]  # accepted: answered
    r = _post(
        client,
        f"{url}/transition",
        {"action": "close", "report": "结案", "exception_reason": "追偿另行处理"},
    )
    assert r.json()["state"] == "closed" and r.json()["closing_exception"] == "追偿另行处理"


def test_detail_masks_persons_for_roles_without_need(client, inspector, make_user):
    case = direct_case(inspector)
    from wageguard.cases.services.investigation import add_person

    add_person(
        case, inspector, role="legal_representative", name="赵六", id_number="11010519491231002X"
    )
    client.force_login(make_user("aud", Role.AUDITOR, "510107"))
    detail = client.get(f"{BASE}/{case.pk}").json()
    assert "11010519491231002X" not in str(detail)


def test_detail_queries_do_not_grow_with_the_record(client, heard, inspector, query_baseline):
    from wageguard.cases.services import measures

    def measure():
        deadline = timezone.localdate() + dt.timedelta(days=10)
        measures.issue_measure(heard, inspector, "order", deadline=deadline)
        measures.issue_measure(heard, inspector, "penalty", penalty_key="423-30", fine_amount=2000)

    client.force_login(inspector)
    measure()
    for _ in range(2):  # creating a province's settings row clears the memo of all of them
        client.get(f"{BASE}/{heard.pk}")
    with query_baseline("cases.api_detail_two_measures") as first:
        client.get(f"{BASE}/{heard.pk}")
    for _ in range(3):
        measure()
    with query_baseline("cases.api_detail_eight_measures") as more:
        detail = client.get(f"{BASE}/{heard.pk}").json()
    assert len(more) == len(first)
    assert len(detail["measures"]) == 8 and len(detail["documents"]) == 8
