"""Recoveries (追回记录) and the worker line's totals kept from them.

A worker line's `amount_recovered` is the sum of its recoveries, `recovered_on` the day that
sum was reached (blank while any recovery's day is unknown) and `method` that of its latest
dated recovery. Every writer of recoveries goes through here, inside its own transaction, so
the line never disagrees with its recoveries (`tests/cases/test_recovery_events.py` checks the
sums over every line)."""

from decimal import Decimal

from django.db.models import Count, Max, Q, Sum

from wageguard.org.models import User

from ..models import CaseHistory, CaseRecovery, CaseWorker, EnforcementCase

TOTALS = ["amount_recovered", "recovered_on", "method"]


def totals(worker: CaseWorker) -> dict:
    """The line's totals as its recoveries give them (one query, two with a method to find)."""
    agg = worker.recoveries.aggregate(
        total=Sum("amount"),
        last=Max("recovered_on"),
        undated=Count("id", filter=Q(recovered_on__isnull=True)),
    )
    latest = (
        worker.recoveries.exclude(recovered_on=None)
        .order_by("-recovered_on", "-id")
        .values_list("method", flat=True)
        .first()
    )
    return {
        "amount_recovered": (agg["total"] or Decimal(0)).quantize(Decimal("0.01")),
        "recovered_on": None if agg["undated"] else agg["last"],
        "method": latest or worker.method,
    }


def resync(worker: CaseWorker) -> CaseWorker:
    """Writes the line's totals from its recoveries (the caller holds the line's lock)."""
    for name, value in totals(worker).items():
        setattr(worker, name, value)
    worker.save(update_fields=TOTALS)
    return worker


def opening_recoveries(case: EnforcementCase, workers: list[CaseWorker], user: User | None) -> None:
    """The recoveries a line is created with (filing from a clue whose lines record money
    already recovered, or a line added with a recovered amount): one recovery per line, dated
    as the line is, and one history entry each, so the case's record and its history show them
    like any later recovery. Bulk-written: a clue of hundreds of workers costs two queries."""
    opening = [w for w in workers if w.amount_recovered > 0]
    if not opening:
        return
    CaseRecovery.objects.bulk_create(
        [
            CaseRecovery(
                worker=w,
                amount=w.amount_recovered,
                recovered_on=w.recovered_on,
                method=w.method,
                recorded_by=user,
                opening=True,
            )
            for w in opening
        ]
    )
    name = user.display_name if user else ""
    CaseHistory.objects.bulk_create(
        [
            CaseHistory(
                case=case,
                actor=user,
                actor_name=name,
                action="recovery",
                from_state=case.state,
                to_state=case.state,
                data={
                    "worker": w.pk,
                    "amount": str(w.amount_recovered),
                    "recovered_on": w.recovered_on.isoformat() if w.recovered_on else None,
                    "method": w.method,
                    "total": str(w.amount_recovered),
                    "opening": True,
                },
            )
            for w in opening
        ]
    )
