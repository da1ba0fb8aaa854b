"""Rate limits and form nonces hold across server processes (issue 10, finding 6): with a cache
in each gunicorn worker, a limit of 30/min let 150 of 200 wrong-secret lookups through and one
nonce made 5 clues. Each test forks real worker processes against the real database (and Redis
when one answers)."""

import multiprocessing
import os
import subprocess
import sys

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connections

from wageguard.core import throttle

REDIS = "redis://127.0.0.1:6379/15"


def _redis_answers() -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(REDIS, socket_connect_timeout=0.5).ping())
    except Exception:
        return False


class _FixedClock:
    """One rate window for the whole test, whatever the wall clock does."""

    @staticmethod
    def time() -> float:
        return 1_800_000_000.0


def _lookups(n: int) -> int:
    allowed = sum(throttle.allow("public-lookup:203.0.113.9") for _ in range(n))
    connections.close_all()
    return allowed


def _nonce(_i: int) -> bool:
    won = cache.add("portal-nonce:same-form", "", 60)
    connections.close_all()
    return won


def _in_two_workers(fn, args: list) -> list:
    connections.close_all()  # each child opens its own connection
    with multiprocessing.get_context("fork").Pool(2) as pool:
        return pool.map(fn, args)


@pytest.fixture(params=["database", "redis"])
def backend(transactional_db, request, settings):
    if request.param == "redis":
        if not _redis_answers():
            pytest.skip("no Redis at 127.0.0.1:6379")
        settings.REDIS_URL = REDIS
        settings.CACHES = {
            "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS}
        }
    else:
        settings.REDIS_URL = ""
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.db.DatabaseCache",
                "LOCATION": "wageguard_cache",
            }
        }
        call_command("createcachetable", verbosity=0)
    cache.clear()
    yield request.param
    cache.clear()


def test_the_public_rate_limit_holds_across_two_workers(backend, settings, monkeypatch):
    settings.WAGEGUARD_PUBLIC_RATE = "30/60"
    monkeypatch.setattr(throttle, "time", _FixedClock)
    assert sum(_in_two_workers(_lookups, [100, 100])) == 30
    assert not throttle.allow("public-lookup:203.0.113.9")  # and the parent sees the same count
    assert throttle.allow("public-lookup:198.51.100.7")  # another client has its own


def test_one_form_nonce_makes_one_clue_across_workers(backend):
    assert sorted(_in_two_workers(_nonce, [1, 2])) == [False, True]


def _backend_outside_tests(**env: str) -> str:
    code = "import wageguard.settings as s; print(s.CACHES['default']['BACKEND'])"
    clean = {k: v for k, v in os.environ.items() if k not in {"WAGEGUARD_TESTING", "REDIS_URL"}}
    out = subprocess.run(
        [sys.executable, "-c", code],
        env={**clean, "DEBUG": "1", **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout.strip()


def test_outside_tests_the_cache_is_shared():
    """A server never keeps limits in one process's memory: the database's cache by default,
    Redis when REDIS_URL is set."""
    assert _backend_outside_tests() == "django.core.cache.backends.db.DatabaseCache"
    assert _backend_outside_tests(REDIS_URL=REDIS).endswith("RedisCache")
