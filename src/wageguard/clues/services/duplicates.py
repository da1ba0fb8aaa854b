"""Duplicate suggestions for one clue (FixMyStreet: suggested at triage, merged by staff).

Matches the same employer (credit code or normalised name), the same project (normalised name)
or the same reporter phone, received within the province's window either side, in the viewer's
jurisdiction only. One query; each suggestion says why it matched.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext as _

from wageguard.org.models import User

from ..models import Clue, ClueSettings
from ..rules import State

LIMIT = 10


@dataclass(frozen=True)
class Suggestion:
    clue: Clue
    reasons: list[str]


def _match(clue: Clue) -> Q | None:
    q = Q()
    if clue.employer_credit_code:
        q |= Q(employer_credit_code=clue.employer_credit_code)
    if clue.employer_name_norm:
        q |= Q(employer_name_norm=clue.employer_name_norm)
    if clue.project_name_norm:
        q |= Q(project_name_norm=clue.project_name_norm)
    if clue.phone:
        q |= Q(phone=clue.phone)
    return q or None


def _reasons(clue: Clue, other: Clue) -> list[str]:
    reasons = []
    if clue.employer_credit_code and other.employer_credit_code == clue.employer_credit_code:
        reasons.append(_("统一社会信用代码相同"))
    elif clue.employer_name_norm and other.employer_name_norm == clue.employer_name_norm:
        reasons.append(_("用人单位名称相同"))
    if clue.project_name_norm and other.project_name_norm == clue.project_name_norm:
        reasons.append(_("项目名称相同"))
    if clue.phone and other.phone == clue.phone:
        reasons.append(_("反映人手机号相同"))
    return reasons


def suggestions(clue: Clue, user: User) -> list[Suggestion]:
    """Possible duplicates of `clue` the user may see, newest first, at most ten."""
    match = _match(clue)
    if match is None:
        return []
    window = dt.timedelta(days=ClueSettings.for_province().duplicate_window_days)
    qs = (
        Clue.objects.restrict(user, "view")
        .filter(match)
        .filter(
            received_at__gte=clue.received_at - window,
            received_at__lte=clue.received_at + window,
            merged_into__isnull=True,
        )
        .exclude(pk=clue.pk)
        .exclude(state=State.MERGED)
        .select_related("region")
        .order_by("-received_at", "-pk")[:LIMIT]
    )
    return [Suggestion(other, _reasons(clue, other)) for other in qs]
