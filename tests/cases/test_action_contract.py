"""The contract every case action keeps, checked over the whole registry (`cases.actions`): for
each action, through its API endpoint and its page form, a role without the permission gets 403,
another jurisdiction 404, bad input a 422 naming the field, and nothing is written on any
refusal; the accepted input writes the action's history row and its audit event `case.<name>`.

A new action fails `test_every_action_has_a_sample` until it gets a SAMPLE here: its good and
bad input and the field the refusal names. Domain behaviour stays in the other test modules.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from wageguard.cases.actions import ACTIONS
from wageguard.cases.models import CaseHistory, EnforcementCase
from wageguard.cases.services import measures, transfer, transition
from wageguard.cases.services.documents import record_service
from wageguard.cases.services.investigation import (
    assign_inspectors,
    record_incident,
    record_recovery,
    record_statement,
)
from wageguard.cases.services.projects import link_project
from wageguard.core.models import AuditEvent
from wageguard.org.rules import Role
from wageguard.projects.models import ProjectContractor
from wageguard.projects.services import record_deposit

from .conftest import direct_case

pytestmark = pytest.mark.django_db


def _day(n: int = 0) -> str:
    return (timezone.localdate() + dt.timedelta(days=n)).isoformat()


LONG = "x" * 2001


def _interview(case, who: list[int], interviewee: str) -> dict:
    return {
        "interviewee": interviewee,
        "interviewee_role": "worker",
        "held_at": (timezone.now() - dt.timedelta(hours=1)).isoformat(),
        "inspector_ids": who,
        "summary": "五至八月工资未发",
    }


# name -> (the case's stage it needs, good input, bad input, the field the refusal names).
# Stages: "filed"; "working" (investigating, two inspectors, the employer heard, filed 40 days
# ago); "lapsed" (working with an order to pay served and recorded as not complied);
# "document" (working with an order issued, its document not yet served); "transferred" (lapsed
# and handed to the police); "handled" (lapsed, then a handling decision not complied either);
# "enforceable" (handled 8 months ago, served, and reminded 20 days ago: a court may be asked);
# "violation" (an order to correct Decree 724 art. 55 item 1 lapsed, the hearing right not
# taken up); "requested" (an extension asked for); "decided"; "incident"; "recovered" (working,
# with one recovery of ¥100 recorded for the worker); "project" (working, linked to a Wuhou
# project on which its employer is a registered subcontractor). "@project", "@elsewhere" and
# "@gc" stand for a Wuhou project, a Jinjiang project and the project's general contractor.
SAMPLE: dict[str, tuple] = {
    "start_investigation": ("filed", {}, {"note": LONG}, "note"),
    "request_extension": ("working", {"reason": "涉及三级分包"}, {"reason": ""}, "reason"),
    "approve_extension": ("requested", {}, {"note": LONG}, "note"),
    "decide": ("working", {}, {"note": LONG}, "note"),
    "close": (
        "decided",
        {"report": "已结案", "exception_reason": "劳动者已起诉"},
        {"report": ""},
        "report",
    ),
    "assign": ("working", "pair", "one", "inspector_ids"),
    "interview": ("working", "interview", "interview-bad", "interviewee"),
    "evidence": (
        "working",
        {"kind": "document", "description": "工资表"},
        {"kind": "document", "description": ""},
        "description",
    ),
    "ledger_check": (
        "working",
        {"checked_on": _day(), "ledger_kept": False, "findings": "未编制台账"},
        {"checked_on": _day(), "ledger_kept": False, "findings": ""},
        "findings",
    ),
    "statement": (
        "working",
        {"kind": "waived", "received_on": _day()},
        {"kind": "waived", "received_on": _day(3)},
        "received_on",
    ),
    "add_worker": (
        "working",
        {"worker_name": "赵七", "amount_owed": "800"},
        {"worker_name": "", "amount_owed": "800"},
        "worker_name",
    ),
    "recovery": (
        "working",
        {"amount": "100", "recovered_on": _day(), "method": "employer"},
        {"amount": "99999", "recovered_on": _day(), "method": "employer"},
        "amount",
    ),
    "recover_all": (
        "working",
        {"recovered_on": _day(), "method": "employer", "confirmed": True},
        {"recovered_on": _day(), "method": "employer"},
        "confirmed",
    ),
    "withdraw_recovery": ("recovered", "withdraw", "withdraw-bad", "reason"),
    "add_party": (
        "working",
        {"role": "developer", "name": "成都开发有限公司"},
        {"role": "developer", "name": ""},
        "name",
    ),
    "add_person": (
        "working",
        {"role": "responsible", "name": "赵六"},
        {"role": "responsible", "name": ""},
        "name",
    ),
    "incident": (
        "working",
        {"occurred_on": _day(), "note": "二十人聚集讨薪"},
        {"occurred_on": _day(), "note": ""},
        "note",
    ),
    "withdraw_incident": ("incident", {"reason": "误记"}, {"reason": ""}, "reason"),
    "issue_order": ("working", {"deadline": _day(10)}, {"content": "限期支付"}, "deadline"),
    "issue_handling": (
        "lapsed",
        {"compensation_rate": "60", "deadline": _day(5)},
        {"compensation_rate": "120", "deadline": _day(5)},
        "compensation_rate",
    ),
    "issue_penalty": (
        "working",
        {"penalty_key": "423-30-1", "fine_amount": "2000"},
        {"penalty_key": "", "fine_amount": "2000"},
        "penalty_key",
    ),
    "issue_stoppage": (
        "violation",
        {"penalty_key": "724-55", "violation": "724-55-1"},
        {"penalty_key": "724-54-unit", "violation": "724-55-1"},
        "penalty_key",
    ),
    "issue_drawdown": (
        "lapsed",
        {"addressee": "成都银行武侯支行", "amount_due": "25000"},
        {"amount_due": "25000"},
        "addressee",
    ),
    "issue_reminder": ("handled", {"deadline": _day(10)}, {"content": "转账"}, "deadline"),
    "issue_court": ("enforceable", {"addressee": "武侯区人民法院"}, {"addressee": ""}, "addressee"),
    "outcome": ("order", {"complied": True, "on": _day()}, {"complied": True, "on": _day(3)}, "on"),
    "record_service": (
        "document",
        {"service_method": "direct", "served_on": _day(), "served_to": "张经理"},
        {"service_method": "direct", "served_on": _day(1)},
        "served_on",
    ),
    "transfer": (
        "lapsed",
        {"police_agency": "成都市公安局武侯区分局", "conduct": "order_ignored"},
        {"police_agency": "", "conduct": "order_ignored"},
        "police_agency",
    ),
    "police_response": (
        "transferred",
        {"response": "accepted", "on": _day()},
        {"response": "not_filed", "on": _day(), "reason": ""},
        "reason",
    ),
    "follow_up": ("transferred", {"on": _day(), "note": "电话询问"}, {"on": _day()}, "note"),
    "link_project": (
        "working",
        {"project_id": "@project", "note": "核对项目编码"},
        {"project_id": "@elsewhere"},
        "project_id",
    ),
    "deposit_drawdown": (
        "deposit",
        {"amount": "3000.00", "paid_on": _day(), "notice_number": "武人社保支〔2026〕1号"},
        {"amount": "999999.00", "paid_on": _day(), "notice_number": "武人社保支〔2026〕1号"},
        "amount",
    ),
    "liability": (
        "project",
        {"basis": "724-30-3", "liable_id": "@gc", "ordered": True, "reason": "分包单位无力支付"},
        {"basis": "724-30-4", "liable_id": "@gc", "ordered": True, "reason": "转包"},
        "basis",
    ),
}


def test_every_action_has_a_sample():
    assert set(SAMPLE) == set(ACTIONS.names())


@pytest.fixture
def people(make_user, inspector, colleague):
    return {
        "inspector": inspector,
        "colleague": colleague,
        "leader": make_user("wh-leader", Role.SUPERVISOR, "510107"),
        "reader": make_user("wh-auditor", Role.AUDITOR, "510107"),
        "outsider": make_user("jj-leader", Role.SUPERVISOR, "510104"),
    }


def _stage(stage: str, people: dict) -> tuple[EnforcementCase, object]:
    """The case at `stage`, and the row a row action acts on there."""
    user, colleague = people["inspector"], people["colleague"]
    case = direct_case(user)
    if stage == "filed":
        return case, None
    case = transition(case, "start_investigation", user)
    assign_inspectors(case, user, [user.pk, colleague.pk])
    EnforcementCase.objects.filter(pk=case.pk).update(
        filed_on=timezone.localdate() - dt.timedelta(days=40)
    )
    case.refresh_from_db()
    record_statement(case, user, kind="no_response", received_on=timezone.localdate())
    order = None
    if stage in ("project", "deposit"):
        project = _project(people)
        ProjectContractor.objects.create(project=project, enterprise=case.employer, role="labour")
        if stage == "deposit":
            record_deposit(
                project,
                user,
                form="cash",
                amount=Decimal("50000"),
                lodged_on=case.filed_on,
                bank="成都银行",
            )
        return link_project(case, user, project_id=project.pk), None
    if stage == "enforceable":
        return _enforceable(case, user), None
    if stage == "violation":
        day = timezone.localdate() - dt.timedelta(days=20)
        order = measures.issue_measure(
            case,
            user,
            "order",
            issued_on=day,
            deadline=day + dt.timedelta(days=10),
            violation="724-55-1",
        )
        measures.record_outcome(order, user, complied=False, on=timezone.localdate())
        record_statement(case, user, kind="hearing_not_requested", received_on=timezone.localdate())
        return case, None
    if stage in ("lapsed", "transferred", "order", "handled", "document"):
        day = timezone.localdate() - dt.timedelta(days=20)
        order = measures.issue_measure(
            case, user, "order", issued_on=day, deadline=day + dt.timedelta(days=10)
        )
        if stage not in ("order", "document"):
            record_service(order.document, user, service_method="direct", served_on=day)
            measures.record_outcome(order, user, complied=False, on=timezone.localdate())
    if stage == "order":
        return case, order
    if stage == "document":
        return case, order.document
    if stage == "handled":
        day = timezone.localdate() - dt.timedelta(days=8)
        handling = measures.issue_measure(
            case,
            user,
            "handling",
            issued_on=day,
            compensation_rate=60,
            deadline=day + dt.timedelta(days=6),
        )
        measures.record_outcome(handling, user, complied=False, on=timezone.localdate())
    if stage == "transferred":
        row = transfer.transfer_to_police(
            case, user, police_agency="武侯分局", conduct="order_ignored", checklist=[]
        )
        return case, row
    if stage == "requested":
        transition(case, "request_extension", user, reason="案情复杂")
    elif stage == "decided":
        case = transition(case, "decide", user)
    elif stage == "incident":
        record_incident(case, user, occurred_on=timezone.localdate(), note="聚集")
    elif stage == "recovered":
        record_recovery(
            case.workers.get(),
            user,
            amount=Decimal("100"),
            recovered_on=timezone.localdate(),
            method="employer",
        )
    return case, case.workers.get()


def _enforceable(case, user) -> EnforcementCase:
    """A handling decision served 8 months ago and not complied, and a reminder served 20 days
    ago: past the 6 months to sue and the 10 days after the reminder, within the 3 months."""
    today = timezone.localdate()
    EnforcementCase.objects.filter(pk=case.pk).update(filed_on=today - dt.timedelta(days=300))
    case.refresh_from_db()
    day = today - dt.timedelta(days=280)
    order = measures.issue_measure(
        case, user, "order", issued_on=day, deadline=day + dt.timedelta(days=10)
    )
    measures.record_outcome(order, user, complied=False, on=day + dt.timedelta(days=11))
    day = today - dt.timedelta(days=250)
    handling = measures.issue_measure(
        case,
        user,
        "handling",
        issued_on=day,
        compensation_rate=60,
        deadline=day + dt.timedelta(days=6),
    )
    measures.record_outcome(handling, user, complied=False, on=day + dt.timedelta(days=7))
    handling.document.served_on = day
    handling.document.save(update_fields=["served_on"])
    day = today - dt.timedelta(days=20)
    reminder = measures.issue_measure(
        case, user, "reminder", issued_on=day, deadline=day + dt.timedelta(days=5)
    )
    reminder.document.served_on = day
    reminder.document.save(update_fields=["served_on"])
    return case


def _project(people, elsewhere: bool = False):
    """A project of 武侯区 (or, `elsewhere`, of 锦江区), registered once."""
    from tests.projects.test_warnings import register
    from wageguard.org.bootstrap import create_agencies
    from wageguard.projects.models import Project

    code = "5101042026099" if elsewhere else "5101072026099"
    found = Project.objects.filter(code=code).first()
    if found is not None:
        return found
    create_agencies("51")
    if elsewhere:
        return register(people["outsider"], code=code, region="510104")
    return register(people["inspector"], code=code)


def _input(value, case, people) -> dict:
    if isinstance(value, dict) and any(str(v).startswith("@") for v in value.values()):
        refs = {
            "@project": lambda: _project(people).pk,
            "@elsewhere": lambda: _project(people, elsewhere=True).pk,
            "@gc": lambda: _project(people).general_contractor_id,
        }
        return {k: refs[v]() if v in refs else v for k, v in value.items()}
    ids = [people["inspector"].pk, people["colleague"].pk]
    if value == "pair":
        return {"inspector_ids": ids}
    if value == "one":
        return {"inspector_ids": ids[:1]}
    if value == "interview":
        return _interview(case, ids, "王五")
    if value == "interview-bad":
        return _interview(case, ids, "")
    if value in ("withdraw", "withdraw-bad"):
        recovery = case.workers.get().recoveries.get()
        return {"recovery_id": recovery.pk, "reason": "金额误记" if value == "withdraw" else ""}
    return dict(value)


def _api(client, action, case, row, body: dict):
    path = action.api.path
    if "{" in path:
        start, end = path.index("{"), path.index("}") + 1
        path = f"{path[:start]}{row.pk}{path[end:]}"
    url = f"/api/v1/cases/{case.pk}/{path}"
    if action.api.group:
        body = {action.api.key: action.api.value, **body}
    if action.name == "evidence":
        return client.post(url, body)
    return client.post(url, body, content_type="application/json")


def _page(client, action, case, row, body: dict):
    prefix = action.name if action.row is None else f"{action.name}-{row.pk}"
    url = f"/cases/{case.pk}/act/{action.name}/" + (f"{row.pk}/" if action.row else "")
    form = {}
    for key, value in body.items():
        if isinstance(value, bool):
            value = "1" if value else "0"
        form[f"{prefix}-{key}"] = value
    return client.post(url, form)


def _written(case, name: str) -> tuple[int, int]:
    history = CaseHistory.objects.filter(case=case).count()
    return history, AuditEvent.objects.filter(action=f"case.{name}").count()


@pytest.mark.parametrize("name", sorted(SAMPLE))
def test_action_contract(client, people, name):
    action = ACTIONS.get(name)
    stage, good, bad, field = SAMPLE[name]
    case, row = _stage(stage, people)
    row = row if action.row is not None else None
    good, bad = _input(good, case, people), _input(bad, case, people)
    before = _written(case, name)

    # Another jurisdiction: 404 on the API and the page; a reader's role: 403.
    for who, status in (("outsider", 404), ("reader", 403)):
        client.force_login(people[who])
        response = _api(client, action, case, row, good)
        assert response.status_code == status, (who, response.content)
        assert _page(client, action, case, row, good).status_code == status
    # Bad input: 422 naming the field on the API, the field's error on the page.
    client.force_login(people["leader"])
    response = _api(client, action, case, row, bad)
    assert response.status_code == 422, response.json()
    assert response.json()["field"] == field, response.json()
    page = _page(client, action, case, row, bad)
    assert page.status_code == 400 and f'data-field="{field}"' in page.content.decode()
    # Nothing written by any refusal (the refused page is a read of personal data: audited
    # as case.view, not as the action).
    assert CaseHistory.objects.filter(case=case).count() == before[0]
    assert AuditEvent.objects.filter(action=f"case.{name}").count() == before[1]

    response = _api(client, action, case, row, good)
    assert response.status_code == 200, response.json()
    assert CaseHistory.objects.filter(case=case, action=name).exists()
    assert AuditEvent.objects.filter(action=f"case.{name}", actor_id=people["leader"].pk).exists()
