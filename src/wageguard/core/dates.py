"""Plausible ranges of the dates people type, one policy per kind of date (probe finding 7).

Python's dates run from 0001 to 9999, the working-day calendar and every stored deadline from
2000 on. A date typed outside what its kind allows is a typing slip (`0001-01-01`, a deadline of
`9999-12-31`), and left alone it fails later in calendar arithmetic or sits in a ledger forever.
So each date field declares its kind, and the form field (`core.forms.DateField`) and the API type
(`core.api.types.date_in`) check it with the one policy here, naming the field:

- `PAST`: something that has happened (received, recovered, paid, served, issued, checked, the
  months wages went unpaid): from 2000-01-01 (the floor the calendars and the clue intake already
  use) to today.
- `PLANNED`: a deadline or a planned date (a performance deadline, the next follow-up, an
  interview time): from a year before today (a late entry of an order whose deadline has passed)
  to five years ahead (the longest term any measure here runs).
- `SCHEDULE`: a date in a project's life that may lie long behind or years ahead (a contract
  signed, a permit, the start, the planned completion, a guarantee's expiry): 2000-01-01 to ten
  years ahead.
- `SEARCH`: a bound of a list filter: 2000-01-01 to ten years ahead; a search finds nothing
  outside, but a bound must still be a date the arithmetic can take.
- `CALENDAR`: a question to the working-day calendar: the years an administrator may enter.

Birth dates are not typed: they come from the ID number, checked by `parties.rules`.

Digits must be ASCII (半角). A full-width date (２０２６-０１-０１) never comes from the pages' date
picker; it comes from an API client or pasted text, and reading it silently would hide that
client's mistake, so it is refused with a message asking for half-width digits.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

FLOOR = dt.date(2000, 1, 1)
CALENDAR_FIRST_YEAR = 2000
CALENDAR_LAST_YEAR = 2100


class DateOutOfRange(ValueError):
    """A date outside its kind's range; its message names the allowed range."""


def _years_from(today: dt.date, years: int) -> dt.date:
    try:
        return today.replace(year=today.year + years)
    except ValueError:  # 29 February
        return today.replace(year=today.year + years, day=28)


@dataclass(frozen=True)
class DateRange:
    """One kind of date: `earliest` and `latest` are computed from today's local date."""

    name: str
    earliest: Callable[[dt.date], dt.date]
    latest: Callable[[dt.date], dt.date]

    def bounds(self, today: dt.date | None = None) -> tuple[dt.date, dt.date]:
        today = today or timezone.localdate()
        return self.earliest(today), self.latest(today)

    def check(self, value: dt.date | dt.datetime, today: dt.date | None = None) -> None:
        """Raises DateOutOfRange when `value` (a date, or a datetime's local date) is outside."""
        low, high = self.bounds(today)
        try:
            day = value
            if isinstance(value, dt.datetime):
                aware = timezone.is_aware(value)
                day = timezone.localtime(value).date() if aware else value.date()
        except (OverflowError, ValueError):  # 0001-01-01 00:00 UTC has no local date
            day = dt.date.min
        if not low <= day <= high:
            raise DateOutOfRange(
                _("日期须在 %(low)s 至 %(high)s 之间")
                % {"low": low.isoformat(), "high": high.isoformat()}
            )


PAST = DateRange("past", lambda today: FLOOR, lambda today: today)
PLANNED = DateRange(
    "planned", lambda today: _years_from(today, -1), lambda today: _years_from(today, 5)
)
SCHEDULE = DateRange("schedule", lambda today: FLOOR, lambda today: _years_from(today, 10))
SEARCH = DateRange("search", lambda today: FLOOR, lambda today: _years_from(today, 10))
CALENDAR = DateRange(
    "calendar",
    lambda today: dt.date(CALENDAR_FIRST_YEAR, 1, 1),
    lambda today: dt.date(CALENDAR_LAST_YEAR, 12, 31),
)


def require_ascii_digits(text: str) -> str:
    """`text` if every digit in it is ASCII; refuses full-width (and other scripts') digits."""
    if any(char.isdigit() and not char.isascii() for char in text):
        raise ValueError(_("日期请使用半角数字，格式 YYYY-MM-DD"))
    return text


def search_bound(value: str, name: str) -> dt.date:
    """A list filter's date bound typed in a query string (`received_from`, `filed_to`...):
    ISO, half-width digits, within `SEARCH`; refused with a `ValidationError` naming `name`, so
    the page shows it in place and the API answers 422 naming the parameter."""
    try:
        require_ascii_digits(value)
    except ValueError as exc:
        raise ValidationError({name: str(exc)}) from None
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise ValidationError({name: _("日期格式应为 YYYY-MM-DD")}) from None
    try:
        SEARCH.check(day)
    except DateOutOfRange as exc:
        raise ValidationError({name: str(exc)}) from None
    return day
