"""案件台账: the jurisdiction's cases with the filters the API shares (`cases.filters`)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from wageguard.core.deadlines import Clock
from wageguard.core.paging import capped_page, filter_params, query_string

from .. import filters
from ..forms.lists import CaseFilterForm, list_regions
from ..models import EnforcementCase
from .common import MODEL, require

FILTER_NAMES = (
    "state",
    "sla",
    "region",
    "own_level",
    "filed_from",
    "filed_to",
    "transferred",
    "q",
    "sort",
)


def list_params(request: HttpRequest) -> dict[str, str]:
    """The list's filters from the query string: the page and its Excel export read the same."""
    return filter_params(request, FILTER_NAMES)


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    """案件台账: the jurisdiction's cases, nearest deadline first."""
    require(request, "view")
    user = request.user
    clock = Clock.now(filters.STAGE)
    params = list_params(request)
    listing = EnforcementCase.objects.restrict(user, "view")
    error = ""
    try:
        qs = filters.apply(listing, params, clock)
    except ValidationError as exc:
        error = " ".join(exc.messages)
        qs = listing.none()
    pager = capped_page(request, qs, params, fetch=filters.page)
    sort = params.get("sort", "due")
    return render(
        request,
        "cases/list.html",
        {
            "form": CaseFilterForm(request.GET or None, regions=list_regions(user)),
            "rows": [(c, clock.of(c)) for c in pager.rows],
            "error": error,
            **pager.context(),
            "sort": sort,
            "sort_links": {
                key: query_string(params, sort=("-" + key if sort == key else key))
                for key in ("due", "filed")
            },
            "can_file": user.can("file", MODEL),
        },
    )
