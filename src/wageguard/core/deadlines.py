"""On time, due soon or overdue, derived from a stored due date (DESIGN: Deadlines).

Every app that stores a stage deadline (clues, ledger findings, later cases) asks here, so one
comparison decides it everywhere: overdue after the due date, due soon from the date N working days
from today, done late when the work was finished after its due date.
"""

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _

from .calendar import add_workdays


class Sla(models.TextChoices):
    ON_TIME = "on_time", _("正常")
    DUE_SOON = "due_soon", _("即将到期")
    OVERDUE = "overdue", _("已超期")


def soon_limit(today: dt.date, workdays: int) -> dt.date:
    """The last due date that counts as due soon: computed once per request, reused per row."""
    return add_workdays(today, workdays).date


def sla_state(
    due: dt.date | None, today: dt.date, due_soon_limit: dt.date, done_on: dt.date | None = None
) -> str:
    """`done_on` is the local date the stage's work was finished, None while it is still open."""
    if due is None:
        return Sla.ON_TIME
    if done_on is not None:
        return Sla.ON_TIME if done_on <= due else Sla.OVERDUE
    if today > due:
        return Sla.OVERDUE
    if due <= due_soon_limit:
        return Sla.DUE_SOON
    return Sla.ON_TIME
