"""Paging of staff ledgers that can grow to a province's whole history (clues, cases, credit).

A page fetches one row more than it shows to know whether a next page exists, and the count stops
at `COUNT_CAP`: above it the page says "10000+" instead of counting every row on each visit.
Links keep the list's filters (`query_string`); `partials/capped_pager.html` renders them.
"""

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.http import HttpRequest

PAGE_SIZE = 50
# Above this a list says "10000+" instead of counting a province's whole history.
COUNT_CAP = 10000

Fetch = Callable[[QuerySet, int, int], Sequence[Any]]


def filter_params(request: HttpRequest, names: Iterable[str]) -> dict[str, str]:
    """The list's filters present in the query string: the page, its links and its export read
    the same."""
    return {k: request.GET[k] for k in names if request.GET.get(k)}


def query_string(params: Mapping[str, str], **override: str) -> str:
    """The list's filters with some replaced (a page, a sort), empty values left out."""
    merged = {**params, **override}
    return urlencode({k: v for k, v in merged.items() if v})


def pager_prefix(params: Mapping[str, str]) -> str:
    """What `partials/pager.html` (Django's Paginator pages) puts before page=N: the filters
    with a trailing "&", or nothing."""
    text = query_string(params)
    return f"{text}&" if text else ""


def page_number(request: HttpRequest) -> int:
    """?page=N, 1 when absent or not a number (a typed URL is not worth an error page)."""
    try:
        return max(1, int(request.GET.get("page", "1")))
    except ValueError:
        return 1


@dataclass(frozen=True)
class CappedPage:
    rows: list
    number: int
    total: int
    total_capped: bool
    prev_url: str
    next_url: str

    def context(self) -> dict[str, Any]:
        """The names the list templates and `partials/capped_pager.html` read."""
        return {
            "page": self.number,
            "has_next": bool(self.next_url),
            "total": self.total,
            "total_capped": self.total_capped,
            "prev_url": self.prev_url,
            "next_url": self.next_url,
        }


def _slice(qs: QuerySet, start: int, stop: int) -> list:
    return list(qs[start:stop])


def capped_page(
    request: HttpRequest,
    qs: QuerySet,
    params: Mapping[str, str],
    fetch: Fetch = _slice,
    size: int = PAGE_SIZE,
) -> CappedPage:
    """One page of `qs` (fetched by `fetch(qs, start, stop)`, e.g. a deferred join) with a count
    that stops at `COUNT_CAP` and previous/next links that keep `params`."""
    number = page_number(request)
    offset = (number - 1) * size
    rows = list(fetch(qs, offset, offset + size + 1))
    has_next = len(rows) > size
    total = qs.order_by()[: COUNT_CAP + 1].count()
    return CappedPage(
        rows=rows[:size],
        number=number,
        total=min(total, COUNT_CAP),
        total_capped=total > COUNT_CAP,
        prev_url=query_string(params, page=str(number - 1)) if number > 1 else "",
        next_url=query_string(params, page=str(number + 1)) if has_next else "",
    )
