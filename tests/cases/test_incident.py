"""A mass or extreme incident on a case (Order 45 art. 5(2), Order 29 art. 5(6)): recorded and
withdrawn through the service, the case page and the API; the credit-list answer and the
publication queue pick it up."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from wageguard.cases import services
from wageguard.cases.models import CaseHistory, EnforcementCase
from wageguard.cases.services import investigation, measures
from wageguard.core.models import AuditEvent
from wageguard.credit.services import eligibility_for
from wageguard.org.rules import Role
from wageguard.publication import queue

from .conftest import backdate, direct_case
from .test_pages_act import act, ok, refused

pytestmark = pytest.mark.django_db

NOTE = "三十余名农民工在项目部聚集讨薪，堵塞人民南路约两小时，媒体报道"


def _days(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)


@pytest.fixture
def small(inspector, colleague) -> EnforcementCase:
    """王五 owed ¥3,000 for one month (below every threshold), an order to pay ignored."""
    case = direct_case(
        inspector,
        workers=[{"worker_name": "王五", "amount_owed": Decimal("3000"), "months_unpaid": 1}],
    )
    case = services.transition(case, "start_investigation", inspector)
    investigation.assign_inspectors(case, inspector, [inspector.pk, colleague.pk])
    backdate(case, 40)
    order = measures.issue_measure(
        case, inspector, "order", issued_on=_days(-20), deadline=_days(-5)
    )
    measures.record_outcome(order, inspector, complied=False, on=_days(-4))
    case.refresh_from_db()
    return case


def test_record_and_withdraw(small, inspector, make_user):
    with pytest.raises(ValidationError) as exc:
        investigation.record_incident(small, inspector, occurred_on=_days(-3), note="  ")
    assert exc.value.message_dict["note"] == ["请填写事件情况"]
    with pytest.raises(ValidationError) as exc:
        investigation.record_incident(small, inspector, occurred_on=_days(1), note=NOTE)
    assert "occurred_on" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        investigation.withdraw_incident(small, inspector, reason="误记")
    assert "action" in exc.value.message_dict
    for stranger in (
        make_user("wh-clerk", Role.CLERK, "510107"),
        make_user("jj-insp", Role.INSPECTOR, "510104"),
    ):
        with pytest.raises(PermissionDenied):
            investigation.record_incident(small, stranger, occurred_on=_days(-3), note=NOTE)
    small.refresh_from_db()
    assert small.mass_incident is False and small.mass_incident_note == ""

    case = investigation.record_incident(small, inspector, occurred_on=_days(-3), note=NOTE)
    assert case.mass_incident is True
    assert case.mass_incident_note == f"{_days(-3):%Y-%m-%d}，{NOTE}"
    # A second incident adds its own dated line.
    case = investigation.record_incident(case, inspector, occurred_on=_days(-1), note="再次聚集")
    assert case.mass_incident_note.splitlines() == [
        f"{_days(-3):%Y-%m-%d}，{NOTE}",
        f"{_days(-1):%Y-%m-%d}，再次聚集",
    ]
    history = CaseHistory.objects.filter(case=case, action="incident").order_by("at", "pk")
    assert [h.data["occurred_on"] for h in history] == [
        _days(-3).isoformat(),
        _days(-1).isoformat(),
    ]
    event = AuditEvent.objects.filter(action="case.incident").latest("pk")
    assert event.before["mass_incident"] is True and event.after["occurred_on"]

    with pytest.raises(ValidationError) as exc:
        investigation.withdraw_incident(case, inspector, reason="")
    assert "reason" in exc.value.message_dict
    case = investigation.withdraw_incident(case, inspector, reason="系另案事件，误记入本案")
    case.refresh_from_db()
    assert case.mass_incident is False and case.mass_incident_note == ""
    event = AuditEvent.objects.get(action="case.withdraw_incident")
    assert event.reason == "系另案事件，误记入本案"
    assert "再次聚集" in event.before["mass_incident_note"]
    withdrawn = CaseHistory.objects.get(case=case, action="withdraw_incident")
    assert "再次聚集" in withdrawn.data["previous"]["mass_incident_note"]


def test_an_incident_makes_a_small_ignored_order_credit_eligible(small, inspector):
    before = eligibility_for(small)
    assert before.answer == "not_eligible"
    assert any("第五条第（二）项不适用" in r for r in before.reasons)
    investigation.record_incident(small, inspector, occurred_on=_days(-3), note=NOTE)
    small.refresh_from_db()
    after = eligibility_for(small)
    assert after.answer == "eligible"
    assert any("逾期未支付" in r for r in after.reasons)
    assert any("未达到认定拒不支付劳动报酬罪的数额标准" in r for r in after.reasons)
    assert any("引发群体性事件、极端事件" in r and "第五条第（二）项" in r for r in after.reasons)
    assert f"事件情况：{_days(-3):%Y-%m-%d}，{NOTE}" in after.reasons
    investigation.withdraw_incident(small, inspector, reason="误记")
    small.refresh_from_db()
    assert eligibility_for(small).answer == "not_eligible"


def test_a_decided_case_with_an_incident_is_queued_for_publication(small, inspector):
    investigation.record_statement(small, inspector, kind="waived", received_on=_days(0))
    case = services.transition(small, "decide", inspector)
    assert not queue.assess(case).required
    assert case.pk not in [e.case.pk for e in queue.queue(inspector)]
    investigation.record_incident(case, inspector, occurred_on=_days(-3), note=NOTE)
    case.refresh_from_db()
    answer = queue.assess(case)
    assert answer.required and answer.kind == "social_impact"
    assert "严重不良社会影响" in answer.reasons[-1]
    assert case.pk in [e.case.pk for e in queue.queue(inspector)]


def test_case_page_records_and_withdraws(client, small, inspector, make_user):
    client.force_login(inspector)
    page = client.get(f"/cases/{small.pk}/").content.decode()
    assert 'data-testid="incident" data-recorded="0"' in page
    assert 'data-form="incident"' in page and 'data-form="withdraw_incident"' not in page
    assert 'data-testid="credit" data-answer="not_eligible"' in page
    refused(
        act(client, small, "incident", {"occurred_on": _days(-3).isoformat(), "note": ""}),
        "note",
        "请填写事件情况",
    )
    assert not EnforcementCase.objects.get(pk=small.pk).mass_incident
    ok(
        act(client, small, "incident", {"occurred_on": _days(-3).isoformat(), "note": NOTE}),
        "incident",
    )
    page = client.get(f"/cases/{small.pk}/").content.decode()
    assert 'data-recorded="1"' in page and NOTE in page
    assert 'data-testid="credit" data-answer="eligible"' in page
    assert 'data-action="incident"' in page  # the history
    refused(act(client, small, "withdraw_incident", {"reason": ""}), "reason", "请填写撤销理由")
    ok(act(client, small, "withdraw_incident", {"reason": "误记"}), "incident")
    assert not EnforcementCase.objects.get(pk=small.pk).mass_incident
    # A role that may only read sees the section without its forms, and cannot post.
    taskforce = make_user("sc-taskforce", Role.TASKFORCE, "510000")
    client.force_login(taskforce)
    page = client.get(f"/cases/{small.pk}/").content.decode()
    assert 'data-testid="incident"' in page and 'data-form="incident"' not in page
    response = act(client, small, "incident", {"occurred_on": _days(-3).isoformat(), "note": NOTE})
    assert response.status_code == 403


def test_api_records_and_withdraws(client, small, inspector, make_user):
    url = f"/api/v1/cases/{small.pk}/incident"
    client.force_login(inspector)
    r = client.post(
        url, {"occurred_on": _days(-3).isoformat(), "note": " "}, content_type="application/json"
    )
    assert r.status_code == 422 and r.json()["field"] == "note"
    r = client.post(
        url, {"occurred_on": _days(-3).isoformat(), "note": NOTE}, content_type="application/json"
    )
    assert r.status_code == 200, r.json()
    assert r.json() == {
        "case_id": small.pk,
        "mass_incident": True,
        "mass_incident_note": f"{_days(-3):%Y-%m-%d}，{NOTE}",
    }
    r = client.post(
        "/api/v1/rules/credit-list-eligibility", {"case": small.pk}, content_type="application/json"
    )
    assert r.json()["answer"] == "eligible"
    r = client.post(f"{url}/withdraw", {"reason": "误记"}, content_type="application/json")
    assert r.status_code == 200 and r.json()["mass_incident"] is False
    # Another county: 404 on both; a reading role: 403.
    client.force_login(make_user("jj-insp", Role.INSPECTOR, "510104"))
    body = {"occurred_on": _days(-3).isoformat(), "note": NOTE}
    assert client.post(url, body, content_type="application/json").status_code == 404
    assert (
        client.post(f"{url}/withdraw", {"reason": "x"}, content_type="application/json").status_code
        == 404
    )
    client.force_login(make_user("sc-taskforce", Role.TASKFORCE, "510000"))
    assert client.post(url, body, content_type="application/json").status_code == 403
    assert not EnforcementCase.objects.get(pk=small.pk).mass_incident
