"""The query-count baseline fixture: exact, named, and loud when a name has no baseline."""

import os

import pytest
from django.db import connection


@pytest.fixture(autouse=True)
def _asserting(request):
    if request.config.getoption("--record-query-counts") or os.environ.get(
        "WAGEGUARD_RECORD_QUERY_COUNTS"
    ):
        pytest.skip("the fixture records instead of asserting in this run")


def _queries(n: int) -> None:
    with connection.cursor() as cursor:
        for _ in range(n):
            cursor.execute("SELECT 1")


def test_exact_count_passes_and_any_other_fails(query_baseline, _query_count_book):
    book, _recorded = _query_count_book
    book["test.two_selects"] = 2
    try:
        with query_baseline("test.two_selects"):
            _queries(2)
        with (
            pytest.raises(AssertionError, match="3 queries, baseline 2"),
            query_baseline("test.two_selects"),
        ):
            _queries(3)
        with (
            pytest.raises(AssertionError, match="1 queries, baseline 2"),
            query_baseline("test.two_selects"),
        ):
            _queries(1)
    finally:
        book.pop("test.two_selects")


def test_a_name_without_baseline_fails(query_baseline):
    with (
        pytest.raises(pytest.fail.Exception, match="no query-count baseline"),
        query_baseline("test.never_recorded"),
    ):
        _queries(1)
