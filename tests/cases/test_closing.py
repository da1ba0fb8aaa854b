"""Closing: a report is required; an open measure, an unanswered transfer and unpaid lines are
each named as blockers; a recorded exception reason lets the case close anyway."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from wageguard.cases import services
from wageguard.cases.services import measures, transfer
from wageguard.cases.services.investigation import record_recovery
from wageguard.core.models import AuditEvent

from .conftest import backdate

pytestmark = pytest.mark.django_db


def _days(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)


@pytest.fixture
def decided(heard, inspector):
    """A heard case with an order issued and running, decided."""
    backdate(heard, 40)
    measures.issue_measure(heard, inspector, "order", deadline=_days(10))
    return services.transition(heard, "decide", inspector)


def test_report_is_required(decided, supervisor):
    with pytest.raises(ValidationError) as exc:
        services.transition(decided, "close", supervisor)
    assert "report" in exc.value.message_dict


def test_each_blocker_is_named(decided, inspector, supervisor):
    # An unanswered transfer too: a lapsed order, then the transfer.
    old = measures.issue_measure(
        decided, inspector, "order", issued_on=_days(-20), deadline=_days(-5)
    )
    measures.record_outcome(old, inspector, complied=False, on=_days(-4))
    row = transfer.transfer_to_police(
        decided,
        inspector,
        police_agency="成都市公安局武侯区分局",
        conduct="order_ignored",
        checklist=[],
    )
    with pytest.raises(ValidationError) as exc:
        services.transition(decided, "close", supervisor, report="结案")
    message = exc.value.message_dict["exception_reason"][0]
    open_order = decided.decisions.get(state="issued")
    assert f"责令改正（限期支付） {open_order.document.number} 尚待履行" in message
    assert old.document.number not in message  # a lapsed order is no longer open
    assert f"移送成都市公安局武侯区分局（{row.transferred_on:%Y-%m-%d}）尚待公安机关回复" in message
    assert "劳动者 王五 尚欠 25,000.00 元" in message
    assert decided.state == "decided"


def test_exception_reason_closes_and_is_stored(decided, supervisor):
    case = services.transition(
        decided,
        "close",
        supervisor,
        report="用人单位下落不明，已申请强制执行",
        exception_reason="经局务会研究，先行结案，追偿另行处理",
    )
    assert case.state == "closed" and case.closed_on == timezone.localdate()
    assert case.closing_report == "用人单位下落不明，已申请强制执行"
    assert case.closing_exception == "经局务会研究，先行结案，追偿另行处理"
    history = case.history.get(action="close")
    assert any("尚待履行" in b for b in history.data["blockers"])
    event = AuditEvent.objects.filter(action="case.close").latest("seq")
    assert event.reason == "经局务会研究，先行结案，追偿另行处理"


def test_clean_close_needs_no_exception(decided, inspector, supervisor):
    order = decided.decisions.get()
    measures.record_outcome(order, inspector, complied=True, on=_days(0))
    worker = decided.workers.get()
    record_recovery(
        worker,
        inspector,
        amount=Decimal("25000"),
        recovered_on=_days(0),
        method="employer",
    )
    case = services.transition(
        decided, "close", supervisor, report="已足额支付", exception_reason="不需要"
    )
    assert case.state == "closed" and case.closing_exception == ""
