"""Parameter types the API shares, stricter than pydantic's lax defaults where those lie."""

import datetime as dt
import re
from typing import Annotated, Any

from django.utils.translation import gettext as _
from pydantic import BeforeValidator

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_date_only(value: Any) -> Any:
    """pydantic reads `0` or `1700000000` as a Unix time; the spec promises `format: date`, so a
    query `?date=0` must be refused (422) rather than silently mean 1970-01-01."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value.strip()):
        return value.strip()
    raise ValueError(_("请使用 YYYY-MM-DD 格式的日期"))


IsoDate = Annotated[dt.date, BeforeValidator(_iso_date_only)]
