"""The enterprise page (企业档案): who the enterprise is, then its history in every app, each part
limited to the viewer's jurisdiction by the app that owns it (`extensions.ENTERPRISE_PANELS`)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from .extensions import ENTERPRISE_PANELS
from .models import Enterprise


@login_required
def enterprise_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An enterprise's identity is national reference data (its credit code is public); what it
    did is shown only where the viewer's role and jurisdiction reach. A user to whom no app
    shows anything (an administrator) is refused."""
    enterprise = get_object_or_404(Enterprise, pk=pk)
    panels = [
        (panel.template, ctx)
        for panel in ENTERPRISE_PANELS
        if (ctx := panel.context(enterprise, request.user)) is not None
    ]
    if not panels:
        raise PermissionDenied
    return render(request, "parties/enterprise.html", {"enterprise": enterprise, "panels": panels})
