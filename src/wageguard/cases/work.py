"""The case counts of the home page's "my work" (org.work), registered in `CasesConfig.ready()`:
open cases near their time limit and past it, each the case list's own filter, so the number
is the number of rows its link shows."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wageguard.core.deadlines import Clock
from wageguard.core.paging import query_string
from wageguard.org.work import WORK_COUNTS, WorkCount

from . import filters
from .models import EnforcementCase


def _counter(params: dict[str, str]):
    def count(user: Any) -> tuple[int, str] | None:
        if not user.can("view", "cases.enforcementcase"):
            return None
        clock = Clock.now(filters.STAGE)
        qs = filters.apply(EnforcementCase.objects.restrict(user, "view"), params, clock)
        return qs.order_by().count(), reverse("cases:list") + "?" + query_string(params)

    return count


def register() -> None:
    WORK_COUNTS.register(
        "cases_due_soon",
        WorkCount(
            _("临近办案期限的案件"),
            _("办理中、剩余工作日不多于提醒天数"),
            _counter({"state": "open", "sla": "due_soon"}),
            "warning",
        ),
        order=60,
    )
    WORK_COUNTS.register(
        "cases_overdue",
        WorkCount(
            _("超过办案期限的案件"),
            _("办理中、已过办案期限"),
            _counter({"state": "open", "sla": "overdue"}),
            "danger",
        ),
        order=70,
    )
