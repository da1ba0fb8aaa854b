"""督办总览 for the dispatch meeting."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from wageguard.core.deadlines import Clock

from .. import filters
from ..reports import overview
from .access import require


@login_required
def overview_page(request: HttpRequest) -> HttpResponse:
    """督办总览 for the dispatch meeting: each number drills down to the filtered inbox."""
    require(request, "view")
    clock = Clock.now(filters.STAGE)
    rows = overview.rows(request.user, clock)
    return render(
        request,
        "clues/overview.html",
        {
            "rows": rows,
            "totals": overview.totals(rows),
            "home": overview.viewer_region(request.user),
            "today": clock.today,
        },
    )
