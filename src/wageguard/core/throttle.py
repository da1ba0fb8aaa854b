"""A fixed-window rate limit in the shared cache, for the endpoints that need no login.

Configured by `WAGEGUARD_PUBLIC_RATE` ("30/60": 30 per 60 s per client). With several server
processes the cache must be shared (Redis or the database cache) for the limit to be exact.
"""

import time

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _


class Throttled(Exception):
    """Too many requests from one client; the API answers 429, pages show the message."""

    def __init__(self, message: str | None = None):
        message = message or _("请求过于频繁，请稍后再试")
        super().__init__(message)
        self.message = message


def _rate() -> tuple[int, int]:
    text = getattr(settings, "WAGEGUARD_PUBLIC_RATE", "30/60")
    count, _slash, seconds = text.partition("/")
    return int(count), int(seconds or 60)


def allow(key: str, cost: int = 1) -> bool:
    limit, window = _rate()
    bucket = f"throttle:{key}:{int(time.time() // window)}"
    cache.add(bucket, 0, timeout=window + 1)
    try:
        used = cache.incr(bucket, cost)
    except ValueError:  # expired between add and incr
        cache.set(bucket, cost, timeout=window + 1)
        used = cost
    return used <= limit
