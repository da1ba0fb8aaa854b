"""The case counts of the home page's "my work" (org.work), registered in `CasesConfig.ready()`:
open cases near their time limit and past it, each the case list's own filter, so the number
is the number of rows its link shows."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from wageguard.core.deadlines import Clock
from wageguard.org.work import WORK_COUNTS, WorkCount, list_count

from . import filters
from .models import EnforcementCase


def _rows(user: Any, params: dict[str, str]) -> QuerySet:
    return filters.apply(
        EnforcementCase.objects.restrict(user, "view"), params, Clock.now(filters.STAGE)
    )


def _open(sla: str):
    return list_count(
        "cases.enforcementcase", "cases:list", _rows, lambda: {"state": "open", "sla": sla}
    )


def register() -> None:
    WORK_COUNTS.register(
        "cases_due_soon",
        WorkCount(
            _("临近办案期限的案件"),
            _("办理中、剩余工作日不多于提醒天数"),
            _open("due_soon"),
            "warning",
        ),
        order=60,
    )
    WORK_COUNTS.register(
        "cases_overdue",
        WorkCount(_("超过办案期限的案件"), _("办理中、已过办案期限"), _open("overdue"), "danger"),
        order=70,
    )
