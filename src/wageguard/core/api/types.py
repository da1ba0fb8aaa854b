"""Input types and the input schema base every API route uses: text cleaned by the one policy of
`core.text`, dates held to their kind's range (`core.dates`), stricter than pydantic's lax
defaults where those lie.

- `InputSchema`: the base of every request body and query schema. Every `str` field (and list of
  `str`) it declares is cleaned before validation, one-line unless annotated `Block`.
- `Line` / `Block`: a one-line / multi-line text, for a route parameter declared on the function
  (`q: Line = ""`) or to mark a multi-line field of an `InputSchema`.
- `date_in(policy)` / `datetime_in(policy)`: an ISO date (ASCII digits) within the policy's range.

`tests/core/test_edge_contract.py` walks every route's inputs and fails on a text field that is
not cleaned or a date field without a policy.
"""

import datetime as dt
import re
from dataclasses import dataclass
from typing import Annotated, Any

from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import (
    AfterValidator,
    BeforeValidator,
    ValidationInfo,
    ValidatorFunctionWrapHandler,
    WrapValidator,
    field_validator,
)

from wageguard.core import dates
from wageguard.core.text import clean_value

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_ISO_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}([T ].*)?", re.ASCII)


@dataclass(frozen=True)
class CleanText:
    """Annotation marker: the field's text is cleaned with `core.text` (multi-line or not)."""

    multiline: bool = False


def _cleaning(multiline: bool):
    """A wrap validator: the raw value must already meet the field's declared limits (the
    spec's maxLength is what a client reads, and schemathesis holds the API to it), then the
    cleaned value is validated again and kept."""

    def validate(value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
        cleaned = clean_value(value, multiline=multiline)
        if cleaned == value:
            return handler(value)
        handler(value)
        return handler(cleaned)

    return validate


_LINE, _BLOCK = _cleaning(False), _cleaning(True)
Line = Annotated[str, CleanText(), WrapValidator(_LINE)]
Block = Annotated[str, CleanText(multiline=True), WrapValidator(_BLOCK)]


class InputSchema(Schema):
    """The base of every request schema (body or query)."""

    @field_validator("*", mode="wrap")
    @classmethod
    def _clean_text(
        cls, value: Any, handler: ValidatorFunctionWrapHandler, info: ValidationInfo
    ) -> Any:
        if not isinstance(value, str | list | tuple):
            return handler(value)
        field = cls.model_fields.get(info.field_name or "")
        multiline = field is not None and any(
            isinstance(mark, CleanText) and mark.multiline for mark in field.metadata
        )
        return (_BLOCK if multiline else _LINE)(value, handler)


def _iso_date_only(value: Any) -> Any:
    """pydantic reads `0` or `1700000000` as a Unix time; the spec promises `format: date`, so a
    query `?date=0` must be refused (422) rather than silently mean 1970-01-01."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str):
        dates.require_ascii_digits(value)
        if _ISO_DATE.fullmatch(value.strip()):
            return value.strip()
    raise ValueError(_("请使用 YYYY-MM-DD 格式的日期"))


def _iso_datetime_only(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, str):
        dates.require_ascii_digits(value)
        if _ISO_DATETIME.fullmatch(value.strip()):
            return value.strip()
    raise ValueError(_("请使用 YYYY-MM-DDTHH:MM 格式的时间"))


def _in_range(policy: dates.DateRange):
    def check(value: Any) -> Any:
        if value is not None:
            policy.check(value)  # DateOutOfRange is a ValueError: pydantic reports it, 422
        return value

    return check


def date_in(policy: dates.DateRange) -> Any:
    """An ISO date of `policy`'s kind; the policy object stays in the field's metadata."""
    return Annotated[
        dt.date, policy, BeforeValidator(_iso_date_only), AfterValidator(_in_range(policy))
    ]


def datetime_in(policy: dates.DateRange) -> Any:
    """An ISO date and time of `policy`'s kind."""
    return Annotated[
        dt.datetime,
        policy,
        BeforeValidator(_iso_datetime_only),
        AfterValidator(_in_range(policy)),
    ]


IsoDate = date_in(dates.CALENDAR)
PastDate = date_in(dates.PAST)
PlannedDate = date_in(dates.PLANNED)
SearchDate = date_in(dates.SEARCH)
ScheduleDate = date_in(dates.SCHEDULE)
PastDateTime = datetime_in(dates.PAST)
PlannedDateTime = datetime_in(dates.PLANNED)
