"""A fixed-window rate limit shared by every server process, for the endpoints that need no login.

Configured by `WAGEGUARD_PUBLIC_RATE` ("30/60": 30 per 60 s per client). The count must be exact
across gunicorn workers, so it is kept where an increment is atomic: Redis's INCRBY when
`REDIS_URL` is set, else a row of `core.RateWindow` bumped by one UPDATE (the database cache's
incr reads, adds and writes back, and two workers would both pass).
"""

import datetime as dt
import time

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import RateWindow


class Throttled(Exception):
    """Too many requests from one client; the API answers 429, pages show the message."""

    def __init__(self, message: str | None = None):
        message = message or _("请求过于频繁，请稍后再试")
        super().__init__(message)
        self.message = message


def _rate(text: str | None = None) -> tuple[int, int]:
    text = text or getattr(settings, "WAGEGUARD_PUBLIC_RATE", "30/60")
    count, _slash, seconds = text.partition("/")
    return int(count), int(seconds or 60)


def _redis_count(bucket: str, cost: int, window: int) -> int:
    cache.add(bucket, 0, timeout=window + 1)
    try:
        return cache.incr(bucket, cost)
    except ValueError:  # expired between add and incr
        cache.set(bucket, cost, timeout=window + 1)
        return cost


def _database_count(bucket: str, cost: int, window: int) -> int:
    with transaction.atomic():
        if not RateWindow.objects.filter(key=bucket).update(count=F("count") + cost):
            now = timezone.now()
            try:
                with transaction.atomic():
                    RateWindow.objects.create(
                        key=bucket, count=cost, expires_at=now + dt.timedelta(seconds=window + 1)
                    )
            except IntegrityError:  # another worker opened the window first
                RateWindow.objects.filter(key=bucket).update(count=F("count") + cost)
            else:
                # A new window: the ended ones are of no use (an indexed range delete).
                RateWindow.objects.filter(expires_at__lt=now).delete()
        # Our UPDATE holds the row until commit, so this reads our own count.
        return RateWindow.objects.values_list("count", flat=True).get(key=bucket)


def allow(key: str, cost: int = 1, rate: str | None = None) -> bool:
    """Whether one more request under `key` is within its limit. `rate` ("5/600") overrides the
    public rate for a key that needs a tighter one (a text message sent per phone number)."""
    limit, window = _rate(rate)
    bucket = f"throttle:{key}:{int(time.time() // window)}"[:200]
    count = _redis_count if settings.REDIS_URL else _database_count
    return count(bucket, cost, window) <= limit
