"""Staff forms of core: a holiday year typed as lists of dates, and the audit log filters."""

import re
from datetime import date, timedelta

from django import forms
from django.utils.translation import gettext_lazy as _

from .services import MAX_YEAR, MIN_YEAR

_SEPARATORS = re.compile(r"[\s,，、;；]+")
_RANGE = re.compile(r"^(\d{4}-\d{1,2}-\d{1,2})(?:~|～|\.\.|至)(\d{4}-\d{1,2}-\d{1,2})$")
MAX_RANGE_DAYS = 31


class DateInput(forms.DateInput):
    """A browser date picker. Its value must be ISO (2026-05-01): a date rendered in the UI
    language's format (2026/05/01) is silently dropped by the browser, leaving a required field
    empty."""

    input_type = "date"

    def __init__(self, attrs: dict | None = None, format: str | None = None) -> None:
        super().__init__(attrs, format or "%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    """A browser date-and-time picker, with the ISO value it needs (see DateInput)."""

    input_type = "datetime-local"

    def __init__(self, attrs: dict | None = None, format: str | None = None) -> None:
        super().__init__(attrs, format or "%Y-%m-%dT%H:%M")


def _parse_day(text: str) -> date:
    year, month, day = (int(part) for part in text.split("-"))
    return date(year, month, day)


def parse_dates(text: str) -> list[date]:
    """Dates one per line or separated by commas; `2027-02-06~2027-02-12` is a whole period.

    Periods are how the State Council notice states holidays, so typing them is the fast way.
    """
    days: set[date] = set()
    bad: list[str] = []
    for token in _SEPARATORS.split(text.strip()):
        if not token:
            continue
        match = _RANGE.match(token)
        try:
            if match:
                first, last = _parse_day(match[1]), _parse_day(match[2])
                if last < first or (last - first).days >= MAX_RANGE_DAYS:
                    bad.append(token)
                    continue
                days.update(first + timedelta(days=i) for i in range((last - first).days + 1))
            elif re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", token):
                days.add(_parse_day(token))
            else:
                bad.append(token)
        except ValueError:
            bad.append(token)
    if bad:
        raise forms.ValidationError(
            _("无法识别的日期：%(items)s（格式 YYYY-MM-DD，区间用 ~ 连接）"),
            params={"items": "、".join(bad[:10])},
        )
    return sorted(days)


class DateListField(forms.CharField):
    widget = forms.Textarea(attrs={"rows": 6, "class": "font-monospace"})

    def to_python(self, value: str | None) -> list[date]:
        return parse_dates(super().to_python(value) or "")


class HolidayYearForm(forms.Form):
    year = forms.IntegerField(label=_("年份"), min_value=MIN_YEAR, max_value=MAX_YEAR)
    holidays = DateListField(
        label=_("放假日期"),
        required=False,
        help_text=_("每行一个日期或一个区间，如 2027-02-06~2027-02-12；含放假期间的周末"),
    )
    makeup_workdays = DateListField(
        label=_("调休上班日期"),
        required=False,
        help_text=_("需要上班的周六、周日，如 2027-02-14"),
    )
    note = forms.CharField(
        label=_("依据/备注"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("如：国务院办公厅关于2027年部分节假日安排的通知"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = field.widget.attrs.get("class", "")
            field.widget.attrs["class"] = f"{css} form-control".strip()


def format_dates(days: list[date]) -> str:
    return "\n".join(d.isoformat() for d in days)


class AuditFilterForm(forms.Form):
    date_from = forms.DateField(label=_("起始日期"), required=False)
    date_to = forms.DateField(label=_("截止日期"), required=False)
    action = forms.CharField(label=_("操作"), required=False, max_length=64)
    actor = forms.CharField(label=_("操作人用户名"), required=False, max_length=150)
    object_type = forms.CharField(label=_("对象类型"), required=False, max_length=100)
    object_id = forms.CharField(label=_("对象ID"), required=False, max_length=64)
    agency = forms.CharField(label=_("机构"), required=False, max_length=100)
    reads = forms.BooleanField(label=_("只看个人信息查阅"), required=False)
