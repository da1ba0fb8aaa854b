"""What every staff clue page shares: the permission check, the one scoped read
(another jurisdiction's clue is a 404, never a 403 that would confirm it exists),
personal-data masking and the audit of every page that shows personal data."""

from collections.abc import Iterable, Mapping

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from wageguard.core import audit
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


MASKED = (mask_name, mask_id_number, mask_phone)


def _clear(value):
    return value


def masker(user):
    """Functions that show or mask personal data, by the viewer's need to know. For one clue's
    page; lists show `MASKED` values to everyone and offer a reveal per row."""
    if sees_personal_data(user):
        return _clear, _clear, _clear
    return MASKED


def require_reveal(user) -> None:
    """Revealing a row is for roles whose work needs the full numbers; the others are told why."""
    if not sees_personal_data(user):
        raise PermissionDenied(
            _("您的岗位无需知悉反映人的个人信息，不能显示完整的姓名和手机号码。")
        )


# The reads the clue pages and API record (audit.READ_ACTIONS, registered in CluesConfig.ready).
READS = ("clue.view", "clue.list", "clue.reveal", "export.xlsx")


def audit_read(
    request: HttpRequest,
    action: str,
    mode: str,
    ids: Iterable[int] | None,
    clear_ids: Iterable[int] = (),
    query: Mapping[str, str] | None = None,
    obj: Clue | None = None,
    rows: int | None = None,
    clear: bool | None = None,
) -> None:
    """One audit event for one response that showed clue personal data."""
    audit.record_read(
        action,
        model=Clue,
        mode=mode,
        ids=ids,
        clear_ids=clear_ids,
        clear=clear,
        query=query,
        rows=rows,
        obj=obj,
        actor=request.user,
    )


def get_clue(request: HttpRequest, pk: int) -> Clue:
    return get_object_or_404(
        listing(request).select_related("merged_into", "region__parent"), pk=pk
    )
