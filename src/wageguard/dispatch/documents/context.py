"""A round's briefing as the documents print it: every figure from `meeting.briefing.build`,
formatted once here for Word (text) and handed to Excel as numbers. Nothing is recomputed: the
figures, rankings, lagging units and countdown are the briefing's, so the documents say what the
meeting screen shows for the same round."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from wageguard.cases.documents import chinese_date
from wageguard.regions.loader import short_name

from ..kpis import KPIS
from ..kpis.base import MONEY, RATE, Figure
from ..meeting.briefing import HEADLINE, LAGGING_RULE, Briefing, PrefectureBrief
from ..rounds.rules import ReportState
from .rules import Kind

DASH = "—"
_CONTROL = dict.fromkeys(c for c in range(32) if c not in (9, 10))
# Characters a sheet's name may not hold (Excel), and its length limit.
_SHEET_FORBIDDEN = str.maketrans(dict.fromkeys("[]:*?/\\", ""))
SHEET_NAME_MAX = 31


def kinds() -> dict[str, str]:
    return {k.key: k.kind for k in KPIS}


def display(value: int | Decimal | None, kind: str) -> str:
    """A figure as the Word documents print it: 1,234 / 1,234.56 / 85.3% / — (nothing counted).
    Decimals are formatted as Decimals, never through a float."""
    if value is None:
        return DASH
    if kind == RATE:
        return f"{Decimal(value):.1f}%"
    if kind == MONEY:
        return f"{Decimal(value):,.2f}"
    return f"{int(value):,}"


def change(now: int | Decimal | None, before: Any, kind: str) -> str:
    """The change from the previous round (+1.5 / -3 / 0); — when either is unknown."""
    if now is None or before is None:
        return DASH
    diff = Decimal(now) - Decimal(before)
    if kind == RATE:
        text = f"{diff:.1f}"
    elif kind == MONEY:
        text = f"{diff:,.2f}"
    else:
        text = f"{int(diff):,}"
    return text if diff <= 0 else "+" + text


def moment(value: dt.datetime | None) -> str:
    """2026年12月4日 18:42 (local time): when a figure was computed or a file written."""
    if value is None:
        return DASH
    local = timezone.localtime(value)
    return f"{chinese_date(local.date())} {local:%H:%M}"


def clean(text: str) -> str:
    """Text people typed, without the control characters docxtpl would turn into page or
    paragraph breaks (line breaks stay)."""
    return (text or "").translate(_CONTROL).strip()


def sheet_name(name: str, taken: set[str]) -> str:
    """A prefecture's sheet: its short name (成都, 凉山州), within Excel's 31 characters and
    distinct from the sheets already named."""
    short = short_name(name)
    if short and name.endswith("自治州"):
        short += "州"
    base = (short or name).translate(_SHEET_FORBIDDEN)[:SHEET_NAME_MAX] or "sheet"
    candidate, n = base, 2
    while candidate in taken:
        suffix = f"({n})"
        candidate, n = base[: SHEET_NAME_MAX - len(suffix)] + suffix, n + 1
    taken.add(candidate)
    return candidate


def _values(figures: list[Figure], kind_of: dict[str, str]) -> dict[str, str]:
    return {f.kpi.key: display(f.value, kind_of[f.kpi.key]) for f in figures}


def status(p: PrefectureBrief) -> str:
    if p.report is None or p.report.state != ReportState.SUBMITTED:
        return _("逾期未报送") if p.late else _("尚未报送")
    when = moment(p.report.submitted_at)
    return (_("逾期报送（%(when)s）") if p.late else _("已报送（%(when)s）")) % {"when": when}


def _prefecture(p: PrefectureBrief, kind_of: dict[str, str]) -> dict[str, Any]:
    report = p.report if p.report is not None and p.report.state == ReportState.SUBMITTED else None
    labels = {k.key: str(k.label) for k in KPIS}
    explanations = [
        {"label": labels.get(key, key), "text": clean(text)}
        for key, text in (report.explanations.items() if report else [])
        if clean(text)
    ]
    narrative = clean(report.narrative) if report else ""
    return {
        "code": p.region.code,
        "name": p.region.name,
        "v": _values(p.figures, kind_of),
        "figures": [
            {
                "key": f.kpi.key,
                "label": str(f.kpi.label),
                "unit": str(f.kpi.unit),
                "value": display(f.value, kind_of[f.kpi.key]),
                "previous": display(p.previous.get(f.kpi.key), kind_of[f.kpi.key]),
                "change": change(f.value, p.previous.get(f.kpi.key), kind_of[f.kpi.key]),
            }
            for f in p.figures
        ],
        "status": status(p),
        "late": p.late,
        "lines": [line for line in narrative.splitlines() if line.strip()],
        "explanations": explanations,
        "reasons": "；".join(p.reasons),
    }


def title(b: Briefing, kind: str) -> str:
    if kind == Kind.BULLETIN:
        return _("关于%(round)s进展滞后单位的通报") % {"round": str(b.round)}
    return _("%(round)s调度情况报告") % {"round": str(b.round)}


def build_context(b: Briefing, kind: str, generated_at: dt.datetime) -> dict[str, Any]:
    """What the Word templates may print (docs/dispatch.md lists every name)."""
    kind_of = kinds()
    r = b.round
    totals = {f.kpi.key: f for f in b.report.total.figures}
    previous = (
        {f.kpi.key: f.value for f in b.previous.total.figures} if b.previous is not None else {}
    )
    headline = [
        {
            "key": key,
            "label": str(totals[key].kpi.label),
            "unit": str(totals[key].kpi.unit),
            "value": display(totals[key].value, kind_of[key]),
            "previous": display(previous.get(key), kind_of[key]),
            "change": change(totals[key].value, previous.get(key), kind_of[key]),
        }
        for key in HEADLINE
        if key in totals
    ]
    prefectures = [_prefecture(p, kind_of) for p in b.prefectures]
    lagging = [p for p in prefectures if p["reasons"]]
    rankings = [
        {
            "label": str(rk.kpi.label),
            "order": _("数值越高越好") if rk.higher_is_better else _("数值越低越好"),
            "rows": [
                {
                    "place": s.place,
                    "name": s.region.name,
                    "value": display(s.figure.value, rk.kpi.kind),
                    "previous": display(s.previous, rk.kpi.kind),
                    "change": change(s.figure.value, s.previous, rk.kpi.kind),
                    "mark": _("滞后") if s.lagging else "",
                }
                for s in rk.rows
            ],
        }
        for rk in b.rankings
    ]
    c = b.countdown
    return {
        "title": title(b, kind),
        "kind": str(Kind(kind).label),
        "round": str(r),
        "round_title": r.title,
        "round_number": r.number,
        "province": r.region.name,
        "period": _("%(start)s至%(end)s")
        % {"start": chinese_date(r.start), "end": chinese_date(r.end)},
        "due_date": chinese_date(r.due_date),
        "campaign": r.campaign.name if r.campaign else "",
        "previous_round": str(b.previous_round) if b.previous_round else "",
        "computed_at": moment(b.computed_at),
        "generated_at": moment(generated_at),
        "date": chinese_date(timezone.localtime(generated_at).date()),
        "labels": {k.key: str(k.label) for k in KPIS},
        "units": {k.key: str(k.unit) for k in KPIS},
        "headline": headline,
        "total": {"name": r.region.name, "v": _values(b.report.total.figures, kind_of)},
        "prefectures": prefectures,
        "rankings": rankings,
        "lagging": lagging,
        "late": [p["name"] for p in prefectures if p["late"]],
        "not_reported": [
            p.region.name
            for p in b.prefectures
            if p.report is None or p.report.state != ReportState.SUBMITTED
        ],
        "rule": str(LAGGING_RULE),
        "festival": chinese_date(c.festival) if c.festival else "",
        "days_to_festival": c.days if c.days is not None else DASH,
        "outstanding": display(c.outstanding, MONEY),
        "opinion": [
            {
                "title": clean(item.title),
                "region": item.region.name if item.region_id else "",
                "risk": item.get_risk_display(),
                "state": item.get_state_display(),
                "seen_at": moment(item.seen_at),
            }
            for item in b.opinion
        ],
    }
