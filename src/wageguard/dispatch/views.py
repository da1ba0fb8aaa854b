"""The KPI page (/dispatch/kpis/): the figures of a division and period, each a link to its
list, its definition as a tooltip, and the same figures per division one level below with a
link to drill further (province → prefectures → counties)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from wageguard.core.forms import apply_errors
from wageguard.regions.models import Level

from . import scope as scopes
from .forms import KpiForm
from .kpis import compute


@login_required
def kpi_page(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not scopes.may_view(user):
        raise PermissionDenied
    form = KpiForm(request.GET or None, user=user)
    report = None
    if not form.is_bound or form.is_valid():
        data = form.cleaned_data if form.is_bound else {}
        try:
            scope = scopes.resolve(
                user,
                data.get("region") or None,
                data.get("start"),
                data.get("end"),
                int(data["campaign"]) if data.get("campaign") else None,
            )
            report = compute(user, scope)
        except ValidationError as exc:
            apply_errors(form, exc)
    drill = []
    chart = None
    if report is not None:
        for row in report.children:
            query = {
                "region": row.region.code,
                "start": report.scope.start.isoformat(),
                "end": report.scope.end.isoformat(),
            }
            if report.scope.campaign is not None:
                query["campaign"] = report.scope.campaign.pk
            drill.append((row, reverse("dispatch:kpis") + "?" + urlencode(query)))
        if drill:
            chart = _chart(report, drill)
    return render(
        request,
        "dispatch/kpis.html",
        {
            "form": form,
            "report": report,
            "drill": drill,
            "children_label": scopes.child_regions_label(report.scope.region) if report else "",
            "chart": chart,
        },
    )


# The figure the dashboard's chart shows per division: how late the work is.
CHART_KPI = "clues_on_time_rate"
CHART_COUNT = "clues_overdue"


def _chart(report, drill) -> dict:
    """The chart of the divisions one level below: a map of the prefectures for a province
    (coloured by on-time rate), bars of overdue clues per county for a prefecture; each division
    links to its own dashboard."""
    region = report.scope.region
    rows = []
    for row, url in drill:
        values = {f.kpi.key: f.value for f in row.figures}
        rate, overdue = values.get(CHART_KPI), values.get(CHART_COUNT)
        rows.append(
            {
                "code": row.region.code,
                "name": row.region.name,
                "rate": None if rate is None else float(rate),
                "overdue": overdue,
                "url": url,
            }
        )
    labels = {f.kpi.key: str(f.kpi.label) for f in report.total.figures}
    kind = "map" if region.level == Level.PROVINCE else "bars"
    return {
        "kind": kind,
        "map": reverse("regions:map", args=[region.province_code]) if kind == "map" else "",
        "rate_label": labels.get(CHART_KPI, ""),
        "count_label": labels.get(CHART_COUNT, ""),
        "rows": rows,
    }
