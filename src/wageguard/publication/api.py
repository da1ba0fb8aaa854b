"""Publication API: the published items for website, WeChat and Weibo editors (no login)."""

from django.http import HttpRequest
from ninja import Router
from ninja.pagination import paginate

from wageguard.core.api.pagination import MappedPage, Pagination
from wageguard.core.api.types import Line

from . import filters
from .public import PublicRecord, public_record, published_items

public_router = Router(tags=["public publications"], auth=None)


@public_router.get(
    "",
    response=list[PublicRecord],
    url_name="public_publications",
    summary="已公布的重大劳动保障违法行为",
)
@paginate(Pagination)
def list_published(
    request: HttpRequest, region: Line = "", published_from: Line = "", published_to: Line = ""
):
    """Only items of published batches, newest first, with the fields Order 29 publishes;
    never workers' names, ID numbers or phone numbers. region：公布机关所在行政区划代码（含下级，
    省级代码为全省）；published_from、published_to：公布日期范围（YYYY-MM-DD，含两端）。"""
    params = {"region": region, "published_from": published_from, "published_to": published_to}
    return MappedPage(filters.apply(published_items(), params, prefix="batch__"), public_record)
