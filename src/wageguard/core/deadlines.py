"""On time, due soon or overdue, derived from a stored due date (DESIGN: Deadlines).

Every app that stores a stage deadline (clues, ledger findings, later cases) asks here, so one
comparison decides it everywhere: overdue after the due date, due soon from the date N working days
from today, done late when the work was finished after its due date.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .calendar import add_workdays
from .registry import Registry


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


# The due-soon margin of supervised work (clues, and cases and credit listings supervised "exactly
# like clues"). It is a province setting kept with the clue limits (ClueSettings.due_soon_days),
# which the clue app registers here in its ready(): cases and credit ask core, never clues.
MARGINS: Registry[Callable[[], int]] = Registry("due-soon margins")
SUPERVISION = "supervision"
DEFAULT_DUE_SOON_WORKDAYS = 2


def due_soon_days(kind: str = SUPERVISION) -> int:
    """Working days before a due date from which work counts as due soon."""
    return MARGINS.get(kind)() if kind in MARGINS else DEFAULT_DUE_SOON_WORKDAYS


@dataclass(frozen=True)
class Stage:
    """How one kind of row keeps its stage deadline, so one clock serves every list, filter and
    export: which states are still running, which date ends the stage (the reply, the handling
    decision), and states that never count against anyone (a merged clue)."""

    open_states: frozenset[str]
    done_field: str
    due_field: str = "due_date"
    never_late: frozenset[str] = frozenset()

    def open_q(self) -> Q:
        return Q(state__in=self.open_states)


@dataclass(frozen=True)
class Clock:
    """Today and the due-soon boundary, computed once per request (or job run) and reused for every
    row and filter; `stage` says which fields of the rows it reads."""

    today: dt.date
    due_soon_limit: dt.date
    stage: Stage | None = None

    @classmethod
    def now(cls, stage: Stage | None = None, margin: int | None = None) -> "Clock":
        today = timezone.localdate()
        days = due_soon_days() if margin is None else margin
        return cls(today, soon_limit(today, days), stage)

    def state(self, due: dt.date | None, done_on: dt.date | None = None) -> str:
        """On time, due soon or overdue for a due date computed by the caller."""
        return sla_state(due, self.today, self.due_soon_limit, done_on)

    def of(self, row) -> str:
        """A row of the clock's stage: a finished stage is judged by the day it was finished."""
        stage = self._stage()
        if row.state in stage.never_late:
            return Sla.ON_TIME
        finished = getattr(row, stage.done_field)
        done = None if row.state in stage.open_states else (finished or self.today)
        return self.state(getattr(row, stage.due_field), done)

    def q(self, sla: str, open_only: bool = False) -> Q:
        """The rows in one deadline state. `open_only` when the caller already keeps to running
        rows: the finished-late branch cannot match, and leaving it out lets the database use a
        partial index of open rows."""
        stage = self._stage()
        due = stage.due_field
        if open_only:
            if sla == Sla.OVERDUE:
                return Q(**{f"{due}__lt": self.today})
            if sla == Sla.DUE_SOON:
                return Q(**{f"{due}__gte": self.today, f"{due}__lte": self.due_soon_limit})
            return Q(**{f"{due}__gt": self.due_soon_limit}) | Q(**{f"{due}__isnull": True})
        open_ = stage.open_q()
        late = Q(**{f"{stage.done_field}__isnull": False, f"{stage.done_field}__gt": F(due)})
        if sla == Sla.OVERDUE:
            return (open_ & Q(**{f"{due}__lt": self.today})) | (~open_ & late)
        if sla == Sla.DUE_SOON:
            return open_ & Q(**{f"{due}__gte": self.today, f"{due}__lte": self.due_soon_limit})
        return ~((open_ & Q(**{f"{due}__lte": self.due_soon_limit})) | (~open_ & late))

    def _stage(self) -> Stage:
        if self.stage is None:
            raise TypeError("this clock was made without a stage; use state(due, done_on)")
        return self.stage
