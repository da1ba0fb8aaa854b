"""Filing (from a clue and directly), the number sequence, the workflow and the threshold."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tests import factories
from wageguard.cases import services
from wageguard.cases.models import (
    CaseHistory,
    CriminalThresholdSetting,
    EnforcementCase,
    next_number,
)
from wageguard.cases.rules import Answer, case_due
from wageguard.cases.services.investigation import assign_inspectors, record_statement
from wageguard.clues.models import ClueHistory
from wageguard.clues.services import transition as clue_transition
from wageguard.core.models import AuditEvent
from wageguard.org.rules import Role

pytestmark = pytest.mark.django_db


def _direct(user, **over):
    """王五 owed ¥12,000 for 4 months, no id number."""
    over.setdefault("workers", [factories.worker("王五", "12000", 4)])
    return factories.case(user, **over)


def test_conversion_carries_lines_and_links_both_ways(verifying_clue, inspector):
    clue = clue_transition(verifying_clue, "convert_to_case", inspector, note="转立案")
    case = EnforcementCase.objects.get(clue=clue)
    assert clue.state == "converted"
    assert list(clue.cases.all()) == [case]
    assert case.region_id == "510107" and case.agency_id == clue.agency_id
    assert case.employer_name == "四川鑫达建筑工程有限公司"
    assert case.employer_name_norm and case.source == "clue"
    lines = list(case.workers.values_list("worker_name", "amount_owed", "months_unpaid", "method"))
    assert lines == [
        ("张三", Decimal("21000.00"), 4, ""),
        ("李四", Decimal("8000.00"), 4, "employer"),
    ]
    assert case.amount_owed == Decimal("29000") and case.amount_recovered == Decimal("2000")
    assert case.number.startswith("武人社监案〔") and case.number.endswith("〕1号")
    history = ClueHistory.objects.get(clue=clue, action="convert_to_case")
    assert history.data["case"] == case.number
    assert CaseHistory.objects.filter(case=case, action="file").exists()
    assert AuditEvent.objects.filter(action="case.file").exists()
    assert case.due_date == case_due(case.filed_on).date
    assert case.state == "filed"


def test_numbers_per_agency_and_year_never_reused(inspector, make_user):
    first = _direct(inspector)
    second = _direct(inspector)
    year = first.year
    assert first.number == f"武人社监案〔{year}〕1号"
    assert second.number == f"武人社监案〔{year}〕2号"
    # Another county's bureau counts on its own.
    other = _direct(make_user("jj", Role.INSPECTOR, "510104"), region="510104")
    assert other.number == f"锦人社监案〔{year}〕1号"
    # Deleting a case never frees its number.
    second.delete()
    assert _direct(inspector).number == f"武人社监案〔{year}〕3号"
    assert next_number(first.agency, "case", 2031)[1] == "武人社监案〔2031〕1号"


def test_direct_filing_validates_fields(inspector):
    with pytest.raises(ValidationError) as exc:
        _direct(inspector, employer_name="")
    assert "employer_name" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        _direct(inspector, employer_credit_code="91510100MA61234567")
    assert "employer_credit_code" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        _direct(inspector, workers=[{"worker_name": "王五", "amount_owed": Decimal("-1")}])
    assert "amount_owed" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        _direct(
            inspector,
            workers=[
                {
                    "worker_name": "王五",
                    "amount_owed": Decimal("10"),
                    "amount_recovered": Decimal("11"),
                }
            ],
        )
    assert "amount_recovered" in exc.value.message_dict


def test_other_county_cannot_file_or_act(inspector, make_user):
    outsider = make_user("jj2", Role.INSPECTOR, "510104")
    with pytest.raises(PermissionDenied):
        _direct(outsider)
    case = _direct(inspector)
    with pytest.raises(PermissionDenied):
        services.transition(case, "start_investigation", outsider)
    clerk = make_user("wh-clerk", Role.CLERK, "510107")
    with pytest.raises(PermissionDenied):
        services.transition(case, "start_investigation", clerk)


def test_workflow_and_extension(inspector, supervisor):
    case = _direct(inspector)
    case = services.transition(case, "start_investigation", inspector)
    assert case.state == "investigating"
    with pytest.raises(PermissionDenied):
        services.transition(case, "approve_extension", inspector)
    with pytest.raises(ValidationError) as exc:
        services.transition(case, "approve_extension", supervisor)
    assert "action" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.transition(case, "request_extension", inspector)
    assert "reason" in exc.value.message_dict
    services.transition(case, "request_extension", inspector, reason="涉及多个分包单位")
    case = services.transition(case, "approve_extension", supervisor)
    assert case.extended and case.due_date == case_due(case.filed_on, extended=True).date
    with pytest.raises(ValidationError):
        services.transition(case, "request_extension", inspector, reason="再次")
    with pytest.raises(ValidationError) as exc:
        services.transition(case, "close", inspector)
    assert "不能执行" in exc.value.message_dict["action"][0]
    # Deciding needs two inspectors (Decree 423 art. 16) and the employer heard (art. 19).
    with pytest.raises(ValidationError) as exc:
        services.transition(case, "decide", inspector)
    message = exc.value.message_dict["action"][0]
    assert "第十六条" in message and "第十九条" in message
    assign_inspectors(case, inspector, [inspector.pk, supervisor.pk])
    with pytest.raises(ValidationError) as exc:
        services.transition(case, "decide", inspector)
    assert "第十九条" in exc.value.message_dict["action"][0]
    record_statement(case, inspector, kind="waived", received_on=case.filed_on)
    case = services.transition(case, "decide", inspector)
    assert case.decided_on is not None
    case = services.transition(case, "close", supervisor, report="已全部支付", exception_reason="x")
    assert case.state == "closed" and case.closed_on is not None
    actions = list(case.history.values_list("action", flat=True))
    assert actions == [
        "file",
        "start_investigation",
        "request_extension",
        "approve_extension",
        "assign",
        "statement",
        "decide",
        "close",
    ]


def test_threshold_for_case_uses_province_setting(inspector):
    case = _direct(
        inspector,
        workers=[{"worker_name": "王五", "amount_owed": Decimal("12000"), "months_unpaid": 4}],
        order_ignored_or_absconded=True,
    )
    result = services.threshold_for(case)
    # The stored flag no longer stands for the served, lapsed order (issue 9 item 1).
    assert result.answer == Answer.NOT_YET and result.amount_answer == Answer.DEPENDS
    assert any("四川省尚未设定数额标准" in r for r in result.reasons)
    setting = CriminalThresholdSetting.for_province("51")
    setting.individual_amount = Decimal(10000)
    setting.cumulative_amount = Decimal(50000)
    setting.save()
    assert services.threshold_for(case).amount_answer == Answer.MEETS
    setting.individual_amount = Decimal(4000)
    with pytest.raises(ValidationError):
        setting.save()


def test_months_of_a_clue_period_and_of_a_worker_line(inspector):
    """A clue's "YYYY-MM" period (first-of-month dates) names whole months: May to August is 4;
    a period given to the day counts whole months elapsed (法释〔2013〕3号第三条: 3 months
    means three full months)."""
    from wageguard.clues.models import Clue

    def clue(start, end):
        return services.clue_months(Clue(period_start=start, period_end=end))

    assert clue(dt.date(2026, 5, 1), dt.date(2026, 8, 1)) == 4
    assert clue(dt.date(2025, 12, 1), dt.date(2026, 2, 1)) == 3
    assert clue(dt.date(2026, 5, 31), dt.date(2026, 7, 1)) == 1  # given to the day
    assert clue(None, dt.date(2026, 2, 1)) == 0
    worker = {"worker_name": "王五", "amount_owed": Decimal("25000")}
    line = services.clean_worker(
        {**worker, "period_start": dt.date(2026, 5, 31), "period_end": dt.date(2026, 7, 1)}
    )
    assert line["months_unpaid"] == 1  # a month and a day, not the 3 calendar months touched
    line = services.clean_worker(
        {**worker, "period_start": dt.date(2026, 5, 1), "period_end": dt.date(2026, 7, 31)}
    )
    assert line["months_unpaid"] == 3
    line = services.clean_worker(
        {**worker, "period_start": dt.date(2026, 5, 1), "period_end": dt.date(2026, 7, 30)}
    )
    assert line["months_unpaid"] == 2
    # What the inspector states wins over the dates.
    line = services.clean_worker(
        {
            **worker,
            "months_unpaid": 5,
            "period_start": dt.date(2026, 5, 31),
            "period_end": dt.date(2026, 7, 1),
        }
    )
    assert line["months_unpaid"] == 5


def test_no_extension_after_the_due_date(inspector, supervisor):
    """Decree 423 art. 17: once the 60 working days ran out, neither the request nor the
    approval is taken; the refusal names the due date (field "action")."""
    today = timezone.localdate()
    case = services.transition(_direct(inspector), "start_investigation", inspector)
    yesterday = today - dt.timedelta(days=1)
    EnforcementCase.objects.filter(pk=case.pk).update(due_date=yesterday)
    with pytest.raises(ValidationError) as exc:
        services.transition(case, "request_extension", inspector, reason="案情复杂")
    assert f"{yesterday:%Y-%m-%d}" in exc.value.message_dict["action"][0]
    EnforcementCase.objects.filter(pk=case.pk).update(due_date=today)  # the last day: in time
    services.transition(case, "request_extension", inspector, reason="案情复杂")
    EnforcementCase.objects.filter(pk=case.pk).update(due_date=yesterday)
    with pytest.raises(ValidationError) as exc:
        services.transition(case, "approve_extension", supervisor)
    assert "届满" in exc.value.message_dict["action"][0]
    case.refresh_from_db()
    assert not case.extended and case.due_date == yesterday


def test_bureaus_sharing_a_prefix_both_get_their_first_number(make_user):
    """成都市 and 成华区 both abbreviate to 成人社: each files its own 1号 without a clash."""
    city = _direct(make_user("cd", Role.INSPECTOR, "510100"), region="510100")
    chenghua = _direct(make_user("ch", Role.INSPECTOR, "510108"), region="510108")
    assert city.number == chenghua.number == f"成人社监案〔{city.year}〕1号"
    assert city.agency_id != chenghua.agency_id


def test_services_take_typed_values_and_refuse_strings(investigating, inspector):
    """The form or the API schema types the input; a service checks what it is given and never
    parses a string, so a caller that forgot to type a value hears which field it was."""
    from wageguard.cases.services.common import clean_amount, clean_date, clean_text
    from wageguard.cases.services.investigation import record_ledger_check

    with pytest.raises(ValidationError) as exc:
        clean_date("2026-01-05", "checked_on", "检查日期")
    assert list(exc.value.message_dict) == ["checked_on"]
    assert clean_date(dt.date(2026, 1, 5), "checked_on", "检查日期") == dt.date(2026, 1, 5)
    for value in ("9000", 9000.0, True, None):
        with pytest.raises(ValidationError) as exc:
            clean_amount(value, "amount_owed", "欠薪金额")
        assert list(exc.value.message_dict) == ["amount_owed"]
    assert clean_amount(9000, "amount_owed", "欠薪金额") == Decimal("9000.00")
    assert clean_amount(Decimal("1.005"), "amount_owed", "欠薪金额") == Decimal("1.00")
    with pytest.raises(ValidationError) as exc:
        clean_text(12, "note", "说明", 10)
    assert list(exc.value.message_dict) == ["note"]
    with pytest.raises(ValidationError) as exc:
        services.clean_worker({"worker_name": "王五", "amount_owed": "25000"})
    assert list(exc.value.message_dict) == ["amount_owed"]
    with pytest.raises(ValidationError) as exc:
        record_ledger_check(
            investigating,
            inspector,
            checked_on="2026-01-05",
            ledger_kept=False,
            period="",
            findings="无台账",
        )
    assert list(exc.value.message_dict) == ["checked_on"]
