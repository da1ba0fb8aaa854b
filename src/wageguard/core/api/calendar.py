"""Working-day calendar under /api/v1/calendar: the same answers the deadlines are computed with."""

import datetime as dt

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from wageguard.core import calendar
from wageguard.core.api.errors import ApiError
from wageguard.core.api.types import InputSchema, IsoDate

router = Router(tags=["calendar"])


class AddWorkdaysIn(InputSchema):
    start: IsoDate = Field(..., description="起算日期（当日不计入）", examples=["2025-01-24"])
    days: int = Field(
        ...,
        ge=0,
        le=calendar.MAX_ADD_DAYS,
        description=f"工作日数，0 至 {calendar.MAX_ADD_DAYS}；0 返回起算日期本身",
        examples=[5],
    )


class DateOut(Schema):
    date: dt.date = Field(..., description="第 N 个工作日", examples=["2025-02-05"])
    provisional: bool = Field(
        ...,
        description="途经的某一年尚无官方节假日安排，按法定节日推算（不含调休），结果可能变化",
    )


class IsWorkdayIn(InputSchema):
    day: IsoDate = Field(..., alias="date", description="日期", examples=["2025-01-26"])


class WorkdayOut(Schema):
    workday: bool = Field(..., description="是否为工作日（含调休上班日）")
    provisional: bool = Field(..., description="该年尚无官方节假日安排，按法定节日判断（不含调休）")


@router.get("/add-workdays", response=DateOut, url_name="add_workdays")
def add_workdays(request: HttpRequest, params: Query[AddWorkdaysIn]) -> DateOut:
    """起算日期之后的第 N 个工作日（法定期限按工作日计算时使用）。"""
    try:
        answer = calendar.add_workdays(params.start, params.days)
    except (OverflowError, ValueError) as exc:
        raise ApiError(422, "out_of_range", _("日期超出可计算范围"), "days") from exc
    return DateOut(date=answer.date, provisional=answer.provisional)


@router.get("/is-workday", response=WorkdayOut, url_name="is_workday")
def is_workday(request: HttpRequest, params: Query[IsWorkdayIn]) -> WorkdayOut:
    """某日是否为工作日：法定节假日休息，调休的周末上班。"""
    answer = calendar.is_workday(params.day)
    return WorkdayOut(workday=answer.workday, provisional=answer.provisional)
