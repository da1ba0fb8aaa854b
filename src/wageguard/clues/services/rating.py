"""The reporter's rating of the reply; "not resolved" within the set period reopens the clue."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wageguard.core import audit
from wageguard.core.calendar import add_workdays

from ..models import Clue, ClueSettings, Satisfaction
from ..rules import Action, State
from .steps import history, local_date, stage_due

# The 1-5 score in the words the worker chose it by (declared once, on the model's field).
SATISFACTION = dict(Satisfaction.choices)


def satisfaction_label(score: int | None) -> str:
    """The words of a stored score ("" for none or an unknown value)."""
    try:
        return str(SATISFACTION.get(int(score), "")) if score is not None else ""
    except (TypeError, ValueError):
        return ""


@transaction.atomic
def rate(clue: Clue, score: int, comment: str = "", resolved: bool = True) -> Clue:
    """The reporter's rating after the reply; "not resolved" reopens within the set period."""
    clue = Clue.objects.select_for_update().get(pk=clue.pk)
    if clue.replied_at is None:
        raise ValidationError({"score": _("答复后才能评价")})
    if not 1 <= int(score) <= 5:
        raise ValidationError({"score": _("评分须为 1 至 5")})
    clue.rating, clue.rating_comment, clue.rated_at = int(score), comment[:500], timezone.now()
    clue.save(update_fields=["rating", "rating_comment", "rated_at", "updated_at"])
    audit.record("clue.rate", obj=clue, after={"score": clue.rating, "resolved": resolved})
    if not resolved and clue.state in {State.REPLIED, State.CLOSED}:
        cfg = ClueSettings.for_province()
        limit = add_workdays(local_date(clue.replied_at), cfg.reopen_days).date
        if timezone.localdate() <= limit:
            before = clue.state
            # The history keeps the reply being reopened and its rating: the reporter's page
            # shows every reply, and the clue's fields will hold the next one.
            earlier = {"reply_text": clue.reply_text, "replied_at": clue.replied_at}
            clue.state = State.VERIFYING
            clue.reopened_count += 1
            clue.replied_at = clue.replied_on = clue.closed_at = None
            clue.due_date, clue.due_provisional = stage_due(timezone.localdate(), cfg.reply_days)
            clue.save()
            history(
                clue,
                Action.REOPEN,
                None,
                before,
                note="反映人表示问题未解决",
                public=True,
                score=clue.rating,
                **earlier,
            )
            audit.record("clue.reopen", obj=clue, reason="反映人表示问题未解决")
    return clue
