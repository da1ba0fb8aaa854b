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
    return render(
        request,
        "dispatch/kpis.html",
        {
            "form": form,
            "report": report,
            "drill": drill,
            "children_label": scopes.child_regions_label(report.scope.region) if report else "",
        },
    )
