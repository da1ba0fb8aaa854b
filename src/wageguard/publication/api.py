"""Publication API: the published items for website, WeChat and Weibo editors (no login)."""

import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from wageguard.api.pagination import MappedPage, Pagination

from .public import public_record, published_items

public_router = Router(tags=["public publications"], auth=None)


class PublicationOut(Schema):
    id: int
    kind: str
    kind_label: str
    unit_name: str
    credit_code: str
    address: str
    legal_representative: str
    facts: str
    handling: str
    agency: str
    region: str
    period: str
    published_at: dt.datetime


@public_router.get(
    "",
    response=list[PublicationOut],
    url_name="public_publications",
    summary="已公布的重大劳动保障违法行为",
)
@paginate(Pagination)
def list_published(request: HttpRequest):
    """Only items of published batches, newest first, with the fields of Order 29 art. 6;
    never workers' names, ID numbers or phone numbers."""
    return MappedPage(published_items(), lambda item: public_record(item).as_dict())
