"""The KPIs dispatch meetings count (DOMAIN section 4), one declaration each, registered by
`DispatchConfig.ready()`. The period applies to the records' own day: clues by the day received,
cases by the day filed, warnings by the day issued, listings by the day listed, publications by
the day published, project-months by the day their wages fell due, sweep targets by their sweep
running in the period; what is counted of them (verified, closed, overdue, inspected...) is their
state when the figure is computed. The 制度落实率 is of now, whatever the period; ledger items are
those opened in the period, or the chosen campaign's."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from wageguard.cases.models import EnforcementCase
from wageguard.clues.models import Clue
from wageguard.credit.models import CreditListing
from wageguard.projects.models import Project, Warning

from . import sources
from .base import KPIS, MONEY, RATE, SOURCES, Daily, Kpi, Scope, Source


def _received(scope: Scope, **extra: str) -> dict[str, str]:
    return scope.params(
        received_from=scope.start.isoformat(), received_to=scope.end.isoformat(), **extra
    )


def _filed(scope: Scope, **extra: str) -> dict[str, str]:
    return scope.params(filed_from=scope.start.isoformat(), filed_to=scope.end.isoformat(), **extra)


def _issued(scope: Scope, **extra: str) -> dict[str, str]:
    # An explicit empty state: the warning list shows only open warnings when none is given.
    extra.setdefault("state", "")
    return scope.params(
        issued_from=scope.start.isoformat(), issued_to=scope.end.isoformat(), **extra
    )


def _listed(scope: Scope) -> dict[str, str]:
    return scope.params(listed_from=scope.start.isoformat(), listed_to=scope.end.isoformat())


def _swept(scope: Scope, **extra: str) -> dict[str, str]:
    if scope.campaign is not None:
        extra["campaign"] = str(scope.campaign.pk)
    return scope.params(
        period_from=scope.start.isoformat(), period_to=scope.end.isoformat(), **extra
    )


def _due(scope: Scope, **extra: str) -> dict[str, str]:
    last = min(scope.end, sources.payroll_last_day())
    return scope.params(due_from=scope.start.isoformat(), due_to=last.isoformat(), **extra)


def _published(scope: Scope) -> dict[str, str]:
    return scope.params(
        state="published",
        published_from=scope.start.isoformat(),
        published_to=scope.end.isoformat(),
    )


def _ledger(scope: Scope, **extra: str) -> dict[str, str]:
    if scope.campaign is not None:
        return scope.params(campaign=str(scope.campaign.pk), **extra)
    return scope.params(
        opened_from=scope.start.isoformat(), opened_to=scope.end.isoformat(), **extra
    )


SOURCE_LIST = {
    "clues": Source(
        sources.clues,
        daily=Daily(
            model=Clue,
            counts=("received", "verified", "resolved", "answered", "answered_on_time"),
            by_day=sources.clues_by_day,
            first_day=sources.clues_first_day,
            touched=sources.clues_touched,
            clock_rows=sources.clues_overdue,
        ),
    ),
    "cases": Source(
        sources.cases,
        daily=Daily(
            model=EnforcementCase,
            counts=("filed", "closed", "transferred"),
            by_day=sources.cases_by_day,
            first_day=sources.cases_first_day,
            touched=sources.cases_touched,
        ),
    ),
    "case_workers": Source(
        sources.case_workers,
        daily=Daily(
            model=EnforcementCase,
            counts=("workers", "helped"),
            money=("owed", "recovered"),
            by_day=sources.case_workers_by_day,
            first_day=sources.cases_first_day,
            touched=sources.case_workers_touched,
        ),
    ),
    # 制度落实率 is of now, whatever the period: one indexed aggregate, always live.
    "projects": Source(sources.projects),
    "warnings": Source(
        sources.warnings,
        daily=Daily(
            model=Warning,
            counts=("issued", "closed"),
            by_day=sources.warnings_by_day,
            first_day=sources.warnings_first_day,
            touched=sources.warnings_touched,
        ),
    ),
    "credit": Source(
        sources.credit,
        daily=Daily(
            model=CreditListing,
            counts=("listed",),
            by_day=sources.credit_by_day,
            first_day=sources.credit_first_day,
            touched=sources.credit_touched,
        ),
    ),
    "payroll": Source(
        sources.payroll,
        daily=Daily(
            model=Project,
            counts=("due", "paid"),
            by_day=sources.payroll_by_day,
            first_day=sources.payroll_first_day,
            touched=sources.payroll_touched,
        ),
    ),
    # Sweep targets (one per project or employer listed) and published violations (a few
    # hundred a year): small, counted live.
    "sweeps": Source(sources.sweeps),
    "publications": Source(sources.publications),
    # The ledger: items opened in the period, or a campaign's (its own period, scope and
    # sectors); counted live through a covering index.
    "ledger": Source(sources.ledger),
}

UNIT_CLUES, UNIT_CASES, UNIT_YUAN = _("条"), _("件"), _("元")
UNIT_PEOPLE, UNIT_PERCENT, UNIT_UNITS = _("人"), _("%"), _("家")

KPI_LIST = [
    Kpi(
        key="clues_received",
        label=_("收到线索"),
        unit=UNIT_CLUES,
        definition=_("期间内接收的线索数（按接收日期），含已合并、已办结的线索。"),
        source="clues",
        counter="received",
        list_name="clues:inbox",
        params=_received,
    ),
    Kpi(
        key="clues_verified",
        label=_("已核查线索"),
        unit=UNIT_CLUES,
        definition=_(
            "期间内接收的线索中已完成核查的：核查结论为化解、查无实据、转办或转立案，且其后未"
            "被重新办理。"
        ),
        source="clues",
        counter="verified",
        list_name="clues:inbox",
        params=lambda s: _received(s, outcome="verified"),
    ),
    Kpi(
        key="clues_verified_rate",
        label=_("核查率"),
        unit=UNIT_PERCENT,
        definition=_("已核查线索占期间内收到线索的百分比。"),
        source="clues",
        of=("verified", "received"),
        kind=RATE,
        list_name="clues:inbox",
        params=lambda s: _received(s, outcome="verified"),
        base_params=_received,
    ),
    Kpi(
        key="clues_resolved",
        label=_("已化解线索"),
        unit=UNIT_CLUES,
        definition=_(
            "期间内接收的线索中核查结论为化解（全额支付、部分支付或调解化解）且未被重新办理的。"
        ),
        source="clues",
        counter="resolved",
        list_name="clues:inbox",
        params=lambda s: _received(s, outcome="resolved"),
    ),
    Kpi(
        key="clues_resolved_rate",
        label=_("化解率"),
        unit=UNIT_PERCENT,
        definition=_("已化解线索占期间内收到线索的百分比。"),
        source="clues",
        of=("resolved", "received"),
        kind=RATE,
        list_name="clues:inbox",
        params=lambda s: _received(s, outcome="resolved"),
        base_params=_received,
    ),
    Kpi(
        key="clues_overdue",
        label=_("超期未办结线索"),
        unit=UNIT_CLUES,
        definition=_("期间内接收、至计算时仍在办理且已过本阶段办理期限的线索。"),
        source="clues",
        counter="overdue",
        list_name="clues:inbox",
        params=lambda s: _received(s, state="open", sla="overdue"),
    ),
    Kpi(
        key="clues_on_time_rate",
        label=_("时限办结率"),
        unit=UNIT_PERCENT,
        definition=_(
            "期间内接收且已书面答复（答复、不予受理或告知向有关部门提出）的线索中，答复日期"
            "不晚于办理期限的百分比。"
        ),
        source="clues",
        of=("answered_on_time", "answered"),
        kind=RATE,
        list_name="clues:inbox",
        params=lambda s: _received(s, state="answered", sla="on_time"),
        base_params=lambda s: _received(s, state="answered"),
    ),
    Kpi(
        key="cases_filed",
        label=_("立案"),
        unit=UNIT_CASES,
        definition=_("期间内立案的案件数（按立案日期）。"),
        source="cases",
        counter="filed",
        list_name="cases:list",
        params=_filed,
    ),
    Kpi(
        key="cases_closed",
        label=_("结案"),
        unit=UNIT_CASES,
        definition=_("期间内立案的案件中至计算时已结案的。"),
        source="cases",
        counter="closed",
        list_name="cases:list",
        params=lambda s: _filed(s, state="closed"),
    ),
    Kpi(
        key="cases_closed_rate",
        label=_("办结率"),
        unit=UNIT_PERCENT,
        definition=_("期间内立案的案件中已结案的百分比。"),
        source="cases",
        of=("closed", "filed"),
        kind=RATE,
        list_name="cases:list",
        params=lambda s: _filed(s, state="closed"),
        base_params=_filed,
    ),
    Kpi(
        key="amount_owed",
        label=_("涉及欠薪金额"),
        unit=UNIT_YUAN,
        definition=_("期间内立案的案件所列劳动者欠薪金额之和（案件列表各案“欠薪金额”之和）。"),
        source="case_workers",
        counter="owed",
        kind=MONEY,
        list_name="cases:list",
        params=_filed,
    ),
    Kpi(
        key="amount_recovered",
        label=_("追回金额"),
        unit=UNIT_YUAN,
        definition=_(
            "期间内立案的案件至计算时已为劳动者追回的金额之和（案件列表各案“追回金额”之和）。"
        ),
        source="case_workers",
        counter="recovered",
        kind=MONEY,
        list_name="cases:list",
        params=_filed,
    ),
    Kpi(
        key="workers_involved",
        label=_("涉及劳动者"),
        unit=UNIT_PEOPLE,
        definition=_("期间内立案的案件所列劳动者人数（案件列表各案“人数”之和）。"),
        source="case_workers",
        counter="workers",
        list_name="cases:list",
        params=_filed,
    ),
    Kpi(
        key="workers_helped",
        label=_("已追回工资的劳动者"),
        unit=UNIT_PEOPLE,
        definition=_("期间内立案的案件所列劳动者中，至计算时已追回部分或全部工资的人数。"),
        source="case_workers",
        counter="helped",
        list_name="cases:list",
        params=_filed,
    ),
    Kpi(
        key="police_transfers",
        label=_("移送公安"),
        unit=UNIT_CASES,
        definition=_("期间内立案的案件中已移送公安机关（涉嫌拒不支付劳动报酬罪）的案件数。"),
        source="cases",
        counter="transferred",
        list_name="cases:list",
        params=lambda s: _filed(s, transferred="1"),
    ),
    Kpi(
        key="systems_applied_rate",
        label=_("制度落实率"),
        unit=UNIT_PERCENT,
        definition=_(
            "在建及停工的工程项目中，六项核心制度全部落实的项目所占百分比（与制度落实率页面"
            "相同，为计算时的情况，不受期间影响）。"
        ),
        source="projects",
        of=("applied", "active"),
        kind=RATE,
        list_name="projects:list",
        params=lambda s: s.params(state="active", applies="yes"),
        base_params=lambda s: s.params(state="active"),
    ),
    Kpi(
        key="wages_paid_monthly_rate",
        label=_("按月足额发放率"),
        unit=UNIT_PERCENT,
        definition=_(
            "工资应发放截止日（工资月份的次月最后一天）在期间内且已过的项目月份（当月有出勤）中，"
            "所有出勤劳动者均在截止日前通过农民工工资专用账户足额代发的百分比。"
        ),
        source="payroll",
        of=("paid", "due"),
        kind=RATE,
        list_name="projects:payroll-months",
        params=lambda s: _due(s, paid="yes"),
        base_params=_due,
    ),
    Kpi(
        key="warnings_issued",
        label=_("发出预警"),
        unit=_("个"),
        definition=_("期间内发出的工程项目预警数（按发出日期）。"),
        source="warnings",
        counter="issued",
        list_name="projects:warnings",
        params=_issued,
    ),
    Kpi(
        key="warnings_closed",
        label=_("已关闭预警"),
        unit=_("个"),
        definition=_("期间内发出的预警中至计算时已关闭的（原因已处置并核实）。"),
        source="warnings",
        counter="closed",
        list_name="projects:warnings",
        params=lambda s: _issued(s, state="closed"),
    ),
    Kpi(
        key="sweep_coverage_rate",
        label=_("排查覆盖率"),
        unit=UNIT_PERCENT,
        definition=_(
            "期间内开展（排查期间与所选期间有重叠；选定专项行动时为该行动）的拉网式排查中，"
            "本辖区排查对象（在建工程项目和用人单位）已检查的百分比，为计算时的检查情况。"
        ),
        source="sweeps",
        of=("inspected", "targets"),
        kind=RATE,
        list_name="campaigns:sweep-targets",
        params=lambda s: _swept(s, inspected="yes"),
        base_params=_swept,
    ),
    Kpi(
        key="violations_published",
        label=_("重大违法行为公布"),
        unit=_("项"),
        definition=_(
            "期间内（按公布日期）本辖区人社部门公布的重大劳动保障违法行为事项数（已公布批次中"
            "的公布事项之和）。"
        ),
        source="publications",
        counter="published",
        list_name="publication:batches",
        params=_published,
    ),
    Kpi(
        key="credit_listings",
        label=_("列入失信名单"),
        unit=UNIT_UNITS,
        definition=_("期间内列入拖欠农民工工资失信联合惩戒对象名单的记录数（按列入日期）。"),
        source="credit",
        counter="listed",
        list_name="credit:list",
        params=_listed,
    ),
    Kpi(
        key="ledger_items_closed",
        label=_("问题台账销号"),
        unit=_("项"),
        definition=_(
            "期间内（按建账日期）本辖区建账的问题台账条目中已核验销号的项数；选定专项行动时为该"
            "行动期间内、范围内建账的条目。"
        ),
        source="ledger",
        counter="closed",
        list_name="campaigns:ledger",
        params=lambda s: _ledger(s, state="closed"),
    ),
]


def register() -> None:
    for name, source in SOURCE_LIST.items():
        SOURCES.register(name, source)
    for order, kpi in enumerate(KPI_LIST):
        KPIS.register(kpi.key, kpi, order=order)
