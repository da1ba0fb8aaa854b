"""The round page's documents: generate (POST, the province's task force) and download (who may
see them, `services.may_see`: 404 for anyone else, so a prefecture or a county cannot tell
whether a document exists). The panel itself is drawn by `panel()` into the round page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wageguard.core import audit

from ..rounds import services as rounds
from ..rounds.models import DispatchRound
from . import services
from .models import DispatchDocument
from .rules import Kind


def panel(user: Any, dispatch_round: DispatchRound) -> dict[str, Any]:
    """The round page's "调度报告与通报" panel: shown only to who may see the documents.
    `dispatch_round` was read through `rounds.visible_rounds(user)` (the round page's 404)."""
    if not services.may_see_visible(user, dispatch_round):
        return {"visible": False}
    documents = DispatchDocument.objects.filter(round=dispatch_round).select_related("generated_by")
    return {
        "visible": True,
        "documents": list(documents),
        "may_generate": rounds.may_request(user),
        "kinds": Kind.choices,
    }


def _round(user: Any, pk: int) -> DispatchRound:
    if not rounds.may_view(user):
        raise PermissionDenied
    r = get_object_or_404(rounds.visible_rounds(user).select_related("region"), pk=pk)
    if not services.may_see_visible(user, r):
        raise Http404
    return r


@login_required
@require_POST
def generate(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    user = request.user
    r = _round(user, pk)
    if kind not in Kind.values:
        raise Http404
    if not services.may_generate(user, r):
        raise PermissionDenied
    try:
        services.generate(user, r, kind)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("已生成%(kind)s（Word、Excel）") % {"kind": Kind(kind).label})
    return redirect("dispatch:round", pk=r.pk)


@login_required
def download(request: HttpRequest, pk: int, doc_id: int) -> FileResponse:
    """The stored file exactly as generated (its hash is on record); audited."""
    user = request.user
    r = _round(user, pk)
    document = get_object_or_404(DispatchDocument.objects.filter(round=r), pk=doc_id)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    audit.record(
        "dispatch.document_download",
        obj=r,
        actor=user,
        after={"document": document.pk, "kind": document.kind, "format": document.format},
    )
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=services.download_name(document),
        content_type=services.content_type(document),
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
