"""A dispatch round's numbers, assembled once for the meeting screen and the documents.

Rankings and "lagging" are the province's practice, not law: no stored text says who is named
in a 通报. The rule is declared here once and shown on the screen and in the bulletin as it is
applied (`LAGGING_RULE`): a prefecture is named when it is among the last `LAGGING_COUNT` of
any ranked KPI (among those with a figure) and in its lower half, or when its progress report
was late. The bulletin
is a Word document from an editable template, so the task force can still change the wording
before sending it; the figures stay those computed here, with the time they were computed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wageguard.core.calendar import statutory_holidays
from wageguard.regions.models import Region

from ..kpis import KPIS, Figure, Report, Scope, compute
from ..opinion.models import OpinionItem
from ..rounds import services as rounds
from ..rounds.models import DispatchRound, ProgressReport
from ..rounds.rules import ReportState


@dataclass(frozen=True)
class Ranked:
    """A KPI prefectures are ranked by; `higher_is_better` orders the table (best first)."""

    key: str
    higher_is_better: bool


# The KPIs the meeting ranks prefectures by: speed and completion of the work, not its volume
# (a prefecture with more workers receives more clues; that is not lagging).
RANKED: tuple[Ranked, ...] = (
    Ranked("clues_on_time_rate", True),
    Ranked("clues_resolved_rate", True),
    Ranked("clues_overdue", False),
    Ranked("cases_closed_rate", True),
    Ranked("systems_applied_rate", True),
)
# The figures on the screen's first page and at the head of the report.
HEADLINE: tuple[str, ...] = (
    "clues_received",
    "clues_overdue",
    "clues_on_time_rate",
    "cases_filed",
    "amount_owed",
    "amount_recovered",
    "workers_helped",
    "systems_applied_rate",
)
LAGGING_COUNT = 3
LAGGING_RULE = gettext_lazy(
    "排名规则：按按期办结率、办结率、逾期线索数、案件结案率、核心制度落实率分别排名；"
    "任一指标排在末3位（有数值的市州中，位于后一半且差于第1名），或进展情况逾期报送的，列为进展滞后单位。"
)


@dataclass
class Standing:
    """One prefecture in one ranking: its place (1 = best), figure and the previous round's."""

    region: Region
    place: int
    figure: Figure
    previous: Decimal | int | None
    lagging: bool

    @property
    def change(self) -> Decimal | int | None:
        if self.figure.value is None or self.previous is None:
            return None
        return self.figure.value - self.previous


@dataclass
class Ranking:
    kpi: Any
    higher_is_better: bool
    rows: list[Standing]


@dataclass
class PrefectureBrief:
    """A prefecture's page: its figures (now and the previous round), its report and why it is
    named, if it is."""

    region: Region
    figures: list[Figure]
    previous: dict[str, Any]
    report: ProgressReport | None
    late: bool
    reasons: list[str] = field(default_factory=list)

    def figure(self, key: str) -> Figure:
        return next(f for f in self.figures if f.kpi.key == key)

    def explanations(self) -> list[tuple[Any, str]]:
        """The report's explanation of each figure, by the KPI's label, in catalogue order."""
        said = self.report.explanations if self.report else {}
        return [(f.kpi.label, said[f.kpi.key]) for f in self.figures if said.get(f.kpi.key)]


@dataclass
class Countdown:
    """Days to the Spring Festival (the lunar New Year's Eve holiday, core.calendar) and the
    arrears still outstanding on the cases of the period."""

    festival: dt.date | None
    days: int | None
    outstanding: Decimal


@dataclass
class Briefing:
    round: DispatchRound
    report: Report
    previous_round: DispatchRound | None
    previous: Report | None
    prefectures: list[PrefectureBrief]
    rankings: list[Ranking]
    countdown: Countdown
    opinion: list[OpinionItem]
    computed_at: dt.datetime

    @property
    def lagging(self) -> list[PrefectureBrief]:
        return [p for p in self.prefectures if p.reasons]

    def headline(self) -> list[Figure]:
        return [f for f in self.report.total.figures if f.kpi.key in HEADLINE]

    def prefecture(self, code: str) -> PrefectureBrief | None:
        return next((p for p in self.prefectures if p.region.code == code), None)


def _values(report: Report | None) -> dict[str, dict[str, Any]]:
    if report is None:
        return {}
    return {row.region.code: {f.kpi.key: f.value for f in row.figures} for row in report.children}


def next_spring_festival(today: dt.date) -> dt.date | None:
    """The first day of the Spring Festival holiday on or after today (this year's or next)."""
    for year in (today.year, today.year + 1):
        days = [h.day for h in statutory_holidays(year) if "春节" in h.name and h.day >= today]
        if days:
            return min(days)
    return None


def _rank(kpi: Any, higher: bool, briefs: list[PrefectureBrief], before: dict) -> Ranking:
    scored = [(p, p.figure(kpi.key)) for p in briefs]
    with_value = [(p, f) for p, f in scored if f.value is not None]
    with_value.sort(key=lambda pf: (-pf[1].value if higher else pf[1].value, pf[0].region.code))
    # The last few are named only when worse than the best (equal figures are not lagging) and
    # in the lower half: with four figures in, the second best is not "lagging".
    best = with_value[0][1].value if with_value else None
    half = len(with_value) / 2
    last = {
        p.region.code
        for place, (p, f) in enumerate(with_value, start=1)
        if place > len(with_value) - LAGGING_COUNT and place > half and f.value != best
    }
    rows = []
    for place, (p, f) in enumerate(with_value, start=1):
        named = p.region.code in last
        if named:
            p.reasons.append(_("%(kpi)s排名第%(place)s") % {"kpi": kpi.label, "place": place})
        rows.append(Standing(p.region, place, f, before.get(p.region.code, {}).get(kpi.key), named))
    return Ranking(kpi, higher, rows)


def build(user: Any, dispatch_round: DispatchRound, today: dt.date | None = None) -> Briefing:
    """The round's briefing as `user` may see the records: the KPIs of the round's province and
    period by prefecture (one `compute`), the previous round's for the trend (one more), the
    reports, the rankings and the lagging units, the countdown and the escalated opinion items
    of the province."""
    today = today or timezone.localdate()
    r = dispatch_round
    report = compute(user, Scope(r.region, r.start, r.end, r.campaign))
    prev_round = r.previous
    previous = (
        compute(user, Scope(r.region, prev_round.start, prev_round.end, prev_round.campaign))
        if prev_round is not None
        else None
    )
    before = _values(previous)
    reports = {
        p.region_id: p
        for p in rounds.visible_reports(user)
        .filter(round=r)
        .select_related("round", "submitted_by")
    }
    briefs = []
    for row in report.children:
        progress = reports.get(row.region.code)
        late = progress is not None and rounds.is_late(progress, today)
        brief = PrefectureBrief(
            row.region, row.figures, before.get(row.region.code, {}), progress, late
        )
        briefs.append(brief)
    kpis = {k.key: k for k in KPIS}
    rankings = [_rank(kpis[x.key], x.higher_is_better, briefs, before) for x in RANKED]
    for brief in briefs:
        if brief.late:
            brief.reasons.append(
                _("进展情况逾期报送")
                if brief.report and brief.report.state == ReportState.SUBMITTED
                else _("进展情况逾期未报")
            )
    totals = {f.kpi.key: f.value for f in report.total.figures}
    outstanding = (totals.get("amount_owed") or Decimal(0)) - (
        totals.get("amount_recovered") or Decimal(0)
    )
    festival = next_spring_festival(today)
    countdown = Countdown(festival, (festival - today).days if festival else None, outstanding)
    opinion = list(
        OpinionItem.objects.restrict(user, "view")
        .for_meeting_screen()
        .in_region(r.region.code)
        .select_related("region")
        .order_by("-escalated_at", "-pk")[:10]
    )
    return Briefing(
        r, report, prev_round, previous, briefs, rankings, countdown, opinion, report.computed_at
    )
