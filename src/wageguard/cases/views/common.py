"""What every case page starts with: the role's permission and the case within the viewer's
jurisdiction (another jurisdiction's case is a 404, never a 403 that would confirm it exists)."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from ..models import EnforcementCase

MODEL = "cases.enforcementcase"


def require(request: HttpRequest, action: str) -> None:
    if not request.user.can(action, MODEL):
        raise PermissionDenied


def get_case(request: HttpRequest, pk: int) -> EnforcementCase:
    """The case if the viewer's jurisdiction holds it, else 404."""
    require(request, "view")
    return get_object_or_404(
        EnforcementCase.objects.restrict(request.user, "view").select_related(
            "region", "agency", "clue"
        ),
        pk=pk,
    )
