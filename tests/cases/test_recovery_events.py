"""Recoveries one by one (追回记录): each payment recorded with its own amount and day, checked
(not more than still owed, not after today, not before the arrears began), audited, in the
case's history in words, listed on the page and by the API; the line's total is always their
sum; filing from a clue and the migration bring the totals recorded before as one recovery."""

import datetime as dt
import importlib
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests import factories
from wageguard.cases.models import CaseHistory, CaseRecovery, CaseWorker, EnforcementCase
from wageguard.cases.services import investigation
from wageguard.clues.services import transition as clue_transition
from wageguard.core.models import AuditEvent
from wageguard.org.rules import Role

from .conftest import direct_case

D = Decimal
TODAY = timezone.localdate


def _days(n: int) -> dt.date:
    return TODAY() + dt.timedelta(days=n)


def assert_totals_are_sums() -> None:
    """Every line's amount_recovered is the sum of its recoveries, recovered_on the latest day
    (blank when a day is unknown)."""
    for w in CaseWorker.objects.all():
        rows = list(w.recoveries.all())
        assert w.amount_recovered == sum((r.amount for r in rows), D(0)), w
        days = [r.recovered_on for r in rows]
        expected = None if (not rows or None in days) else max(days)
        assert w.recovered_on == expected, w


@pytest.fixture
def line(inspector, colleague):
    """王五 owed ¥25,000 for 2026-03-01 to 2026-06-30, on a case under investigation."""
    case = direct_case(
        inspector,
        workers=[
            factories.worker(
                period_start=dt.date(2026, 3, 1), period_end=dt.date(2026, 6, 30), months=0
            )
        ],
    )
    factories.under_investigation(case, inspector, [inspector, colleague])
    return case.workers.get()


def _pay(line, user, amount="1000", on=None, method="employer", **over):
    return investigation.record_recovery(
        line, user, amount=D(amount), recovered_on=on or TODAY(), method=method, **over
    )


@pytest.mark.django_db
def test_each_payment_adds_a_recovery_and_the_total_is_their_sum(line, inspector):
    first = _pay(line, inspector, "10000", _days(-10), note="银行转账回单")
    _pay(line, inspector, "5000", _days(-20), method="wage_deposit")  # recorded late
    line.refresh_from_db()
    assert line.amount_recovered == D("15000.00")
    assert line.recovered_on == _days(-10)  # the day the total was reached
    assert line.method == "employer"  # the latest day's
    assert first.recorded_by == inspector and first.note == "银行转账回单"
    assert list(line.recoveries.values_list("amount", flat=True)) == [D("5000"), D("10000")]
    case = EnforcementCase.objects.get(pk=line.case_id)
    assert case.amount_recovered == D("15000.00")
    event = AuditEvent.objects.filter(action="case.recovery").latest("seq")
    assert event.before["amount_recovered"] == "10000.00"
    assert event.after["amount"] == "5000.00" and event.after["total"] == "15000.00"
    assert_totals_are_sums()


@pytest.mark.django_db
def test_not_more_than_still_owed(line, inspector):
    _pay(line, inspector, "20000")
    with pytest.raises(ValidationError) as err:
        _pay(line, inspector, "5000.01")
    assert list(err.value.message_dict) == ["amount"] and "5,000.00" in str(err.value)
    _pay(line, inspector, "5000")  # exactly what is left
    with pytest.raises(ValidationError) as err:
        _pay(line, inspector, "0.01")
    assert list(err.value.message_dict) == ["amount"]
    line.refresh_from_db()
    assert line.amount_recovered == line.amount_owed
    assert_totals_are_sums()


@pytest.mark.django_db
@pytest.mark.parametrize("amount", ["0", "-1"])
def test_a_payment_is_more_than_nothing(line, inspector, amount):
    with pytest.raises(ValidationError) as err:
        _pay(line, inspector, amount)
    assert list(err.value.message_dict) == ["amount"]


@pytest.mark.django_db
def test_the_day_is_not_after_today(line, inspector):
    _pay(line, inspector, "1", TODAY())
    with pytest.raises(ValidationError) as err:
        _pay(line, inspector, "1", _days(1))
    assert list(err.value.message_dict) == ["recovered_on"]


@pytest.mark.django_db
def test_the_day_is_not_before_the_arrears_began(line, inspector):
    with pytest.raises(ValidationError) as err:
        _pay(line, inspector, "1", dt.date(2026, 2, 28))
    assert list(err.value.message_dict) == ["recovered_on"] and "2026-03-01" in str(err.value)
    _pay(line, inspector, "1", dt.date(2026, 3, 1))  # the first day of the period
    _pay(line, inspector, "1", dt.date(2026, 3, 2))


@pytest.mark.django_db
def test_the_method_is_required(line, inspector):
    with pytest.raises(ValidationError) as err:
        _pay(line, inspector, "1", method="")
    assert list(err.value.message_dict) == ["method"]


@pytest.mark.django_db
def test_recorded_after_closing_too(investigating, inspector, supervisor):
    from wageguard.cases import services

    investigation.record_statement(
        investigating, inspector, kind="no_response", received_on=TODAY()
    )
    case = services.transition(investigating, "decide", inspector)
    case = services.transition(
        case, "close", supervisor, report="结案", exception_reason="尚有欠薪待追回"
    )
    _pay(case.workers.get(), inspector, "100")
    assert case.workers.get().amount_recovered == D("100.00")


@pytest.mark.django_db
def test_filing_from_a_clue_brings_its_recoveries(verifying_clue, inspector):
    clue = clue_transition(verifying_clue, "convert_to_case", inspector)
    case = EnforcementCase.objects.get(clue=clue)
    li = case.workers.get(worker_name="李四")
    opening = li.recoveries.get()
    assert opening.amount == D("2000") and opening.opening and opening.method == "employer"
    assert not case.workers.get(worker_name="张三").recoveries.exists()
    entry = case.history.get(action="recovery")
    assert entry.data["worker"] == li.pk and entry.data["opening"]
    assert_totals_are_sums()
    # A later payment for 张三 rolls up to the clue's line as its total.
    zhang = case.workers.get(worker_name="张三")
    _pay(zhang, inspector, "1000")
    _pay(zhang, inspector, "500")
    assert clue.arrears.get(worker_name="张三").amount_recovered == D("1500.00")


@pytest.mark.django_db
def test_the_migration_turns_each_total_into_one_recovery(inspector):
    case = direct_case(inspector)
    CaseWorker.objects.filter(case=case).update(amount_recovered=D("3000"), recovered_on=None)
    CaseWorker.objects.create(
        case=case, worker_name="李四", amount_owed=D(900), amount_recovered=D(900),
        recovered_on=dt.date(2026, 5, 1), method="wage_deposit",
    )  # fmt: skip
    CaseWorker.objects.create(case=case, worker_name="赵六", amount_owed=D(100))
    migration = importlib.import_module("wageguard.cases.migrations.0008_recovery_events")
    migration.one_recovery_per_line(apps, None)
    rows = CaseRecovery.objects.order_by("worker_id")
    assert [(r.amount, r.recovered_on, r.method, r.opening) for r in rows] == [
        (D("3000.00"), None, "", True),
        (D("900.00"), dt.date(2026, 5, 1), "wage_deposit", True),
    ]
    assert_totals_are_sums()


@pytest.mark.django_db
def test_the_page_lists_each_recovery_and_the_history_says_it(client, line, inspector):
    _pay(line, inspector, "1500.5", _days(-2), note="现金签收")
    _pay(line, inspector, "2000", _days(-1), method="general_contractor")
    client.force_login(inspector)
    body = client.get(f"/cases/{line.case_id}/").content.decode()
    assert body.count("data-recovery=") == 2 and "现金签收" in body
    assert "总承包单位先行清偿" in body
    expected = (
        f"王五：{_days(-1):%Y-%m-%d} 追回 2,000.00 元（总承包单位先行清偿），累计已追回 3,500.50 元"
    )
    assert expected in body
    assert 'data-testid="outstanding">21499.50' in body


@pytest.mark.django_db
def test_the_page_masks_the_name_in_the_history_for_roles_without_need(
    client, line, inspector, make_user
):
    _pay(line, inspector, "100")
    auditor = make_user("wuhou-auditor", Role.AUDITOR, "510107")
    client.force_login(auditor)
    body = client.get(f"/cases/{line.case_id}/").content.decode()
    assert "王*：" in body and "王五：" not in body


@pytest.mark.django_db
def test_the_page_form_records_a_payment(client, line, inspector):
    client.force_login(inspector)
    url = f"/cases/{line.case_id}/act/recovery/{line.pk}/"
    prefix = f"recovery-{line.pk}"
    data = {f"{prefix}-amount": "30000", f"{prefix}-recovered_on": TODAY().isoformat()}
    data[f"{prefix}-method"] = "employer"
    r = client.post(url, data)
    assert r.status_code == 400 and "不能超过尚欠金额 25,000.00" in r.content.decode()
    r = client.post(url, {**data, f"{prefix}-amount": "25000"})
    assert r.status_code == 302
    # Paid in full: the form is no longer offered for the line.
    body = client.get(f"/cases/{line.case_id}/").content.decode()
    assert 'data-form="recovery"' not in body


@pytest.mark.django_db
def test_the_api_creates_and_lists_recoveries(client, line, inspector, make_user):
    client.force_login(inspector)
    base = f"/api/v1/cases/{line.case_id}"
    r = client.post(
        f"{base}/workers/{line.pk}/recovery",
        {"amount": "2000", "recovered_on": _days(-3).isoformat(), "method": "employer"},
        content_type="application/json",
    )
    assert r.status_code == 200, r.json()
    assert r.json()["outstanding"] == "23000.00" and r.json()["recorded_by"]
    r = client.post(
        f"{base}/workers/{line.pk}/recovery",
        {"amount": "1", "recovered_on": _days(1).isoformat(), "method": "employer"},
        content_type="application/json",
    )
    assert r.status_code == 422 and r.json()["field"] == "recovered_on"
    listed = client.get(f"{base}/recoveries").json()
    assert listed["count"] == 1 and listed["items"][0]["amount"] == "2000.00"
    assert client.get(f"{base}/recoveries?worker={line.pk + 999}").json()["count"] == 0
    detail = client.get(base).json()
    (w,) = detail["worker_lines"]
    assert w["id"] == line.pk and [x["amount"] for x in w["recoveries"]] == ["2000.00"]
    # Another county's staff: the case is not found.
    stranger = make_user("jinjiang-inspector", Role.INSPECTOR, "510104")
    client.force_login(stranger)
    assert client.get(f"{base}/recoveries").status_code == 404


@pytest.mark.django_db
def test_a_recovery_recorded_by_mistake_is_withdrawn_with_its_reason(line, inspector):
    right = _pay(line, inspector, "1000", _days(-5))
    wrong = _pay(line, inspector, "10000", _days(-2), method="wage_deposit")
    with pytest.raises(ValidationError) as err:
        investigation.withdraw_recovery(line, inspector, recovery_id=wrong.pk, reason="")
    assert list(err.value.message_dict) == ["reason"]
    other = direct_case(inspector).workers.get()
    stranger = investigation.record_recovery(
        other, inspector, amount=D("1"), recovered_on=TODAY(), method="employer"
    )
    with pytest.raises(ValidationError) as err:  # another line's recovery
        investigation.withdraw_recovery(line, inspector, recovery_id=stranger.pk, reason="误记")
    assert list(err.value.message_dict) == ["recovery_id"]
    investigation.withdraw_recovery(line, inspector, recovery_id=wrong.pk, reason="金额误记")
    line.refresh_from_db()
    assert list(line.recoveries.all()) == [right]
    assert (line.amount_recovered, line.recovered_on, line.method) == (
        D("1000.00"),
        _days(-5),
        "employer",
    )
    entry = CaseHistory.objects.filter(action="withdraw_recovery").get()
    assert entry.note == "金额误记" and entry.data["amount"] == "10000.00"
    event = AuditEvent.objects.get(action="case.withdraw_recovery")
    assert event.reason == "金额误记" and event.before["withdrawn"]["amount"] == "10000.00"
    assert_totals_are_sums()


@pytest.mark.django_db
def test_withdrawing_rolls_up_to_the_clue_and_shows_in_words(client, verifying_clue, inspector):
    clue = clue_transition(verifying_clue, "convert_to_case", inspector)
    case = EnforcementCase.objects.get(clue=clue)
    li = case.workers.get(worker_name="李四")
    extra = _pay(li, inspector, "3000", _days(-1))
    assert clue.arrears.get(worker_name="李四").amount_recovered == D("5000.00")
    investigation.withdraw_recovery(li, inspector, recovery_id=extra.pk, reason="重复登记")
    assert clue.arrears.get(worker_name="李四").amount_recovered == D("2000.00")
    client.force_login(inspector)
    body = client.get(f"/cases/{case.pk}/").content.decode()
    assert (
        f"李四：撤销 {_days(-1):%Y-%m-%d} 追回 3,000.00 元（用人单位支付）的记录，"
        "累计已追回 2,000.00 元"
    ) in body
    assert "李四：随明细带入已追回 2,000.00 元" in body
    assert "重复登记" in body
    # The page offers the withdrawal for the line that has recoveries, listing them.
    assert 'data-act="withdraw_recovery"' in body and f"withdraw_recovery-{li.pk}" in body
