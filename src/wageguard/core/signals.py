"""Keeps the working-day cache in step with entered years, and lets test flushes empty the log."""

from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.backends.signals import connection_created
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from . import calendar
from .models import HolidayYear

# The PostgreSQL trigger refuses TRUNCATE of the audit table unless this session setting is on.
TRUNCATE_SETTING = "wageguard.audit_allow_truncate"


@receiver(post_save, sender=HolidayYear)
@receiver(post_delete, sender=HolidayYear)
def _holiday_year_changed(sender: type, instance: HolidayYear, **kwargs: Any) -> None:
    calendar.invalidate()
    # Anything read inside the transaction saw the uncommitted row; forget it again afterwards.
    transaction.on_commit(calendar.invalidate)


@receiver(connection_created)
def _allow_test_flush(sender: Any, connection: Any, **kwargs: Any) -> None:
    """Test runs empty every table between transactional tests with TRUNCATE; production never does.

    Only a test process (WAGEGUARD_TESTING) opens this door, and only for its own sessions.
    """
    if connection.vendor == "postgresql" and getattr(settings, "TESTING", False):
        with connection.cursor() as cursor:
            cursor.execute(f"SET {TRUNCATE_SETTING} = 'on'")
