"""Transfer to the police: meets / depends (needs the bureau's reason) / does not meet, the two
conducts and the absconding checklist, the letter read back, the police's answer, follow-ups."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tests import factories
from wageguard.cases.models import EnforcementCase
from wageguard.cases.rules import ABSCONDING_EVIDENCE
from wageguard.cases.services import measures, transfer
from wageguard.core.models import AuditEvent
from wageguard.org.rules import Role

from .conftest import backdate, direct_case, docx_text, serve

pytestmark = pytest.mark.django_db

POLICE = "成都市公安局武侯区分局"
FULL_CHECKLIST = list(ABSCONDING_EVIDENCE)


def _days(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)


def _case(inspector, colleague, amount="25000", months=4):
    case = direct_case(inspector, workers=[factories.worker("王五", amount, months)])
    return factories.under_investigation(case, inspector, [inspector, colleague])


def _order_ignored(case, user):
    backdate(case, 40)
    order = measures.issue_measure(case, user, "order", issued_on=_days(-20), deadline=_days(-5))
    serve(order, user)
    measures.record_outcome(order, user, complied=False, on=_days(-4))


def _transfer(case, user, **over):
    data = {"police_agency": POLICE, "conduct": "order_ignored", "checklist": []}
    data.update(over)
    return transfer.transfer_to_police(case, user, **data)


def test_meets_transfers_with_a_letter_and_the_case_stays_open(inspector, colleague):
    case = _case(inspector, colleague)
    with pytest.raises(ValidationError) as exc:
        _transfer(case, inspector)
    message = exc.value.message_dict["conduct"][0]
    assert "尚未以责令改正指令书或处理决定书责令支付" in message
    assert "《中华人民共和国刑法》第二百七十六条之一" in message and "3号）第四条" in message
    _order_ignored(case, inspector)
    row = _transfer(case, inspector)
    assert row.threshold_answer == "meets" and row.response == "pending"
    assert any("25,000.00 元" in r for r in row.threshold_reasons)
    text = docx_text(row.letter)
    assert row.letter.number in text and "监移" in row.letter.number and POLICE in text
    case = EnforcementCase.objects.get(pk=case.pk)
    assert case.state == "investigating"  # administrative recovery goes on
    assert case.history.filter(action="transfer").exists()
    assert AuditEvent.objects.filter(action="case.transfer").exists()
    # One transfer at a time while the police have not refused it.
    with pytest.raises(ValidationError) as exc:
        _transfer(case, inspector)
    assert "action" in exc.value.message_dict


def test_depends_on_the_provincial_figure_needs_the_bureau_reason(inspector, colleague):
    case = _case(inspector, colleague, amount="12000")
    _order_ignored(case, inspector)
    with pytest.raises(ValidationError) as exc:
        _transfer(case, inspector)
    assert "本省" in exc.value.message_dict["reason"][0]
    row = _transfer(case, inspector, reason="经核实，本省个人数额标准为一万元")
    assert row.threshold_answer == "depends_on_provincial_figure"
    assert row.threshold_reasons[-1] == "移送机关确认：经核实，本省个人数额标准为一万元"
    assert "一万元" in docx_text(row.letter)


def test_does_not_meet_is_refused_with_the_reasons(inspector, colleague):
    case = _case(inspector, colleague, amount="4999.99")
    _order_ignored(case, inspector)
    with pytest.raises(ValidationError) as exc:
        _transfer(case, inspector, reason="无论如何都要移送")
    message = exc.value.message_dict["threshold"][0]
    assert "未达到" in message and "4,999.99 元" in message
    assert not case.transfers.exists()


def test_absconded_needs_a_served_order_too_and_the_checklist(inspector, colleague):
    """Issue 9 item 1: absconding does not replace the order to pay (Criminal Law art. 276-1);
    for an absconded employer the order may be served by posting it (SPC2013 art. 4 para. 2),
    and its deadline must still lapse unpaid."""
    case = _case(inspector, colleague)
    backdate(case, 40)
    # No order at all: refused on the conduct, whatever the checklist.
    with pytest.raises(ValidationError) as exc:
        _transfer(case, inspector, conduct="absconded", checklist=FULL_CHECKLIST)
    assert "尚未以责令改正指令书或处理决定书责令支付" in exc.value.message_dict["conduct"][0]
    order = measures.issue_measure(
        case, inspector, "order", issued_on=_days(-20), deadline=_days(-5)
    )
    with pytest.raises(ValidationError) as exc:
        _transfer(case, inspector, conduct="absconded", checklist=FULL_CHECKLIST)
    assert f"{order.document.number}尚未登记送达" in exc.value.message_dict["conduct"][0]
    serve(
        order, inspector, method="posted", service_note="张贴于公司住所地及工地大门，已拍照、录像"
    )
    # Served and lapsed, but the outcome is not recorded yet.
    with pytest.raises(ValidationError) as exc:
        _transfer(case, inspector, conduct="absconded", checklist=FULL_CHECKLIST)
    assert "尚未登记履行情况" in exc.value.message_dict["conduct"][0]
    measures.record_outcome(order, inspector, complied=False, on=_days(-4))
    # Posting counts only for the absconding form.
    with pytest.raises(ValidationError) as exc:
        _transfer(case, inspector)
    message = exc.value.message_dict["conduct"][0]
    assert "张贴仅在行为人逃匿时" in message and "法释〔2013〕3号）第四条第二款" in message
    # The checklist: every required item, unknown ones refused, the former item dropped.
    with pytest.raises(ValidationError) as exc:
        _transfer(case, inspector, conduct="absconded", checklist=FULL_CHECKLIST[:2])
    message = exc.value.message_dict["checklist"][0]
    assert str(ABSCONDING_EVIDENCE["employment_and_amount"]) in message
    assert str(ABSCONDING_EVIDENCE["conduct"]) not in message
    with pytest.raises(ValidationError) as exc:
        _transfer(case, inspector, conduct="absconded", checklist=[*FULL_CHECKLIST, "bogus"])
    assert "bogus" in exc.value.message_dict["checklist"][0]
    row = _transfer(
        case,
        inspector,
        conduct="absconded",
        checklist=[*FULL_CHECKLIST, "notice_ignored", "order_served"],
    )
    assert row.threshold_answer == "meets" and row.conduct == "absconded"
    assert "order_served" not in row.checklist
    assert "张贴送达" in row.threshold_reasons[-1]
    assert EnforcementCase.objects.get(pk=case.pk).order_ignored_or_absconded is True
    letter = docx_text(row.letter)
    assert "张贴送达" in letter and "《中华人民共和国刑法》第二百七十六条之一" in letter


def test_an_order_served_after_its_deadline_does_not_count(inspector, colleague):
    case = _case(inspector, colleague)
    backdate(case, 40)
    order = measures.issue_measure(
        case, inspector, "order", issued_on=_days(-20), deadline=_days(-10)
    )
    serve(order, inspector, on=_days(-9))
    measures.record_outcome(order, inspector, complied=False, on=_days(-4))
    with pytest.raises(ValidationError) as exc:
        _transfer(case, inspector)
    assert "晚于履行期限" in exc.value.message_dict["conduct"][0]
    assert not case.transfers.exists()


def test_police_response_and_follow_ups(inspector, colleague, make_user):
    case = _case(inspector, colleague)
    _order_ignored(case, inspector)
    row = _transfer(case, inspector)
    with pytest.raises(PermissionDenied):
        transfer.record_police_response(
            row, make_user("jj", Role.INSPECTOR, "510104"), response="accepted", on=_days(0)
        )
    with pytest.raises(ValidationError) as exc:
        transfer.record_police_response(row, inspector, response="accepted", on=_days(-1))
    assert "on" in exc.value.message_dict
    row = transfer.record_police_response(
        row, inspector, response="accepted", on=_days(0), next_follow_up=_days(7)
    )
    assert row.response == "accepted" and row.next_follow_up == _days(7)
    with pytest.raises(ValidationError) as exc:
        transfer.record_police_response(row, inspector, response="not_filed", on=_days(0))
    assert "reason" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        transfer.add_follow_up(
            row, inspector, on=_days(0), note="电话询问", next_follow_up=_days(0)
        )
    assert "next_follow_up" in exc.value.message_dict
    follow = transfer.add_follow_up(
        row, inspector, on=_days(0), note="电话询问进展", next_follow_up=_days(5)
    )
    row.refresh_from_db()
    assert follow.transfer_id == row.pk and row.next_follow_up == _days(5)
    row = transfer.record_police_response(
        row, inspector, response="not_filed", on=_days(0), reason="证据不足"
    )
    assert row.response_reason == "证据不足" and row.next_follow_up is None
    with pytest.raises(ValidationError) as exc:
        transfer.record_police_response(row, inspector, response="filed", on=_days(0))
    assert "response" in exc.value.message_dict
    # Refused by the police: the bureau may transfer again with more evidence.
    again = _transfer(case, inspector)
    assert again.letter.number != row.letter.number
