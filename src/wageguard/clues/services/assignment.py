"""Bulk assignment (交办到人) from the inbox: one assignee for many clues, each checked alone.

Kept out of `services.transition` because assigning is not a state change: the clue stays where
it is in the workflow and only gains a handler. Every clue is still re-checked for jurisdiction,
and the assignee must belong to the clue's own bureau, so a city supervisor cannot hand a
county's clue to someone in another county.
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from wageguard.core import audit
from wageguard.org.models import User

from ..models import Clue, ClueHistory
from ..rules import OPEN_STATES


@dataclass
class AssignResult:
    assigned: list[Clue] = field(default_factory=list)
    skipped: list[tuple[Clue, str]] = field(default_factory=list)


@transaction.atomic
def bulk_assign(user: User, clues, assignee: User) -> AssignResult:
    """Assigns each clue the user may assign; clues that do not fit are skipped with a reason."""
    if not user.can("assign", "clues.clue"):
        raise PermissionDenied(_("您的角色不能交办线索"))
    result = AssignResult()
    ids = [c.pk for c in clues]
    rows = Clue.objects.select_for_update().filter(pk__in=ids).order_by("pk")
    for clue in rows:
        if not user.in_jurisdiction(clue.region_id):
            result.skipped.append((clue, _("不在您的辖区内")))
        elif clue.state not in OPEN_STATES:
            result.skipped.append((clue, _("线索已不在办理中")))
        elif not assignee.is_active or assignee.agency_id != clue.agency_id:
            result.skipped.append((clue, _("承办人须为该线索承办机构的在岗人员")))
        elif clue.assignee_id == assignee.pk:
            result.skipped.append((clue, _("已由该承办人办理")))
        else:
            before = clue.assignee_id
            clue.assignee = assignee
            clue.save(update_fields=["assignee", "updated_at"])
            ClueHistory.write(
                clue,
                "assign",
                user,
                clue.state,
                f"交办给 {assignee.display_name}",
                data={"assignee": assignee.pk},
            )
            audit.record(
                "clue.assign",
                obj=clue,
                actor=user,
                before={"assignee": before},
                after={"assignee": assignee.pk},
            )
            result.assigned.append(clue)
    return result
