"""The clue counts of the home page's "my work" (org.work), registered in `CluesConfig.ready()`.
Each is the inbox's own filter (`filters.apply`) with the handler's default of "mine and not yet
assigned", so the number on the home page is the number of rows its link shows."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wageguard.core.deadlines import Clock
from wageguard.org.work import WORK_COUNTS, WorkCount, list_count

from . import filters
from .models import Clue
from .rules import State

AWAITING_REPLY = (State.RESOLVED, State.UNSUBSTANTIATED, State.REFERRED, State.CONVERTED)


def _rows(user: Any, params: dict[str, str]) -> QuerySet:
    return filters.apply(
        Clue.objects.restrict(user, "view"), params, Clock.now(filters.STAGE), user
    )


def _mine(**params: str):
    return list_count("clues.clue", "clues:inbox", _rows, lambda: {**params, "assignee": "mine"})


def _due_today():
    def params() -> dict[str, str]:
        today = timezone.localdate().isoformat()
        return {"state": "open", "due_from": today, "due_to": today, "assignee": "mine"}

    return list_count("clues.clue", "clues:inbox", _rows, params)


def register() -> None:
    WORK_COUNTS.register(
        "clues_to_accept",
        WorkCount(_("待受理线索"), _("已接收、尚未决定是否受理"), _mine(state=State.RECEIVED)),
        order=10,
    )
    WORK_COUNTS.register(
        "clues_due_today",
        WorkCount(_("今日到期"), _("办理中、期限为今天"), _due_today(), "warning"),
        order=20,
    )
    WORK_COUNTS.register(
        "clues_overdue",
        WorkCount(
            _("已超期线索"),
            _("办理中、已过办理期限"),
            _mine(state="open", sla="overdue"),
            "danger",
        ),
        order=30,
    )
    WORK_COUNTS.register(
        "clues_awaiting_reply",
        WorkCount(
            _("待答复"),
            _("已有处理结果、尚未答复反映人"),
            _mine(state=",".join(AWAITING_REPLY)),
        ),
        order=40,
    )
