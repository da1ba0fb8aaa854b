"""The criminal-threshold answer for a case with its province's figures, and the crime's conduct
condition read from the case's served orders to pay."""

from django.utils import timezone

from wageguard.core.memo import memo
from wageguard.regions.models import Region

from ..models import (
    CriminalThresholdSetting,
    Decision,
    EnforcementCase,
)
from ..rules import (
    PAY_ORDERS,
    ConductAnswer,
    PayOrder,
    ThresholdResult,
    WorkerArrears,
    criminal_threshold,
    ordered_and_unpaid,
    unpaid_at,
    unpaid_basis,
)
from .workflow import lapsed_pay_deadline


def _pay_decisions(case: EnforcementCase) -> list[Decision]:
    """The case's orders to pay with their documents: from the prefetched decisions when the
    caller loaded them (a page of cases; load them with their documents), else one query."""
    if "decisions" in getattr(case, "_prefetched_objects_cache", {}):
        decisions = list(case.decisions.all())
    else:
        decisions = list(case.decisions.filter(kind__in=PAY_ORDERS).select_related("document"))
    return [d for d in decisions if d.kind in PAY_ORDERS]


def pay_orders(case: EnforcementCase) -> list[PayOrder]:
    """The case's orders to pay as the conduct condition reads them (rules.PayOrder)."""
    out = []
    for d in _pay_decisions(case):
        doc = d.document if d.document_id else None
        out.append(
            PayOrder(
                label=doc.number if doc else str(d.get_kind_display()),
                state=d.state,
                deadline=d.deadline,
                served_on=doc.served_on if doc else None,
                method=doc.service_method if doc else "",
            )
        )
    return out


def conduct_for(case: EnforcementCase, conduct: str | None = None) -> ConductAnswer:
    """Whether the case's employer was ordered to pay, served, and did not pay by the deadline
    (rules.ordered_and_unpaid); `conduct` the form the transfer names, None on the case page."""
    return ordered_and_unpaid(pay_orders(case), timezone.localdate(), conduct)


def threshold_for(
    case: EnforcementCase,
    named: bool = True,
    *,
    province: str | None = None,
    conduct: str | None = None,
) -> ThresholdResult:
    """The criminal-threshold answer for a case with its province's figures, counting what each
    worker had unpaid at the latest lapsed order's deadline, else what is outstanding now
    (rules.unpaid_at), and the conduct condition from the case's served orders to pay
    (`conduct_for`: "meets" needs one served and lapsed unpaid). `named=False` leaves workers'
    names out of the reasons (roles without need to know); `province` names the province in the
    reasons, looked up when not given (a query: pass it when assessing many cases). Reads
    `case.workers` and `case.decisions` (prefetch them with their documents for a page)."""
    code = case.region.province_code
    setting = CriminalThresholdSetting.for_province(code)
    deadline = lapsed_pay_deadline(case)
    answer = conduct_for(case, conduct)
    return criminal_threshold(
        [
            WorkerArrears(
                unpaid_at(w.amount_owed, w.amount_recovered, w.recovered_on, deadline),
                w.months_unpaid,
                w.worker_name if named else "",
            )
            for w in case.workers.all()
        ],
        individual_figure=setting.individual_amount,
        cumulative_figure=setting.cumulative_amount,
        ordered_and_unpaid=answer.met,
        conduct_reason=answer.reason,
        province_name=province_name(code) if province is None else province,
        amounts_basis=unpaid_basis(deadline),
    )


@memo(60)
def province_name(code: str) -> str:
    """The province's name for the reasons; kept per process like the other division lookups,
    so assessing a page of cases costs no query per case."""
    region = Region.objects.filter(code=f"{code}0000").only("name").first()
    return region.name if region else "本省"
