"""The one way a clue changes state (DESIGN: Workflow): permission, jurisdiction, the transition
table, the action's typed fields and effect (declared in `clues.actions`), the stage deadline,
history and audit, in one transaction."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wageguard.core import audit
from wageguard.org.models import User

# The module, not its names: `actions` builds on this package's `steps` and `routing`, so it may
# still be loading when this module is first imported.
from .. import actions
from ..models import Clue
from ..rules import WORKFLOW
from .steps import check_can_act, history

_AUDIT_FIELDS = [
    "state",
    "region",
    "agency",
    "assignee",
    "due_date",
    "outcome",
    "urgent",
    "merged_into",
]
# What the history keeps of the fields, besides the note: the reporter's timeline may show them.
_RECORDED = ("reason", "resolution", "target")


@transaction.atomic
def transition(clue: Clue, action: str, user: User, **data) -> Clue:
    """The only way a clue changes state. `data` carries the action's fields (reason, note...),
    typed by the action's declared fields here whoever calls: the page, the API, another app."""
    if action not in actions.ACTIONS:
        raise ValidationError({"action": _("没有这项操作：%(action)s") % {"action": action}})
    spec = actions.ACTIONS.get(action)
    clue = Clue.objects.select_for_update().get(pk=clue.pk)
    check_can_act(user, clue, spec.needs)
    target = WORKFLOW.next_or_error(clue.state, action)
    typed = spec.clean(data, clue, user)
    before_state = clue.state
    before = audit.snapshot(clue, _AUDIT_FIELDS)
    if spec.next_state is not None:
        target = spec.next_state(clue, target)
    extra = spec.effect(clue, user, **typed) or {}
    clue.state = target
    clue.save()
    note = typed.get("note", "")
    recorded = {**{k: typed[k] for k in _RECORDED if typed.get(k)}, **extra}
    history(clue, action, user, before_state, note=note, public=spec.public, **recorded)
    audit.record(
        spec.audit_name,
        obj=clue,
        actor=user,
        before=before,
        after=audit.snapshot(clue, _AUDIT_FIELDS),
        reason=note or str(extra.get("reason", "")),
    )
    return clue
