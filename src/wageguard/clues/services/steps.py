"""What every step of a clue shares: the stage deadline, the history line, the permission check,
and the slot for the effects another app does. It imports nothing of the clue's actions, so the
action declarations (`clues.actions`) and the transition service can both build on it."""

import datetime as dt
from collections.abc import Callable

from django.utils import timezone
from django.utils.translation import gettext as _

from wageguard.core.calendar import add_workdays
from wageguard.core.registry import Registry
from wageguard.core.scoping import check_may
from wageguard.org.models import User

from ..models import Clue, ClueHistory

# Actions whose work another app does, registered in that app's ready(): filing the case of a
# clue converted to a case is the cases app's (cases builds on clues, never the other way). The
# effect runs inside the clue's transition, in its transaction, and returns what the clue's
# history records of it.
ACTION_EFFECTS: Registry[Callable[[Clue, User], dict]] = Registry("clue action effects")


def local_date(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date()


def stage_due(start: dt.date, days: int) -> tuple[dt.date, bool]:
    answer = add_workdays(start, days)
    return answer.date, answer.provisional


def history(
    clue: Clue,
    action: str,
    actor: User | None,
    before: str,
    note: str = "",
    *,
    public: bool,
    **data,
) -> None:
    """`public`: whether the reporter's timeline shows the step (the action declares it)."""
    ClueHistory.write(clue, action, actor, before, note, data=data, public=public)


def check_can_act(user: User, clue: Clue, action: str) -> None:
    check_may(user, action, "clues.clue", clue.region_id, _("该线索不在您的辖区内"))
