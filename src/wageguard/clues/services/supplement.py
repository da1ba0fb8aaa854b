"""The complainant's own supplement (补正) from the public tracking page: the same effect as the
staff's `supplement` action (`clues.actions.supplement`), with no member of staff acting."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wageguard.core import audit

from .. import actions
from ..models import Clue
from ..rules import WORKFLOW, Action, State
from .steps import history


@transaction.atomic
def by_reporter(
    clue: Clue, *, detail: str, employer_name: str = "", employer_credit_code: str = ""
) -> Clue:
    """Records what the complainant supplied; the clue returns to 已接收 with a new acceptance
    limit (see `actions.supplement`)."""
    clue = Clue.objects.select_for_update().get(pk=clue.pk)
    if clue.state != State.AWAITING_SUPPLEMENT:
        raise ValidationError({"detail": _("本线索当前无需补正")})
    detail = (detail or "").strip()
    if not detail:
        raise ValidationError({"detail": _("请填写补正的内容")})
    spec = actions.ACTIONS.get(Action.SUPPLEMENT)
    before = clue.state
    extra = spec.effect(
        clue,
        None,
        employer_name=employer_name or "",
        employer_credit_code=employer_credit_code or "",
        detail=detail[:2000],
        note="",
    )
    clue.state = WORKFLOW.next_or_error(before, Action.SUPPLEMENT)
    clue.save()
    history(clue, Action.SUPPLEMENT, None, before, note="反映人补正", public=True, **extra)
    audit.record(spec.audit_name, obj=clue, after={"state": clue.state, **extra})
    return clue
