"""Shared fixtures: the real division table loaded once per run, users at any level, and exact
query-count baselines."""

import json
import os
from contextlib import contextmanager
from pathlib import Path

os.environ.setdefault("WAGEGUARD_TESTING", "1")

import pytest

QUERY_COUNTS = Path(__file__).with_name("query_counts.json")
# Statements one database needs and the other does not (the audit chain's advisory lock on
# PostgreSQL): left out of the count, so one baseline holds on SQLite and PostgreSQL alike.
ONE_DATABASE_ONLY = ("pg_advisory_xact_lock",)


def pytest_addoption(parser) -> None:
    parser.addoption(
        "--record-query-counts",
        action="store_true",
        help="re-record tests/query_counts.json instead of asserting it "
        "(or set WAGEGUARD_RECORD_QUERY_COUNTS=1)",
    )


def pytest_configure(config) -> None:
    from django.conf import settings

    from wageguard.core import calendar

    settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
    # No periodic re-reading of entered holiday years in tests: a slow run would otherwise
    # re-read them inside a test that may not touch the database (the years a test enters reach
    # the calendar at once through invalidate(), as in production).
    calendar.default_calendar._recheck = None
    loader = calendar.default_calendar._entered_loader

    def entered_or_library() -> dict:
        try:
            return loader()
        except RuntimeError:  # pytest-django's "Database access not allowed": no years entered
            return {}

    calendar.default_calendar._entered_loader = entered_or_library


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test sees all of China's divisions like production; routing and scoping need them."""
    from wageguard.regions.loader import load_regions

    with django_db_blocker.unblock():
        load_regions()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit windows and cached settings must not leak from one test into the next."""
    from django.core.cache import cache

    from wageguard.core.memo import clear_all

    cache.clear()
    clear_all()


@pytest.fixture(autouse=True)
def _audit_anchors(settings, tmp_path):
    """Each test writes (and verify reads) audit anchors of its own, never the checkout's var/."""
    settings.WAGEGUARD_AUDIT_ANCHORS = tmp_path / "audit-anchors.txt"


@pytest.fixture(autouse=True)
def _regions_present(request, django_db_blocker):
    """Transactional tests (the browser ones) flush every table; reload the divisions after them,
    and before one that finds them gone (a flush that ran after the last reload)."""
    marker = request.node.get_closest_marker("django_db")
    transactional = (
        "transactional_db" in request.fixturenames
        or "live_server" in request.fixturenames
        or bool(marker and marker.kwargs.get("transaction"))
    )
    from wageguard.regions.loader import load_regions
    from wageguard.regions.models import Region

    if transactional:
        with django_db_blocker.unblock():
            if not Region.objects.exists():
                load_regions()
    yield
    if transactional:
        with django_db_blocker.unblock():
            load_regions()


@pytest.fixture
def make_user(db):
    """make_user("u1", "inspector", "510107") -> a user at that division's HRSS bureau
    (`tests.factories.user`, as a fixture so that asking for it also asks for the database)."""
    from tests import factories

    return factories.user


def _recording(config) -> bool:
    return bool(
        config.getoption("--record-query-counts", default=False)
        or os.environ.get("WAGEGUARD_RECORD_QUERY_COUNTS") == "1"
    )


@pytest.fixture(scope="session")
def _query_count_book(request):
    """The baselines, and what this run recorded; written back at the end when recording."""
    book = json.loads(QUERY_COUNTS.read_text()) if QUERY_COUNTS.exists() else {}
    recorded: dict[str, int] = {}
    yield book, recorded
    if _recording(request.config) and recorded:
        merged = {**book, **recorded}
        QUERY_COUNTS.write_text(
            json.dumps(dict(sorted(merged.items())), indent=2, ensure_ascii=False) + "\n"
        )


@pytest.fixture
def query_baseline(db, request, _query_count_book):
    """`with query_baseline("app.check"): ...` asserts the block runs exactly the number of
    queries recorded for that name in tests/query_counts.json (NetBox's query-count pattern: a
    ceiling hides a regression that stays under it, an exact count shows it, and an improvement
    is recorded on purpose with `pytest --record-query-counts`).

    A database that needs another count gets its own entry, `name@postgresql`, recorded on it.
    """
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    book, recorded = _query_count_book
    recording = _recording(request.config)

    @contextmanager
    def check(name: str):
        with CaptureQueriesContext(connection) as queries:
            yield queries
        counted = [
            q for q in queries.captured_queries if not any(m in q["sql"] for m in ONE_DATABASE_ONLY)
        ]
        count = len(counted)
        vendor_key = f"{name}@{connection.vendor}"
        key = name if connection.vendor == "sqlite" else vendor_key
        if recording:
            previous = recorded.get(key)
            assert previous in (None, count), f"{name}: recorded twice, {previous} and {count}"
            if key == vendor_key and book.get(name) == count:
                book.pop(vendor_key, None)  # the shared baseline holds for this database too
            else:
                recorded[key] = count
            return
        expected = book.get(vendor_key, book.get(name))
        if expected is None:
            pytest.fail(f"no query-count baseline for {name!r}: run pytest --record-query-counts")
        sql = "\n  ".join(q["sql"][:200] for q in counted)
        assert count == expected, (
            f"{name}: {count} queries, baseline {expected} (re-record with "
            f"--record-query-counts if the change is intended):\n  {sql}"
        )

    return check
