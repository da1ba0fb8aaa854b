"""One paging for the ledgers that can grow to a province's history (clues, cases, credit)."""

import pytest
from django.test import RequestFactory

from wageguard.core import paging
from wageguard.core.models import HolidayYear


def _request(**params: str):
    return RequestFactory().get("/list/", params)


def test_query_string_keeps_filters_and_drops_empty_values():
    assert (
        paging.query_string({"q": "建工", "state": ""}, page="2") == "q=%E5%BB%BA%E5%B7%A5&page=2"
    )


@pytest.mark.parametrize(("raw", "number"), [("3", 3), ("0", 1), ("-4", 1), ("x", 1), ("", 1)])
def test_page_number_falls_back_to_the_first_page(raw, number):
    assert paging.page_number(_request(page=raw)) == number


@pytest.mark.django_db
def test_pages_carry_links_and_a_capped_count(monkeypatch):
    for year in range(2001, 2006):
        HolidayYear.objects.create(year=year)
    qs = HolidayYear.objects.order_by("year")

    first = paging.capped_page(_request(), qs, {"q": "x"}, size=2)
    assert [r.year for r in first.rows] == [2001, 2002]
    assert (first.prev_url, first.next_url) == ("", "q=x&page=2")
    assert (first.total, first.total_capped) == (5, False)

    last = paging.capped_page(_request(page="3"), qs, {"q": "x"}, size=2)
    assert [r.year for r in last.rows] == [2005]
    assert (last.prev_url, last.next_url) == ("q=x&page=2", "")
    assert last.context()["page"] == 3 and not last.context()["has_next"]

    monkeypatch.setattr(paging, "COUNT_CAP", 3)
    capped = paging.capped_page(_request(), qs, {}, size=2)
    assert (capped.total, capped.total_capped) == (3, True)


def test_pager_prefix_ends_with_an_ampersand_or_is_empty():
    assert paging.pager_prefix({"state": "draft", "q": ""}) == "state=draft&"
    assert paging.pager_prefix({"q": ""}) == ""
