"""The criminal-threshold answer for a case with its province's figures."""

from wageguard.core.memo import memo
from wageguard.regions.models import Region

from ..models import (
    CriminalThresholdSetting,
    EnforcementCase,
)
from ..rules import (
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
    query: pass it when assessing many cases). Reads `case.workers` and `case.decisions`."""
    code = case.region.province_code
    setting = CriminalThresholdSetting.for_province(code)
    deadline = lapsed_pay_deadline(case)
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
        order_ignored_or_absconded=case.order_ignored_or_absconded,
        province_name=province_name(code) if province is None else province,
        amounts_basis=unpaid_basis(deadline),
    )


@memo(60)
def province_name(code: str) -> str:
    """The province's name for the reasons; kept per process like the other division lookups,
    so assessing a page of cases costs no query per case."""
    region = Region.objects.filter(code=f"{code}0000").only("name").first()
    return region.name if region else "本省"
