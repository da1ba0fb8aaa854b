"""Case API actions: the whole record through the API, the detail showing it, 422s naming the
field. The contract every action keeps (403, 404, 422, audit, nothing written on refusal) is
test_action_contract.py."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from wageguard.cases.models import CaseDocument, Decision
from wageguard.org.rules import Role

from .conftest import backdate, direct_case

pytestmark = pytest.mark.django_db

BASE = "/api/v1/cases"


def _days(n: int) -> str:
    return (timezone.localdate() + dt.timedelta(days=n)).isoformat()


def _date(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)


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
        {"amount": "6000", "recovered_on": _days(0), "method": "wage_deposit"},
    )
    assert r.json()["amount"] == "6000.00" and r.json()["amount_recovered"] == "6000.00"
    assert r.json()["outstanding"] == "0.00" and r.json()["worker_id"] == worker_id
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
        client,
        f"{url}/measures",
        {"kind": "penalty", "penalty_key": "423-30-1", "fine_amount": 2000},
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
        measures.issue_measure(
            heard, inspector, "penalty", penalty_key="423-30-1", fine_amount=2000
        )

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


def test_measure_rules_through_the_api(client, heard, inspector):
    """Issue 9 items 10-12, 14, 18-19 through /measures: retaliation is refused a fine naming
    Decree 423 art. 30 item 4; an order names its violation and cites it; a Decree 724 fine
    needs the order to correct that violation lapsed; a stoppage needs the hearing right
    recorded; a court application waits for the litigation period and a served reminder."""
    from wageguard.cases.rules.preconditions import court_window
    from wageguard.cases.services import measures

    client.force_login(inspector)
    url = f"{BASE}/{heard.pk}/measures"
    backdate(heard, 450)
    r = _post(client, url, {"kind": "penalty", "penalty_key": "423-30-4", "fine_amount": 2000})
    assert r.status_code == 422 and r.json()["field"] == "penalty_key"
    assert "第三十条第（四）项" in r.json()["message"] and "不予罚款" in r.json()["message"]
    r = _post(client, url, {"kind": "order", "deadline": _days(10), "violation": "724-56-4"})
    assert r.status_code == 200, r.json()
    assert r.json()["violation"] == "724-56-4"
    assert r.json()["article"] == "《保障农民工工资支付条例》第五十六条第（四）项"
    # A lapsed order to pay wages does not open a Decree 724 fine.
    pay = measures.issue_measure(
        heard, inspector, "order", issued_on=_date(-430), deadline=_date(-420)
    )
    measures.record_outcome(pay, inspector, complied=False, on=_date(-419))
    fine = {"kind": "penalty", "penalty_key": "724-56", "violation": "724-56-4"}
    r = _post(client, url, {**fine, "fine_amount": 50000})
    assert r.status_code == 422 and "第五十六条第（四）项" in r.json()["message"]
    fix = measures.issue_measure(
        heard,
        inspector,
        "order",
        issued_on=_date(-410),
        deadline=_date(-400),
        violation="724-55-2",
    )
    measures.record_outcome(fix, inspector, complied=False, on=_date(-399))
    stop = {"kind": "stoppage", "penalty_key": "724-55", "violation": "724-55-2"}
    r = _post(client, url, stop)
    assert r.status_code == 422 and "第六十三条第（四）项" in r.json()["message"]
    r = _post(
        client,
        f"{BASE}/{heard.pk}/statements",
        {"kind": "hearing_not_requested", "received_on": _days(0)},
    )
    assert r.status_code == 200, r.json()
    r = _post(client, url, stop)
    assert r.status_code == 200, r.json()
    # Court: a fine lapsed and served 395 days ago, a reminder served 300 days ago.
    penalty = measures.issue_measure(
        heard,
        inspector,
        "penalty",
        penalty_key="423-30-1",
        fine_amount=5000,
        issued_on=_date(-398),
        deadline=_date(-380),
    )
    measures.record_outcome(penalty, inspector, complied=False, on=_date(-379))
    CaseDocument.objects.filter(pk=penalty.document_id).update(served_on=_days(-395))
    court = {"kind": "court", "addressee": "武侯区人民法院"}
    r = _post(client, url, {**court, "issued_on": _days(-1)})
    assert r.status_code == 422 and "催告" in r.json()["message"]
    r = _post(client, url, {"kind": "reminder", "issued_on": _days(-300), "deadline": _days(-290)})
    assert r.status_code == 200, r.json()
    reminder = Decision.objects.get(pk=r.json()["id"])
    CaseDocument.objects.filter(pk=reminder.document_id).update(served_on=_days(-300))
    window = court_window(
        timezone.localdate() - dt.timedelta(days=395), timezone.localdate() - dt.timedelta(days=300)
    )
    before = (window.first - dt.timedelta(days=1)).isoformat()
    r = _post(client, url, {**court, "issued_on": before})
    assert r.status_code == 422 and "第五十三条" in r.json()["message"]
    r = _post(client, url, {**court, "issued_on": window.first.isoformat()})
    assert r.status_code == 200, r.json()
    assert "第四十二条" in r.json()["article"] and "第三十一条" not in r.json()["article"]
    after = (window.last + dt.timedelta(days=1)).isoformat()
    r = _post(client, url, {**court, "issued_on": after})
    assert r.status_code == 422 and "三个月" in r.json()["message"]
