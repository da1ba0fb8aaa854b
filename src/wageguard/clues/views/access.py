"""What every staff clue page shares: the permission check, the one scoped read
(another jurisdiction's clue is a 404, never a 403 that would confirm it exists) and
personal-data masking."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from wageguard.org.rules import sees_personal_data
from wageguard.parties.rules import mask_id_number, mask_name, mask_phone

from ..models import Clue


def require(request: HttpRequest, action: str) -> None:
    if not request.user.can(action, "clues.clue"):
        raise PermissionDenied


def listing(request: HttpRequest):
    return Clue.objects.restrict(request.user, "view").select_related(
        "region", "agency", "assignee"
    )


def masker(user):
    """Functions that show or mask personal data, by the viewer's need to know."""
    if sees_personal_data(user):
        return lambda v: v, lambda v: v, lambda v: v
    return mask_name, mask_id_number, mask_phone


def get_clue(request: HttpRequest, pk: int) -> Clue:
    return get_object_or_404(listing(request).select_related("merged_into"), pk=pk)
