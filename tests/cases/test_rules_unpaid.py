"""What the criminal threshold counts (法释〔2013〕3号 arts. 3-4; Order 45 art. 5 reads the same
answer): what each worker had unpaid when the lapsed order to pay ran out — owed less the
recoveries dated on or before its deadline — else what is outstanding now; the case page, the
API, the transfer, the credit list and publication count it the same way (threshold_for).

Each boundary is tested the day before, on and after the deadline, with partial payments and
several recoveries; the tests marked "old" failed on the former rule, which counted a worker's
whole recovery as unpaid when the latest one came after the deadline."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from tests import factories
from wageguard.cases import services
from wageguard.cases.models import CriminalThresholdSetting, EnforcementCase
from wageguard.cases.rules import Answer, Recovery, unpaid_at, unpaid_basis
from wageguard.cases.services import investigation, measures
from wageguard.credit.rules import Eligibility
from wageguard.credit.services import eligibility_for
from wageguard.publication.queue import amount_answer

from .conftest import backdate

D = Decimal
DEADLINE = dt.date(2026, 6, 10)
BEFORE, AFTER = dt.date(2026, 6, 9), dt.date(2026, 6, 11)


def test_unpaid_at_the_deadline_day_before_on_and_after():
    assert unpaid_at(D(6000), [Recovery(BEFORE, D(6000))], DEADLINE) == 0
    assert unpaid_at(D(6000), [Recovery(DEADLINE, D(6000))], DEADLINE) == 0  # the last day
    assert unpaid_at(D(6000), [Recovery(AFTER, D(6000))], DEADLINE) == D(6000)
    assert unpaid_at(D(6000), [Recovery(None, D(2000))], DEADLINE) == D(6000)  # day unknown
    assert unpaid_at(D(6000), [], DEADLINE) == D(6000)


def test_partial_and_several_recoveries_count_each_by_its_day():
    """The old rule: 6,000 (the latest recovery came after the deadline); now 3,000."""
    paid = [Recovery(dt.date(2026, 6, 1), D(1000)), Recovery(DEADLINE, D(2000))]
    assert unpaid_at(D(6000), [*paid, Recovery(AFTER, D(2500))], DEADLINE) == D(3000)
    assert unpaid_at(D(6000), [*paid, Recovery(None, D(500))], DEADLINE) == D(3000)
    assert unpaid_at(D(6000), paid, DEADLINE) == D(3000)


def test_without_a_lapsed_order_what_is_outstanding_now():
    assert unpaid_at(D(6000), [Recovery(AFTER, D(6000))], None) == 0
    assert unpaid_at(D(6000), [Recovery(None, D(2500)), Recovery(AFTER, D(1))], None) == D(3499)
    assert "2026-06-10" in unpaid_basis(DEADLINE) and "尚欠" in unpaid_basis(None)
    # The articles it rests on, printed through core.legal.
    assert "第三条、第四条、第六条" in unpaid_basis(DEADLINE)


def _days(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)


@pytest.fixture
def figures():
    CriminalThresholdSetting.objects.update_or_create(
        province_code="51", defaults={"individual_amount": 10000, "cumulative_amount": 50000}
    )


@pytest.fixture
def ten_workers(figures, inspector, colleague) -> EnforcementCase:
    """Ten workers owed ¥6,000 each (¥60,000) in a province with figures 10,000 / 50,000."""
    case = factories.case(
        inspector, workers=[factories.worker(f"工人{i}", "6000", 1) for i in range(10)]
    )
    return backdate(factories.under_investigation(case, inspector, [inspector, colleague]), 40)


@pytest.fixture
def one_worker(figures, inspector, colleague) -> EnforcementCase:
    """One worker owed ¥12,000 for 4 months: above the individual figure of 10,000."""
    case = factories.case(inspector, workers=[factories.worker("王五", "12000", 4)])
    return backdate(factories.under_investigation(case, inspector, [inspector, colleague]), 40)


def _lapsed(case, user, deadline: dt.date):
    order = measures.issue_measure(
        case, user, "order", issued_on=deadline - dt.timedelta(days=15), deadline=deadline
    )
    measures.record_outcome(order, user, complied=False, on=deadline + dt.timedelta(days=1))


def _answers(case) -> tuple[str, str, str]:
    """The case service's, the publication queue's and the credit list's answers."""
    case = EnforcementCase.objects.select_related("region", "agency").get(pk=case.pk)
    return (
        services.threshold_for(case).amount_answer,
        amount_answer(case),
        eligibility_for(case).answer,
    )


def _pay(worker, user, amount: str, on: dt.date):
    return investigation.record_recovery(
        worker, user, amount=D(amount), recovered_on=on, method="employer"
    )


MET = (Answer.MEETS, Answer.MEETS, Eligibility.ELIGIBLE)
NOT_MET = (Answer.DOES_NOT_MEET, Answer.DOES_NOT_MEET, Eligibility.NOT_ELIGIBLE)


@pytest.mark.django_db
@pytest.mark.parametrize(("day", "expected"), [(-1, NOT_MET), (0, NOT_MET), (1, MET)])
def test_one_worker_paid_before_on_or_after_the_deadline(ten_workers, inspector, day, expected):
    """Worker 1 paid in full the day before, on, or after the deadline: 9 workers (under 10) or
    still 10 unpaid at the deadline (art. 3(2))."""
    deadline = _days(-5)
    _lapsed(ten_workers, inspector, deadline)
    assert _answers(ten_workers) == MET
    _pay(ten_workers.workers.first(), inspector, "6000", deadline + dt.timedelta(days=day))
    assert _answers(ten_workers) == expected


@pytest.mark.django_db
def test_partial_payments_before_stay_paid_when_more_comes_after(ten_workers, inspector):
    """Old: MET (worker 1's whole recovery counted unpaid once a payment came after the
    deadline: 49,990 + 1,001). Now 49,990 unpaid at the deadline: under the 50,000 figure."""
    deadline = _days(-5)
    _lapsed(ten_workers, inspector, deadline)
    for worker in ten_workers.workers.all():
        _pay(worker, inspector, "1001", deadline - dt.timedelta(days=1))
    assert _answers(ten_workers) == NOT_MET
    first = ten_workers.workers.first()
    _pay(first, inspector, "100", deadline + dt.timedelta(days=1))
    _pay(first, inspector, "200", deadline + dt.timedelta(days=2))
    assert _answers(ten_workers) == NOT_MET
    reasons = services.threshold_for(ten_workers).reasons
    assert any(f"（{deadline:%Y-%m-%d}）届满时尚未支付" in r for r in reasons)
    assert any("累计 49,990.00 元" in r for r in reasons)


@pytest.mark.django_db
def test_individual_figure_partial_payment_on_the_deadline(one_worker, inspector):
    """Art. 3(1): 12,000 owed, 2,500 paid on the deadline day and 500 after: 9,500 unpaid at
    the deadline, under the 10,000 figure (old: 12,000, meets). 2,000 on the day: 10,000
    unpaid, meets."""
    deadline = _days(-5)
    _lapsed(one_worker, inspector, deadline)
    worker = one_worker.workers.get()
    _pay(worker, inspector, "2000", deadline)
    _pay(worker, inspector, "500", deadline + dt.timedelta(days=3))
    assert _answers(one_worker)[0] == Answer.MEETS  # 10,000 unpaid at the deadline
    _pay(worker, inspector, "500", deadline)  # recorded late, dated the deadline day
    assert _answers(one_worker) == NOT_MET
    worker.refresh_from_db()
    assert worker.amount_recovered == D("3000.00") and worker.recovered_on == deadline + (
        dt.timedelta(days=3)
    )


@pytest.mark.django_db
def test_no_lapsed_order_counts_what_is_outstanding(ten_workers, inspector):
    assert _answers(ten_workers)[:2] == (Answer.MEETS, Answer.MEETS)
    _pay(ten_workers.workers.first(), inspector, "6000", _days(-1))
    assert _answers(ten_workers)[:2] == (Answer.DOES_NOT_MEET, Answer.DOES_NOT_MEET)
    assert any("目前尚欠" in r for r in services.threshold_for(ten_workers).reasons)


@pytest.mark.django_db
def test_the_page_and_the_api_give_the_same_answer(client, ten_workers, inspector):
    deadline = _days(-5)
    _lapsed(ten_workers, inspector, deadline)
    for worker in ten_workers.workers.all():
        _pay(worker, inspector, "1001", deadline)
    _pay(ten_workers.workers.first(), inspector, "100", deadline + dt.timedelta(days=1))
    client.force_login(inspector)
    detail = client.get(f"/api/v1/cases/{ten_workers.pk}").json()
    assert detail["threshold"]["answer"] == "does_not_meet"
    assert any("累计 49,990.00 元" in r for r in detail["threshold"]["reasons"])
    body = client.get(f"/cases/{ten_workers.pk}/").content.decode()
    assert "累计 49,990.00 元" in body
