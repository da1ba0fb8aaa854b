"""The meeting screen (视频调度会议大屏): one round's briefing as pages for a video conference.

Pages follow the agenda: the overview (headline figures, countdown, map of the prefectures,
who is named), the rankings, the trend against the previous round, the escalated public-opinion
items, then one page per prefecture (its figures, its report, its counties, each county's
overdue items a click away). Only those whose jurisdiction holds the round's whole province
open it: a prefecture would see other prefectures' figures as zero, which would mislead.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ..kpis import Scope, compute
from ..rounds import services as rounds
from ..rounds.models import DispatchRound
from . import briefing

# The fixed pages, in agenda order; the prefectures' pages follow.
PAGES = (
    ("overview", gettext_noop("总体情况")),
    ("ranking", gettext_noop("排名")),
    ("trend", gettext_noop("与上轮比较")),
    ("opinion", gettext_noop("舆情预警")),
)
# The KPI the map colours by (a rate: red when low).
MAP_KPI = "clues_on_time_rate"


def may_open(user: Any, r: DispatchRound) -> bool:
    return bool(rounds.may_view(user) and user.in_jurisdiction(r.region_id))


def _round(user: Any, pk: int) -> DispatchRound:
    r = get_object_or_404(
        rounds.visible_rounds(user).select_related("region", "previous", "campaign"), pk=pk
    )
    if not may_open(user, r):
        raise PermissionDenied(_("调度会大屏仅向本轮调度所在省级辖区的用户开放"))
    return r


@login_required
def latest(request: HttpRequest) -> HttpResponse:
    """The newest round the viewer may open: what the task force wants on the day."""
    if not rounds.may_view(request.user):
        raise PermissionDenied
    for r in rounds.visible_rounds(request.user).order_by("-start", "-pk")[:20]:
        if may_open(request.user, r):
            return redirect("dispatch:meeting", pk=r.pk)
    raise Http404(_("暂无可打开的调度轮次"))


def _agenda(pk: int, b: briefing.Briefing) -> list[tuple[str, str, str]]:
    items = [
        (key, _(label), reverse("dispatch:meeting-page", args=[pk, key])) for key, label in PAGES
    ]
    for p in b.prefectures:
        items.append(
            (
                p.region.code,
                p.region.name,
                reverse("dispatch:meeting-page", args=[pk, p.region.code]),
            )
        )
    return items


def _number(value: Any) -> float | None:
    return None if value is None else float(value)


@login_required
def screen(request: HttpRequest, pk: int, page: str = "overview") -> HttpResponse:
    user = request.user
    r = _round(user, pk)
    b = briefing.build(user, r)
    agenda = _agenda(r.pk, b)
    keys = [key for key, _label, _url in agenda]
    if page not in keys:
        raise Http404
    index = keys.index(page)
    context: dict[str, Any] = {
        "round": r,
        "b": b,
        "page": page,
        "agenda": agenda,
        "previous_url": agenda[index - 1][2] if index > 0 else None,
        "next_url": agenda[index + 1][2] if index + 1 < len(agenda) else None,
        "title": agenda[index][1],
        "lagging_rule": briefing.LAGGING_RULE,
    }
    named = {p.region.code for p in b.lagging}
    if page == "overview":
        context["map"] = {
            "url": reverse("regions:map", args=[r.region.province_code]),
            "label": next(str(k.kpi.label) for k in b.report.total.figures if k.kpi.key == MAP_KPI),
            "rows": [
                {
                    "code": p.region.code,
                    "name": p.region.name,
                    "value": _number(p.figure(MAP_KPI).value),
                    "lagging": p.region.code in named,
                    "url": reverse("dispatch:meeting-page", args=[r.pk, p.region.code]),
                }
                for p in b.prefectures
            ],
        }
    elif page == "trend":
        context["trend"] = _trend(b)
    elif page not in dict(PAGES):
        brief = b.prefecture(page)
        sub = compute(user, Scope(brief.region, r.start, r.end, r.campaign))
        context.update(
            brief=brief,
            figures=[(f, brief.previous.get(f.kpi.key)) for f in brief.figures],
            counties=sub.children,
            county_keys=briefing.HEADLINE,
            dashboard=reverse("dispatch:kpis"),
        )
    return render(request, "dispatch/meeting/screen.html", context)


def _trend(b: briefing.Briefing) -> list[dict[str, Any]]:
    """Per headline KPI, the province's figure now and in the previous round, and its change."""
    before = {}
    if b.previous is not None:
        before = {f.kpi.key: f.value for f in b.previous.total.figures}
    out = []
    for f in b.headline():
        prev = before.get(f.kpi.key)
        change = None if f.value is None or prev is None else f.value - prev
        out.append(
            {"figure": f, "previous": prev, "change": change, "up": change and change > Decimal(0)}
        )
    return out
