"""Publication API: the published items for website, WeChat and Weibo editors (no login)."""

from django.http import HttpRequest
from ninja import Router
from ninja.pagination import paginate

from wageguard.core.api.pagination import MappedPage, Pagination

from .public import PublicRecord, public_record, published_items

public_router = Router(tags=["public publications"], auth=None)


@public_router.get(
    "",
    response=list[PublicRecord],
    url_name="public_publications",
    summary="已公布的重大劳动保障违法行为",
)
@paginate(Pagination)
def list_published(request: HttpRequest):
    """Only items of published batches, newest first, with the fields Order 29 publishes;
    never workers' names, ID numbers or phone numbers."""
    return MappedPage(published_items(), public_record)
