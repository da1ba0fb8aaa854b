"""The case page's forms, each posted through /cases/<pk>/act/<what>/: the happy path changes
the case through its service and returns to the section; one bad input comes back (400) with
the service's message next to the field it names, and nothing is written."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests import factories
from wageguard.cases import services
from wageguard.cases.models import (
    CaseDocument,
    CaseParty,
    CasePerson,
    Decision,
    EnforcementCase,
    Evidence,
    Interview,
    LedgerCheck,
    PoliceTransfer,
    Statement,
)
from wageguard.cases.rules import ABSCONDING_EVIDENCE
from wageguard.cases.services import investigation
from wageguard.org.rules import Role

from .conftest import direct_case, serve

pytestmark = pytest.mark.django_db

ID = "11010519491231002X"


@pytest.fixture
def case(inspector) -> EnforcementCase:
    return direct_case(inspector)


@pytest.fixture
def working(case, inspector, colleague) -> EnforcementCase:
    """Under investigation with two inspectors (Decree 423 art. 16)."""
    return factories.under_investigation(case, inspector, [inspector, colleague])


def heard(case, user) -> None:
    investigation.record_statement(
        case, user, kind="waived", received_on=timezone.localdate(), speaker="张经理"
    )


def lapsed_order(case, user, violation: str = "") -> None:
    """An order to correct (`violation`, or to pay wages) issued 20 days ago, due 10 days ago,
    recorded not complied."""
    from wageguard.cases.services import measures

    EnforcementCase.objects.filter(pk=case.pk).update(filed_on=TODAY() - dt.timedelta(days=30))
    case.refresh_from_db()
    day = TODAY() - dt.timedelta(days=20)
    order = measures.issue_measure(
        case,
        user,
        "order",
        issued_on=day,
        deadline=day + dt.timedelta(days=10),
        violation=violation,
    )
    serve(order, user)
    measures.record_outcome(order, user, complied=False, on=TODAY())


def act(client, case, what: str, data: dict, item: int | None = None, **files):
    prefix = what if item is None else f"{what}-{item}"
    url = f"/cases/{case.pk}/act/{what}/" + (f"{item}/" if item else "")
    payload = {f"{prefix}-{k}": v for k, v in {**data, **files}.items()}
    # A measure is previewed first (test_document_format); this posts the confirmation.
    return client.post(url, {**payload, "_confirm": "1"})


def ok(response, anchor: str) -> None:
    assert response.status_code == 302, response.content.decode()[-4000:]
    assert response["Location"].endswith(f"#{anchor}")


def refused(response, field: str, text: str) -> str:
    assert response.status_code == 400
    body = response.content.decode()
    if field:
        assert f'data-field="{field}"' in body, body[-4000:]
    assert text in body
    return body


TODAY = timezone.localdate


def test_workflow_steps_and_extension(client, case, inspector, supervisor, colleague):
    client.force_login(inspector)
    ok(act(client, case, "start_investigation", {}), "workflow")
    case.refresh_from_db()
    assert case.state == "investigating"
    refused(
        act(client, case, "request_extension", {"reason": ""}),
        "reason",
        "请说明案情复杂需要延期的理由",
    )
    ok(
        act(client, case, "request_extension", {"reason": "涉及三级分包，需调取银行流水"}),
        "workflow",
    )
    assert client.post(f"/cases/{case.pk}/act/approve_extension/").status_code == 403
    body = client.get(f"/cases/{case.pk}/").content.decode()
    assert "已申请延期，待分管领导批准" in body
    client.force_login(supervisor)
    due = EnforcementCase.objects.get(pk=case.pk).due_date
    ok(act(client, case, "approve_extension", {}), "workflow")
    case.refresh_from_db()
    assert case.extended and case.due_date > due
    # Deciding needs two inspectors and the employer heard: refused with the article.
    # The step's refusal comes back in place, above its form (issue 14), not as a redirect.
    refused(act(client, case, "decide", {}), "", "第十六条")
    case.refresh_from_db()
    assert case.state == "investigating"
    investigation.assign_inspectors(case, inspector, [inspector.pk, colleague.pk])
    heard(case, inspector)
    ok(act(client, case, "decide", {}), "workflow")
    body = client.get(f"/cases/{case.pk}/").content.decode()
    assert 'data-testid="close-blockers"' in body and "劳动者 王五 尚欠 25,000.00 元" in body
    refused(act(client, case, "close", {"report": ""}), "report", "请填写结案报告")
    response = act(client, case, "close", {"report": "已结案。"})
    body = refused(response, "exception_reason", "尚有未了结事项")
    assert "已结案。" in body  # the typed report is kept on the refused form
    ok(
        act(client, case, "close", {"report": "已结案。", "exception_reason": "劳动者已起诉"}),
        "workflow",
    )
    case.refresh_from_db()
    assert case.state == "closed" and case.closing_exception == "劳动者已起诉"
    body = client.get(f"/cases/{case.pk}/").content.decode()
    assert 'data-testid="closing-report"' in body and 'data-act="close"' not in body


def test_assign_inspectors(client, case, inspector, colleague, make_user):
    client.force_login(inspector)
    refused(
        act(client, case, "assign", {"inspector_ids": [inspector.pk]}),
        "inspector_ids",
        "不得少于 2 人",
    )
    stranger = make_user("jj-x", Role.INSPECTOR, "510104")
    response = act(client, case, "assign", {"inspector_ids": [inspector.pk, stranger.pk]})
    assert response.status_code == 400  # not a choice: another bureau's inspector
    ok(
        act(
            client,
            case,
            "assign",
            {"inspector_ids": [inspector.pk, colleague.pk], "lead_id": colleague.pk},
        ),
        "investigation",
    )
    assert set(case.inspectors.values_list("user_id", "lead")) == {
        (inspector.pk, False),
        (colleague.pk, True),
    }


def test_interview(client, working, inspector, colleague):
    client.force_login(inspector)
    data = {
        "interviewee": "王五",
        "interviewee_role": "worker",
        "held_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "place": "项目部",
        "inspector_ids": [inspector.pk],
        "summary": "王五称 5 月至 8 月工资未发。",
    }
    refused(act(client, working, "interview", data), "inspector_ids", "2")
    ok(
        act(client, working, "interview", {**data, "inspector_ids": [inspector.pk, colleague.pk]}),
        "investigation",
    )
    interview = Interview.objects.get(case=working)
    assert interview.summary.startswith("王五称") and interview.inspectors.count() == 2
    assert "王五称 5 月至 8 月工资未发。" in client.get(f"/cases/{working.pk}/").content.decode()


def test_evidence_upload_is_stored_and_served_back(client, working, inspector, make_user):
    client.force_login(inspector)
    bad = SimpleUploadedFile("a.txt", b"plain text", content_type="text/plain")
    refused(
        act(client, working, "evidence", {"kind": "document", "description": "工资表"}, upload=bad),
        "upload",
        "不是 JPEG、PNG 图片或 PDF 文件",
    )
    pdf = SimpleUploadedFile("工资表.pdf", b"%PDF-1.4 payroll", content_type="application/pdf")
    ok(
        act(client, working, "evidence", {"kind": "ledger", "description": "工资表"}, upload=pdf),
        "investigation",
    )
    item = Evidence.objects.get(case=working, description="工资表")
    response = client.get(f"/cases/{working.pk}/evidence/{item.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 payroll"
    client.force_login(make_user("jj-sup", Role.SUPERVISOR, "510104"))
    assert client.get(f"/cases/{working.pk}/evidence/{item.pk}/").status_code == 404


def test_ledger_check_and_statement(client, working, inspector):
    client.force_login(inspector)
    today = TODAY().isoformat()
    refused(
        act(
            client,
            working,
            "ledger_check",
            {"checked_on": today, "ledger_kept": "0", "findings": ""},
        ),
        "findings",
        "请填写检查情况",
    )
    ok(
        act(
            client,
            working,
            "ledger_check",
            {"checked_on": today, "ledger_kept": "0", "period": "2026-05", "findings": "未编制"},
        ),
        "investigation",
    )
    assert LedgerCheck.objects.get(case=working).ledger_kept is False
    refused(
        act(
            client,
            working,
            "statement",
            {"kind": "statement", "received_on": today, "content": "无力支付", "adopted": "0"},
        ),
        "response",
        "请写明复核意见",
    )
    ok(
        act(
            client,
            working,
            "statement",
            {
                "kind": "statement",
                "received_on": today,
                "speaker": "张经理",
                "content": "无力支付",
                "adopted": "0",
                "response": "理由不成立",
            },
        ),
        "investigation",
    )
    assert Statement.objects.get(case=working).adopted is False


def test_worker_line_and_recovery(client, working, inspector):
    client.force_login(inspector)
    refused(
        act(
            client,
            working,
            "add_worker",
            {"worker_name": "赵六", "id_number": "123", "amount_owed": "5000"},
        ),
        "id_number",
        "身份证号码",
    )
    ok(
        act(
            client,
            working,
            "add_worker",
            {"worker_name": "赵六", "amount_owed": "5000", "months_unpaid": "2"},
        ),
        "workers",
    )
    line = working.workers.get(worker_name="赵六")
    today = TODAY().isoformat()
    data = {"amount": "6000", "recovered_on": today, "method": "employer"}
    refused(act(client, working, "recovery", data, item=line.pk), "amount", "不能超过")
    ok(act(client, working, "recovery", {**data, "amount": "5000"}, item=line.pk), "workers")
    line.refresh_from_db()
    assert line.amount_recovered == 5000
    body = client.get(f"/cases/{working.pk}/").content.decode().replace(",", "")
    assert 'data-testid="recovered-total">5000.00' in body
    assert 'data-testid="owed-total">30000.00' in body


def test_parties_and_persons(client, working, inspector):
    client.force_login(inspector)
    refused(
        act(
            client,
            working,
            "add_party",
            {"role": "general_contractor", "name": "某总包", "credit_code": "123"},
        ),
        "credit_code",
        "统一社会信用代码",
    )
    ok(
        act(
            client,
            working,
            "add_party",
            {"role": "general_contractor", "name": "四川某建工集团有限公司"},
        ),
        "parties",
    )
    party = CaseParty.objects.get(case=working, role="general_contractor")
    refused(
        act(
            client,
            working,
            "add_person",
            {"role": "responsible", "name": "李经理", "id_number": "51010"},
        ),
        "id_number",
        "身份证号码",
    )
    ok(
        act(
            client,
            working,
            "add_person",
            {
                "role": "legal_representative",
                "name": "陈总",
                "id_number": ID,
                "enterprise_id": party.enterprise_id,
            },
        ),
        "parties",
    )
    assert CasePerson.objects.get(case=working).enterprise_id == party.enterprise_id
    body = client.get(f"/cases/{working.pk}/").content.decode()
    assert "四川某建工集团有限公司" in body and "陈总" in body


def test_order_shows_its_article_document_and_outcome(client, working, inspector):
    client.force_login(inspector)
    deadline = (TODAY() + dt.timedelta(days=15)).isoformat()
    refused(
        act(client, working, "issue_order", {"content": "限期支付"}), "deadline", "请填写履行期限"
    )
    assert not Decision.objects.exists()
    ok(act(client, working, "issue_order", {"deadline": deadline}), "measures")
    order = Decision.objects.get(case=working)
    body = client.get(f"/cases/{working.pk}/").content.decode()
    assert 'data-testid="measure-article">《劳动保障监察条例》第二十六条' in body
    assert order.document.number in body
    assert f'href="/cases/{working.pk}/documents/{order.document.pk}/"' in body
    data = {"complied": "0", "on": TODAY().isoformat()}
    refused(act(client, working, "outcome", data, item=order.pk), "on", "期限届满后")
    ok(act(client, working, "outcome", {**data, "complied": "1"}, item=order.pk), "measures")
    order.refresh_from_db()
    assert order.state == "complied"


def test_penalty_form_shows_ranges_and_refuses_a_fine_outside_its_article(
    client, working, inspector
):
    client.force_login(inspector)
    heard(working, inspector)
    lapsed_order(working, inspector)  # an order to pay wages: no Decree 724 fine follows it
    body = client.get(f"/cases/{working.pk}/").content.decode()
    assert 'data-testid="penalty-ranges"' in body and "50%" in body
    assert "《保障农民工工资支付条例》第五十四条（单位）：20,000.00–50,000.00 元" in body
    assert "《劳动保障监察条例》第三十条第（一）项：2,000.00–20,000.00 元" in body
    # Decree 423 art. 30 item (4): listed as not fineable, refused naming the article.
    table = body.split('data-testid="penalty-ranges"')[1].split("</table>")[0]
    assert 'data-penalty="423-30-4"' in table and "不予罚款" in table
    refused(
        act(client, working, "issue_penalty", {"penalty_key": "423-30-4", "fine_amount": "2000"}),
        "penalty_key",
        "第三十条第（四）项",
    )
    fine = {"penalty_key": "724-54-unit", "violation": "724-54-2"}
    refused(
        act(client, working, "issue_penalty", {**fine, "fine_amount": "30000"}),
        "",
        "第五十四条第（二）项",
    )
    lapsed_order(working, inspector, "724-54-2")
    body = client.get(f"/cases/{working.pk}/").content.decode()
    assert "未编制工资支付台账并依法保存" in body.split('data-testid="measures"')[1]
    refused(
        act(client, working, "issue_penalty", {**fine, "fine_amount": "1000"}),
        "fine_amount",
        "20,000.00 至 50,000.00",
    )
    ok(act(client, working, "issue_penalty", {**fine, "fine_amount": "30000"}), "measures")
    penalty = Decision.objects.get(case=working, kind="penalty")
    assert penalty.fine_amount == 30000 and "第五十四条" in penalty.article


def test_handling_needs_a_lapsed_order(client, working, inspector):
    client.force_login(inspector)
    heard(working, inspector)
    deadline = (TODAY() + dt.timedelta(days=15)).isoformat()
    response = act(
        client, working, "issue_handling", {"compensation_rate": "60", "deadline": deadline}
    )
    body = refused(response, "", "逾期未支付后作出")
    assert 'min="50"' in body and 'max="100"' in body


def test_transfer_response_and_follow_up(client, working, inspector):
    from wageguard.cases.services import measures

    client.force_login(inspector)
    body = client.get(f"/cases/{working.pk}/").content.decode()
    assert str(ABSCONDING_EVIDENCE["conduct"]) in body
    data = {
        "police_agency": "成都市公安局武侯区分局",
        "conduct": "absconded",
        "checklist": list(ABSCONDING_EVIDENCE),
    }
    # Absconding needs the order to pay too (Criminal Law art. 276-1; SPC2013 art. 4).
    refused(act(client, working, "transfer", data), "conduct", "尚未以责令改正指令书")
    EnforcementCase.objects.filter(pk=working.pk).update(filed_on=TODAY() - dt.timedelta(days=30))
    working.refresh_from_db()
    day = TODAY() - dt.timedelta(days=20)
    order = measures.issue_measure(
        working, inspector, "order", issued_on=day, deadline=day + dt.timedelta(days=10)
    )
    body = client.get(f"/cases/{working.pk}/").content.decode()
    assert f'data-document="{order.document_id}" data-served="0"' in body and "未送达" in body
    # Posted: the note must say where, and that it was photographed or filmed.
    posted = {"service_method": "posted", "served_on": day.isoformat(), "service_note": "张贴"}
    refused(
        act(client, working, "record_service", posted, item=order.document_id),
        "service_note",
        "拍照或录像",
    )
    posted["service_note"] = "张贴于公司住所地大门，已拍照、录像"
    ok(act(client, working, "record_service", posted, item=order.document_id), "documents")
    body = client.get(f"/cases/{working.pk}/").content.decode()
    assert f'data-document="{order.document_id}" data-served="1"' in body
    measures.record_outcome(order, inspector, complied=False, on=TODAY())
    refused(
        act(client, working, "transfer", {**data, "checklist": ["conduct"]}),
        "checklist",
        "逃匿情形移送前还缺少以下证据",
    )
    assert not PoliceTransfer.objects.exists()
    ok(
        act(client, working, "transfer", {**data, "checklist": list(ABSCONDING_EVIDENCE)}),
        "transfer",
    )
    transfer = PoliceTransfer.objects.get(case=working)
    assert transfer.threshold_answer == "meets" and transfer.letter is not None
    on = TODAY().isoformat()
    refused(
        act(
            client,
            working,
            "police_response",
            {"response": "not_filed", "on": on},
            item=transfer.pk,
        ),
        "reason",
        "不予立案理由",
    )
    ok(
        act(
            client, working, "police_response", {"response": "accepted", "on": on}, item=transfer.pk
        ),
        "transfer",
    )
    refused(
        act(client, working, "follow_up", {"on": on, "note": ""}, item=transfer.pk),
        "note",
        "跟踪情况",
    )
    ok(
        act(client, working, "follow_up", {"on": on, "note": "电话询问进展"}, item=transfer.pk),
        "transfer",
    )
    transfer.refresh_from_db()
    assert transfer.response == "accepted" and transfer.follow_ups.count() == 1
    body = client.get(f"/cases/{working.pk}/").content.decode()
    assert "电话询问进展" in body and transfer.letter.number in body


def test_unknown_form_or_item_of_another_case_is_404(client, working, inspector):
    client.force_login(inspector)
    assert client.post(f"/cases/{working.pk}/act/delete_everything/").status_code == 404
    assert client.post(f"/cases/{working.pk}/act/recovery/").status_code == 404
    other = services.file_case(
        inspector,
        region="510107",
        employer_name="另一公司",
        workers=[{"worker_name": "甲", "amount_owed": Decimal("1")}],
    )
    line = other.workers.get()
    assert act(client, working, "recovery", {"amount": "1"}, item=line.pk).status_code == 404
    assert client.get(f"/cases/{working.pk}/act/start_investigation/").status_code == 405


def test_taskforce_reads_but_sees_no_forms(client, working, make_user):
    client.force_login(make_user("prov", Role.TASKFORCE, "510000"))
    body = client.get(f"/cases/{working.pk}/").content.decode()
    assert "data-act=" not in body
    assert client.post(f"/cases/{working.pk}/act/interview/").status_code == 403


def test_lapsed_order_then_handling_drawdown_stoppage_and_court(client, working, inspector):
    """The chain a bureau follows when the employer does not pay, all through the page: the
    stoppage after an order to correct its violation lapsed and the hearing right recorded; the
    court after the litigation period and 10 days after a served reminder, the page showing
    from when to when."""
    from wageguard.cases.rules.preconditions import court_window

    EnforcementCase.objects.filter(pk=working.pk).update(filed_on=TODAY() - dt.timedelta(days=300))
    client.force_login(inspector)
    heard(working, inspector)

    def days(n: int) -> str:
        return (TODAY() + dt.timedelta(days=n)).isoformat()

    ok(
        act(client, working, "issue_order", {"issued_on": days(-280), "deadline": days(-270)}),
        "measures",
    )
    order = Decision.objects.get(case=working, kind="order")
    assert order.article == "《劳动保障监察条例》第二十六条"
    ok(act(client, working, "outcome", {"complied": "0", "on": days(0)}, item=order.pk), "measures")
    refused(
        act(client, working, "issue_handling", {"compensation_rate": "120", "deadline": days(5)}),
        "compensation_rate",
        "50% 至 100%",
    )
    ok(
        act(
            client,
            working,
            "issue_handling",
            {"issued_on": days(-260), "compensation_rate": "60", "deadline": days(-250)},
        ),
        "measures",
    )
    handling = Decision.objects.get(case=working, kind="handling")
    assert handling.compensation_amount == 15000  # 60% of the 25,000 outstanding
    ok(
        act(client, working, "outcome", {"complied": "0", "on": days(0)}, item=handling.pk),
        "measures",
    )
    refused(act(client, working, "issue_drawdown", {"amount_due": "25000"}), "addressee", "银行")
    ok(
        act(
            client,
            working,
            "issue_drawdown",
            {"addressee": "成都银行武侯支行", "amount_due": "25000"},
        ),
        "measures",
    )
    body = client.get(f"/cases/{working.pk}/").content.decode()
    form = body.split('data-form="issue_stoppage"')[1].split("</details>")[0]
    assert "724-54-unit" not in form and "724-55-1" in form and "724-56-1" not in form
    refused(
        act(client, working, "issue_stoppage", {"penalty_key": "724-54-unit"}),
        "penalty_key",
        "",
    )
    stop = {"penalty_key": "724-55", "violation": "724-55-1"}
    # The order to pay wages lapsed, not an order to correct the dedicated account.
    refused(act(client, working, "issue_stoppage", stop), "", "第五十五条第（一）项")
    ok(
        act(
            client,
            working,
            "issue_order",
            {"issued_on": days(-240), "deadline": days(-230), "violation": "724-55-1"},
        ),
        "measures",
    )
    fix = Decision.objects.get(case=working, kind="order", violation="724-55-1")
    ok(act(client, working, "outcome", {"complied": "0", "on": days(0)}, item=fix.pk), "measures")
    refused(act(client, working, "issue_stoppage", stop), "", "第六十三条第（四）项")
    ok(
        act(
            client,
            working,
            "statement",
            {"kind": "hearing_not_requested", "received_on": days(0)},
        ),
        "investigation",
    )
    ok(act(client, working, "issue_stoppage", stop), "measures")
    # Court: the handling decision served 258 days ago; no reminder yet.
    CaseDocument.objects.filter(pk=handling.document_id).update(
        served_on=TODAY() - dt.timedelta(days=258)
    )
    body = client.get(f"/cases/{working.pk}/").content.decode()
    window = court_window(TODAY() - dt.timedelta(days=258), None)
    shown = body.split('data-testid="court-window"')[1].split("</div>")[0]
    assert f"{window.litigation_end:%Y-%m-%d}" in shown and "尚未登记催告书送达" in shown
    refused(act(client, working, "issue_court", {"addressee": "武侯区人民法院"}), "", "催告")
    ok(
        act(
            client,
            working,
            "issue_reminder",
            {"issued_on": days(-20), "deadline": days(-12), "content": "转账支付"},
        ),
        "measures",
    )
    reminder = Decision.objects.get(case=working, kind="reminder")
    CaseDocument.objects.filter(pk=reminder.document_id).update(
        served_on=TODAY() - dt.timedelta(days=20)
    )
    window = court_window(TODAY() - dt.timedelta(days=258), TODAY() - dt.timedelta(days=20))
    body = client.get(f"/cases/{working.pk}/").content.decode()
    shown = body.split('data-testid="court-window"')[1].split("</div>")[0]
    assert f"{window.first:%Y-%m-%d} 至 {window.last:%Y-%m-%d}" in shown
    ok(act(client, working, "issue_court", {"addressee": "武侯区人民法院"}), "measures")
    made = Decision.objects.filter(case=working).order_by("id")
    kinds = list(made.values_list("kind", flat=True))
    assert kinds == ["order", "handling", "drawdown", "order", "stoppage", "reminder", "court"]
    assert all(d.document_id for d in Decision.objects.filter(case=working))
    body = client.get(f"/cases/{working.pk}/").content.decode()
    assert "《保障农民工工资支付条例》第五十五条" in body and "武侯区人民法院" in body
    assert "《劳动保障监察条例》第三十一条" not in body


HX = {"HTTP_HX_REQUEST": "true"}


def hx_act(client, case, what: str, data: dict, item: int | None = None):
    prefix = what if item is None else f"{what}-{item}"
    url = f"/cases/{case.pk}/act/{what}/" + (f"{item}/" if item else "")
    return client.post(url, {f"{prefix}-{k}": v for k, v in data.items()}, **HX)


def test_htmx_answers_with_the_section(client, working, inspector):
    """Posted with htmx, an action is answered with its section alone: updated on success,
    the bound form with its errors in place on refusal (200, htmx swaps only 2xx)."""
    client.force_login(inspector)
    refused = hx_act(client, working, "add_worker", {"worker_name": "赵七", "amount_owed": ""})
    body = refused.content.decode()
    assert refused.status_code == 200 and "<html" not in body
    assert body.startswith('<section id="workers"') and 'data-field="amount_owed"' in body
    assert 'value="赵七"' in body  # the input is kept
    assert not working.workers.filter(worker_name="赵七").exists()
    done = hx_act(client, working, "add_worker", {"worker_name": "赵七", "amount_owed": "800"})
    body = done.content.decode()
    assert done.status_code == 200 and body.startswith('<section id="workers"')
    assert 'data-testid="notice"' in body and "alert-success" in body and "赵七" in body
    assert 'data-form="add_worker"' in body  # a fresh form for the next line


def test_htmx_workflow_step_reloads_the_page(client, case, inspector):
    client.force_login(inspector)
    response = hx_act(client, case, "start_investigation", {})
    assert response.status_code == 200
    assert response["HX-Refresh"] == "true"
    case.refresh_from_db()
    assert case.state == "investigating"


def test_forms_post_with_htmx_into_their_section(client, working, inspector):
    client.force_login(inspector)
    body = client.get(f"/cases/{working.pk}/").content.decode()
    assert f'hx-post="/cases/{working.pk}/act/add_worker/" hx-target="#workers"' in body
    assert 'hx-encoding="multipart/form-data"' in body  # the evidence upload
