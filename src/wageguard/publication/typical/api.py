"""Typical cases for website, WeChat and Weibo editors (no login): published ones only."""

from django.http import HttpRequest
from ninja import Router
from ninja.pagination import paginate

from wageguard.core.api.pagination import MappedPage, Pagination

from .public import PublicTypicalCase, public_typical, published_typical_cases

public_router = Router(tags=["public typical cases"], auth=None)


@public_router.get(
    "",
    response=list[PublicTypicalCase],
    url_name="public_typical_cases",
    summary="已发布的典型案例",
)
@paginate(Pagination)
def list_published(request: HttpRequest):
    """Only published typical cases, newest first: title, the unit, the summary and lessons,
    the publishing bureau and its division; never a worker's name, ID or phone number."""
    return MappedPage(published_typical_cases(), public_typical)
