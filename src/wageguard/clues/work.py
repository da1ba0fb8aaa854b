"""The clue counts of the home page's "my work" (org.work), registered in `CluesConfig.ready()`.
Each is the inbox's own filter (`filters.apply`) with the handler's default of "mine and not yet
assigned", so the number on the home page is the number of rows its link shows."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wageguard.core.deadlines import Clock
from wageguard.core.paging import query_string
from wageguard.org.work import WORK_COUNTS, WorkCount

from . import filters
from .models import Clue
from .rules import State

AWAITING_REPLY = (State.RESOLVED, State.UNSUBSTANTIATED, State.REFERRED, State.CONVERTED)


def _counter(params: dict[str, str] | Any):
    def count(user: Any) -> tuple[int, str] | None:
        if not user.can("view", "clues.clue"):
            return None
        clock = Clock.now(filters.STAGE)
        shown = {**(params(clock) if callable(params) else params), "assignee": "mine"}
        qs = filters.apply(Clue.objects.restrict(user, "view"), shown, clock, user)
        return qs.order_by().count(), reverse("clues:inbox") + "?" + query_string(shown)

    return count


def _due_today(clock: Clock) -> dict[str, str]:
    today = clock.today.isoformat()
    return {"state": "open", "due_from": today, "due_to": today}


def register() -> None:
    WORK_COUNTS.register(
        "clues_to_accept",
        WorkCount(
            _("待受理线索"), _("已接收、尚未决定是否受理"), _counter({"state": State.RECEIVED})
        ),
        order=10,
    )
    WORK_COUNTS.register(
        "clues_due_today",
        WorkCount(_("今日到期"), _("办理中、期限为今天"), _counter(_due_today), "warning"),
        order=20,
    )
    WORK_COUNTS.register(
        "clues_overdue",
        WorkCount(
            _("已超期线索"),
            _("办理中、已过办理期限"),
            _counter({"state": "open", "sla": "overdue"}),
            "danger",
        ),
        order=30,
    )
    WORK_COUNTS.register(
        "clues_awaiting_reply",
        WorkCount(
            _("待答复"),
            _("已有处理结果、尚未答复反映人"),
            _counter({"state": ",".join(AWAITING_REPLY)}),
        ),
        order=40,
    )
