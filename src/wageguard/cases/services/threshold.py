"""The criminal-threshold answer for a case with its province's figures."""

import datetime as dt
from collections import defaultdict

from wageguard.core.memo import memo
from wageguard.regions.models import Region

from ..models import (
    CaseRecovery,
    CaseWorker,
    CriminalThresholdSetting,
    EnforcementCase,
)
from ..rules import (
    Recovery,
    ThresholdResult,
    WorkerArrears,
    criminal_threshold,
    unpaid_at,
    unpaid_basis,
)
from .workflow import lapsed_pay_deadline


def threshold_for(
    case: EnforcementCase, named: bool = True, *, province: str | None = None
) -> ThresholdResult:
    """The criminal-threshold answer for a case with its province's figures, counting what each
    worker had unpaid at the latest lapsed order's deadline, else what is outstanding now
    (rules.unpaid_at). `named=False` leaves workers' names out of the reasons (roles without
    need to know); `province` names the province in the reasons, looked up when not given (a
    query: pass it when assessing many cases). Reads `case.workers` and `case.decisions`, and
    the recoveries only of lines partly recovered after the deadline (`recoveries_by_line`)."""
    code = case.region.province_code
    setting = CriminalThresholdSetting.for_province(code)
    deadline = lapsed_pay_deadline(case)
    workers = list(case.workers.all())
    recoveries = recoveries_by_line(workers, deadline)
    return criminal_threshold(
        [
            WorkerArrears(
                unpaid_at(w.amount_owed, recoveries[w.pk], deadline),
                w.months_unpaid,
                w.worker_name if named else "",
            )
            for w in workers
        ],
        individual_figure=setting.individual_amount,
        cumulative_figure=setting.cumulative_amount,
        order_ignored_or_absconded=case.order_ignored_or_absconded,
        province_name=province_name(code) if province is None else province,
        amounts_basis=unpaid_basis(deadline),
    )


def recoveries_by_line(
    workers: list[CaseWorker], deadline: dt.date | None
) -> dict[int, list[Recovery]]:
    """Each line's recoveries as the rule reads them. A line's total and the day it was reached
    (`recovered_on`) answer alone when there is no deadline or the total was reached by it; the
    recoveries themselves are read only for lines that reached it later or on a day not known,
    from a prefetch of `workers__recoveries` when there is one, else in one query for all such
    lines (indexed by line and day), so the page, the credit list and the publication queue
    read no recovery they do not need."""
    found: dict[int, list[Recovery]] = defaultdict(list)
    later = []
    for w in workers:
        if w.amount_recovered <= 0:
            continue
        if deadline is None or (w.recovered_on is not None and w.recovered_on <= deadline):
            found[w.pk] = [Recovery(w.recovered_on, w.amount_recovered)]
        elif "recoveries" in getattr(w, "_prefetched_objects_cache", {}):
            found[w.pk] = [Recovery(r.recovered_on, r.amount) for r in w.recoveries.all()]
        else:
            later.append(w.pk)
    if later:
        # By case, not by a list of line ids that may run to thousands of parameters.
        wanted = set(later)
        rows = CaseRecovery.objects.filter(
            worker__case_id__in={w.case_id for w in workers}, recovered_on__lte=deadline
        ).values_list("worker_id", "recovered_on", "amount")
        for worker_id, on, amount in rows:
            if worker_id in wanted:
                found[worker_id].append(Recovery(on, amount))
    return found


@memo(60)
def province_name(code: str) -> str:
    """The province's name for the reasons; kept per process like the other division lookups,
    so assessing a page of cases costs no query per case."""
    region = Region.objects.filter(code=f"{code}0000").only("name").first()
    return region.name if region else "本省"
