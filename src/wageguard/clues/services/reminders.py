"""催办 from the supervisor overview: a prefecture or the province urges one division directly
below it about its open and overdue clues.

It reuses what supervision already has rather than a new channel: the division bureau's
supervisors and inspectors get an in-app notice (`org.services.notify`, as the escalation job and
listed supervision send theirs) linking to the division's overdue clues, and the step is audited.
A `DivisionReminder` row records it, one a day per division and urging bureau (a unique
constraint), so the overview shows 已催办 and a second click the same day is refused.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from wageguard.core import audit
from wageguard.core.deadlines import Clock
from wageguard.core.paging import query_string
from wageguard.org.models import Agency, AgencyKind, User
from wageguard.org.rules import Role
from wageguard.org.services import leaders_of, notify
from wageguard.regions.models import Level, Region, within

from ..filters import only_open
from ..models import Clue, DivisionReminder
from ..rules import Sla

RECIPIENT_ROLES = (Role.SUPERVISOR, Role.INSPECTOR)


def can_remind(user: User) -> bool:
    """A supervisor of a prefecture or the province (the levels that list for supervision)."""
    return (
        user.can("supervise", "clues.clue")
        and user.agency_id is not None
        and user.agency.region.level in (Level.CITY, Level.PROVINCE)
    )


def target(user: User, code: str) -> Region:
    """The division to urge: one row of the viewer's overview, a division directly below."""
    if not can_remind(user):
        raise PermissionDenied(_("催办由市级或省级督办人员作出"))
    region = Region.objects.filter(code=code, parent_id=user.agency.region_id).first()
    if region is None:
        raise PermissionDenied(_("只能催办本辖区的下一级单位"))
    return region


def overdue_link(code: str) -> str:
    return (
        reverse("clues:inbox")
        + "?"
        + query_string({"state": "open", "sla": "overdue", "region": code})
    )


@transaction.atomic
def remind_division(user: User, code: str, clock: Clock) -> DivisionReminder:
    """Sends one 催办 to the division's bureau; refused when sent already today by this bureau,
    or when the division has no bureau staff to receive it."""
    region = target(user, code)
    if DivisionReminder.objects.filter(
        by_agency=user.agency, region=region, day=clock.today
    ).exists():
        raise ValidationError(_("今天已催办过%(region)s") % {"region": region.name})
    agency = Agency.objects.filter(region=region, kind=AgencyKind.HRSS).first()
    recipients = leaders_of(agency, RECIPIENT_ROLES) if agency is not None else []
    if not recipients:
        raise ValidationError(_("%(region)s暂无可接收催办的工作人员") % {"region": region.name})
    counts = (
        only_open(Clue.objects.restrict(user, "view"))
        .filter(within(region.code))
        .aggregate(
            open=Count("pk"),
            overdue=Count("pk", filter=Q(clock.q(Sla.OVERDUE, open_only=True))),
        )
    )
    try:
        with transaction.atomic():
            row = DivisionReminder.objects.create(
                region=region,
                by_agency=user.agency,
                day=clock.today,
                created_by=user,
                open=counts["open"],
                overdue=counts["overdue"],
                recipients=len(recipients),
            )
    except IntegrityError:  # a second click that raced the first
        raise ValidationError(_("今天已催办过%(region)s") % {"region": region.name}) from None
    notify(
        recipients,
        f"催办：{user.agency.name}请加快办理线索（办理中 {counts['open']} 件，"
        f"其中已超期 {counts['overdue']} 件）",
        overdue_link(region.code),
    )
    audit.record(
        "clue.division_reminder",
        actor=user,
        after={
            "region": region.code,
            "open": counts["open"],
            "overdue": counts["overdue"],
            "recipients": len(recipients),
        },
    )
    return row
