"""Limit/offset pagination with bounds the databases can take.

ninja's own `LimitOffsetPagination` accepts any integer: an offset past 2**63 reached SQLite as
"datatype mismatch" (a 500, found by schemathesis). Out-of-range values are now a 422 naming the
field, and a page holds at most `MAX_LIMIT` rows.
"""

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from ninja import Field
from ninja.conf import settings
from ninja.pagination import LimitOffsetPagination

from wageguard.core.api.types import InputSchema
from wageguard.core.paging import COUNT_CAP

MAX_LIMIT = 1000
MAX_OFFSET = 2**31 - 1


class Pagination(LimitOffsetPagination):
    class Input(InputSchema):
        limit: int = Field(
            settings.PAGINATION_PER_PAGE,
            ge=1,
            le=MAX_LIMIT,
            description=f"每页条数（1-{MAX_LIMIT}）",
        )
        offset: int = Field(0, ge=0, le=MAX_OFFSET, description="跳过的条数")

    def __init__(self, max_limit: int = MAX_LIMIT, **kwargs) -> None:
        super().__init__(max_limit=max_limit, **kwargs)


class MappedPage:
    """A queryset that ninja's paginator slices, each row then mapped to its response schema.

    One query for the count and one for the page; `fetch(qs, start, stop)` may replace plain
    slicing (the clue inbox fetches ids through a narrow index first). `capped` stops the count
    at `core.paging.COUNT_CAP` + 1 (a `count` of 10001 reads "more than 10000"), as the staff
    pages do, for ledgers that grow with a province's whole history. `on_page(rows)` is called
    once with the page's rows before they are mapped: an audited read records their ids there.
    """

    def __init__(
        self,
        qs: QuerySet,
        fn: Callable[[Any], Any],
        fetch=None,
        capped: bool = False,
        on_page: Callable[[list], None] | None = None,
    ) -> None:
        self.qs, self.fn, self.fetch, self.capped = qs, fn, fetch, capped
        self.on_page = on_page

    def count(self) -> int:
        if self.capped:
            return self.qs.order_by()[: COUNT_CAP + 1].count()
        return self.qs.count()

    def __getitem__(self, item: slice) -> list:
        rows = self.fetch(self.qs, item.start or 0, item.stop) if self.fetch else self.qs[item]
        if self.on_page is not None:
            rows = list(rows)
            self.on_page(rows)
        return [self.fn(row) for row in rows]

    def __len__(self) -> int:
        return self.count()
