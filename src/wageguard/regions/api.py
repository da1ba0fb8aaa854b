"""Divisions and address routing under /api/v1/regions (reference data any signed-in user reads)."""

from typing import Annotated

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from pydantic import StringConstraints, field_validator
from pydantic_core import PydanticCustomError

from wageguard.core.api.errors import ApiError
from wageguard.core.api.types import InputSchema, Line

from .models import Region
from .router import route_many

router = Router(tags=["regions"])

# One request routes at most this many addresses: a bigger import is split by the client, so that
# no request holds a worker for long (10,000 addresses take about 0.1 s).
MAX_BATCH = 10_000
MAX_ADDRESS_LENGTH = 500


class RegionOut(Schema):
    code: str = Field(..., description="6 位行政区划代码（GB/T 2260）", examples=["510107"])
    name: str = Field(..., description="现行名称", examples=["武侯区"])
    level: str = Field(
        ..., description="级别：province 省级，city 地级，county 县级", examples=["county"]
    )
    parent: str | None = Field(
        None, description="上级区划代码；省级为 null；直辖市的区县直属省级", examples=["510100"]
    )


class RouteIn(InputSchema):
    addresses: list[Annotated[str, StringConstraints(max_length=MAX_ADDRESS_LENGTH)]] = Field(
        ...,
        description=f"待路由的地址，按原顺序返回；每次最多 {MAX_BATCH} 条，每条最多 "
        f"{MAX_ADDRESS_LENGTH} 字",
        examples=[["四川省成都市武侯区人民南路四段1号", "凉山州会理县"]],
        json_schema_extra={"maxItems": MAX_BATCH},
    )
    province: str | None = Field(
        None,
        pattern=r"^\d{2}$",
        description="省级代码前两位，仅在同名区县间取舍时参考；默认为本系统所在省份",
        examples=["51"],
    )

    @field_validator("addresses")
    @classmethod
    def _cap(cls, value: list[str]) -> list[str]:
        if len(value) > MAX_BATCH:
            raise PydanticCustomError(
                "too_many",
                _("一次最多路由 %(limit)s 条地址，请分批提交") % {"limit": MAX_BATCH},
            )
        return value


class RouteResultOut(Schema):
    address: str = Field(..., description="原样返回的输入地址")
    code: str | None = Field(..., description="区划代码；无法识别时为 null")
    name: str | None = Field(..., description="区划名称")
    level: str | None = Field(..., description="识别到的最深级别：county / city / province")
    confidence: float = Field(
        ...,
        ge=0,
        le=1,
        description="置信度 0-1：1 表示地级名称印证了县级；0.6 仅到地级；0.3 仅到省级；0 未识别",
    )


class RouteOut(Schema):
    results: list[RouteResultOut]


def _region(request: HttpRequest, code: Line) -> Region:
    region = Region.objects.restrict(request.user).filter(code=code).first()
    if region is None:
        raise ApiError(404, "not_found", _("行政区划不存在"), "code")
    return region


def _out(region: Region) -> RegionOut:
    return RegionOut(
        code=region.code, name=region.name, level=region.level, parent=region.parent_id
    )


# Declared before /{code}: Django tries URL patterns in order, and {code} would catch "route".
@router.post(
    "/route",
    response=RouteOut,
    url_name="route_addresses",
    summary="地址路由到区划",
    description="将每条地址路由到其所在的县级区划；无法确定县级时返回能确定的最深一级（地级或省级），"
    "无法识别时 code 为 null。其他省份的地址按实际返回，province 仅在同名区县间取舍时参考。",
)
def route_addresses(request: HttpRequest, payload: RouteIn) -> dict:
    """Each address goes to the county it names, or the deepest division that can be decided.

    Addresses in other provinces come back as such: the `province` only breaks ties.
    """
    province = payload.province or settings.WAGEGUARD_PROVINCE
    results = route_many(payload.addresses, province=province)
    return {
        "results": [
            {
                "address": address,
                "code": r.code,
                "name": r.name,
                "level": r.level,
                "confidence": r.confidence,
            }
            for address, r in zip(payload.addresses, results, strict=True)
        ]
    }


@router.get("/{code}", response=RegionOut, url_name="region_detail", summary="行政区划")
def region_detail(request: HttpRequest, code: Line) -> RegionOut:
    return _out(_region(request, code))


@router.get(
    "/{code}/children",
    response=list[RegionOut],
    url_name="region_children",
    summary="下级行政区划",
)
def region_children(request: HttpRequest, code: Line) -> list[RegionOut]:
    parent = _region(request, code)
    return [_out(r) for r in Region.objects.restrict(request.user).filter(parent=parent)]
