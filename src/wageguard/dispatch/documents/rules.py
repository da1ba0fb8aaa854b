"""What a dispatch document is: its kind (the report or the bulletin) and its format. No ORM.

Source: issue 13 item 4. The 调度情况报告 reports the round to the province's leaders; the 通报
names the units the province's rule marks as lagging (meeting.briefing.LAGGING_RULE, the
province's practice, not law). Both are written as Word (the text the task force edits before
sending) and Excel (the figures, one sheet per prefecture, with charts)."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    REPORT = "report", _("调度情况报告")
    BULLETIN = "bulletin", _("通报")


class Format(models.TextChoices):
    DOCX = "docx", "Word"
    XLSX = "xlsx", "Excel"


CONTENT_TYPES = {
    Format.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    Format.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# The scheduled job writes a round's documents the day after its due date (every report is in
# or late by then); a job that did not run for a few days catches up within this window, and an
# older round is left to be generated on demand.
SCHEDULE_DELAY = dt.timedelta(days=1)
CATCH_UP = dt.timedelta(days=7)


def scheduled_on(due_date: dt.date) -> dt.date:
    return due_date + SCHEDULE_DELAY


def is_scheduled_due(due_date: dt.date, today: dt.date) -> bool:
    """Whether the job writes the round's documents today (if not written yet)."""
    first = scheduled_on(due_date)
    return first <= today <= first + CATCH_UP
