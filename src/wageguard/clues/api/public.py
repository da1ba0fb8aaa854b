"""The reporter's API: submit a clue without login, track it with code and secret, rate the
reply. Code and secret travel in POST bodies, as on the tracking page, never in a URL."""

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status

from wageguard.core.api.errors import ApiError
from wageguard.core.throttle import allow

from .. import services
from ..models import Clue
from ..rules import Channel
from ..services import supplement
from ..services import tracking as public
from ..validation import clean_intake
from .errors import client as _client
from .errors import invalid as _invalid
from .schemas import (
    ClueCredentials,
    ClueIntakeOut,
    ClueRatingIn,
    ClueSupplementIn,
    PublicClueIn,
    PublicClueOut,
)

public_router = Router(tags=["public clues"], auth=None)


@public_router.post(
    "/clues", response={201: ClueIntakeOut}, url_name="public_clue_create", summary="反映欠薪线索"
)
def public_create(request: HttpRequest, payload: PublicClueIn):
    """劳动者本人反映欠薪：无需登录，按客户端限制频率。返回查询码和查询密码（仅此一次）。"""
    if not allow(f"public-intake:{_client(request)}"):
        raise ApiError(429, "rate_limited", _("提交过于频繁，请稍后再试"), None)
    try:
        data = clean_intake(payload.dict(), public=True)
        result = services.intake(data, channel=Channel.WEB)
    except ValidationError as exc:
        raise _invalid(exc) from None
    clue = result.clue
    return Status(
        201,
        ClueIntakeOut(
            tracking_code=clue.tracking_code,
            secret=result.secret,
            region=clue.region_id,
            due_date=clue.due_date,
        ),
    )


@public_router.post(
    "/clues/track",
    response=PublicClueOut,
    url_name="public_clue_track",
    summary="查询线索办理进度",
)
def public_track(request: HttpRequest, payload: ClueCredentials):
    """凭查询码和查询密码查看办理进度、答复并评价；密码不对时与查询码不存在的答复相同（404）。

    A POST although it changes nothing: the code and secret belong in a body, never in a path
    that access logs keep."""
    return public.view(_find(request, payload))


@public_router.post(
    "/clues/track/rating",
    response=PublicClueOut,
    url_name="public_clue_rate",
    summary="评价答复",
)
def public_rate(request: HttpRequest, payload: ClueRatingIn):
    clue = _find(request, payload)
    try:
        services.rate(clue, payload.score, payload.comment, payload.resolved)
    except ValidationError as exc:
        raise _invalid(exc) from None
    return public.view(Clue.objects.get(pk=clue.pk))


@public_router.post(
    "/clues/track/supplement",
    response=PublicClueOut,
    url_name="public_clue_supplement",
    summary="补正投诉材料",
)
def public_supplement(request: HttpRequest, payload: ClueSupplementIn):
    """承办机构告知补正后，反映人凭查询码和查询密码补正；补正之日起重新计算受理期限。"""
    clue = _find(request, payload)
    try:
        supplement.by_reporter(clue, **payload.dict(exclude=CREDENTIALS))
    except ValidationError as exc:
        raise _invalid(exc) from None
    return public.view(Clue.objects.get(pk=clue.pk))


CREDENTIALS = set(ClueCredentials.model_fields)


def _find(request: HttpRequest, payload: ClueCredentials) -> Clue:
    return public.find(payload.tracking_code, payload.secret, _client(request))
