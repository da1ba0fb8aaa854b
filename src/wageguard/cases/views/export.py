"""案件台账 as Excel: the list page's cases under the same filters, for the bureau's reports.

Reading the ledger needs only "view" (it carries no personal data: units, never workers), but
each export is audited with its filter and row count, like the clue ledger's.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from wageguard.core import audit, xlsx
from wageguard.core.deadlines import Clock

from .. import export, filters
from ..models import EnforcementCase
from .common import require
from .lists import list_params


@login_required
def export_xlsx(request: HttpRequest) -> HttpResponse:
    """The filtered list as .xlsx; a bad filter goes back to the list, which names it."""
    require(request, "view")
    clock = Clock.now(filters.STAGE)
    params = list_params(request)
    try:
        qs = filters.apply(EnforcementCase.objects.restrict(request.user, "view"), params, clock)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(f"{reverse('cases:list')}?{request.GET.urlencode()}")
    out, count = export.build(qs, clock)
    audit.record("case.export", actor=request.user, after={"filter": params, "rows": count})
    return xlsx.download(out, export.TITLE)
