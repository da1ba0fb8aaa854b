"""What the criminal threshold counts (法释〔2013〕3号 arts. 3-4): what each worker had unpaid
when the lapsed order to pay ran out, else what is outstanding now; the case page, the transfer,
the credit list and publication count it the same way (services.threshold_for)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from tests import factories
from wageguard.cases import services
from wageguard.cases.models import CriminalThresholdSetting, EnforcementCase
from wageguard.cases.rules import Answer, unpaid_at, unpaid_basis
from wageguard.cases.services import investigation, measures
from wageguard.publication.queue import amount_answer

from .conftest import backdate

D = Decimal
DEADLINE = dt.date(2026, 6, 10)


def test_unpaid_at_the_deadline():
    assert unpaid_at(D(6000), D(6000), dt.date(2026, 6, 9), DEADLINE) == 0
    assert unpaid_at(D(6000), D(6000), DEADLINE, DEADLINE) == 0  # paid on the last day
    assert unpaid_at(D(6000), D(6000), dt.date(2026, 6, 11), DEADLINE) == D(6000)
    assert unpaid_at(D(6000), D(2000), dt.date(2026, 6, 1), DEADLINE) == D(4000)
    assert unpaid_at(D(6000), D(2000), None, DEADLINE) == D(6000)  # undated: not shown paid
    assert unpaid_at(D(6000), D(0), None, DEADLINE) == D(6000)


def test_without_a_lapsed_order_what_is_outstanding_now():
    assert unpaid_at(D(6000), D(6000), dt.date(2026, 6, 11), None) == 0
    assert unpaid_at(D(6000), D(2500), None, None) == D(3500)
    assert "2026-06-10" in unpaid_basis(DEADLINE) and "尚欠" in unpaid_basis(None)


def _days(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)


@pytest.fixture
def ten_workers(inspector, colleague) -> EnforcementCase:
    """Ten workers owed ¥6,000 each (¥60,000) in a province with figures 10,000 / 50,000."""
    CriminalThresholdSetting.objects.update_or_create(
        province_code="51", defaults={"individual_amount": 10000, "cumulative_amount": 50000}
    )
    case = factories.case(
        inspector, workers=[factories.worker(f"工人{i}", "6000", 1) for i in range(10)]
    )
    return backdate(factories.under_investigation(case, inspector, [inspector, colleague]), 40)


def _answers(case) -> tuple[str, str]:
    case = EnforcementCase.objects.select_related("region").get(pk=case.pk)
    return services.threshold_for(case).amount_answer, amount_answer(case)


def _pay_first(case, user, on: dt.date) -> None:
    worker = case.workers.first()
    investigation.record_recovery(
        worker, user, amount_recovered=Decimal("6000"), recovered_on=on, method="employer"
    )


@pytest.mark.django_db
def test_paid_before_the_deadline_does_not_count(ten_workers, inspector):
    order = measures.issue_measure(
        ten_workers, inspector, "order", issued_on=_days(-20), deadline=_days(-5)
    )
    measures.record_outcome(order, inspector, complied=False, on=_days(-4))
    assert _answers(ten_workers) == (Answer.MEETS, Answer.MEETS)
    _pay_first(ten_workers, inspector, _days(-5))  # paid on the deadline: 9 workers left
    assert _answers(ten_workers) == (Answer.DOES_NOT_MEET, Answer.DOES_NOT_MEET)
    reasons = services.threshold_for(ten_workers).reasons
    assert any(f"（{_days(-5):%Y-%m-%d}）届满时尚未支付" in r for r in reasons)
    assert any("劳动者 9 名（不足 10 名），累计 54,000.00 元" in r for r in reasons)


@pytest.mark.django_db
def test_paid_after_the_deadline_still_counts(ten_workers, inspector):
    order = measures.issue_measure(
        ten_workers, inspector, "order", issued_on=_days(-20), deadline=_days(-5)
    )
    measures.record_outcome(order, inspector, complied=False, on=_days(-4))
    _pay_first(ten_workers, inspector, _days(-3))
    assert _answers(ten_workers) == (Answer.MEETS, Answer.MEETS)


@pytest.mark.django_db
def test_no_lapsed_order_counts_what_is_outstanding(ten_workers, inspector):
    assert _answers(ten_workers) == (Answer.MEETS, Answer.MEETS)
    _pay_first(ten_workers, inspector, _days(-1))
    assert _answers(ten_workers) == (Answer.DOES_NOT_MEET, Answer.DOES_NOT_MEET)
    assert any("目前尚欠" in r for r in services.threshold_for(ten_workers).reasons)
