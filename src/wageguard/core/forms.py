"""The bases every form in the project is built on (text cleaned at the edge, dates held to their
kind's range), and core's own staff forms: a holiday year typed as lists of dates, the audit log
filters."""

import datetime as dt
import re
from datetime import date, timedelta
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import dates
from .services import MAX_YEAR, MIN_YEAR
from .text import clean_value


def apply_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """A service's refusal shown in place on the form that fed it: an error naming a field of the
    form goes under that field, any other above the form, so the input is kept either way."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    for field, errors in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def focus_first_error(form: forms.BaseForm) -> None:
    """A refused form shown again takes the cursor to its first field in error (its first field
    when the refusal names none), so the error is in view and the official types on where the
    rule stopped them (issue 14: errors in place, not scrolled out of sight)."""
    if not form.errors:
        return
    fields = [n for n, f in form.fields.items() if not f.widget.is_hidden]
    named = [n for n in fields if n in form.errors]
    if named or fields:
        form.fields[(named or fields)[0]].widget.attrs["autofocus"] = True


def is_multiline(field: forms.Field) -> bool:
    """A field typed in a text area keeps its line breaks; every other field is one line."""
    return isinstance(field.widget, forms.Textarea)


class CleanInput:
    """Cleans every text value a form receives with `core.text.clean_text` before any field sees
    it, so lengths, required checks and `clean_<field>` all work on the cleaned text, and a form
    shown again with its errors shows the cleaned text. Passwords are left exactly as typed.

    Every form in the project inherits this through `core.forms.Form` / `ModelForm` (or mixes it
    in); `tests/core/test_edge_contract.py` fails for a form that does not."""

    def full_clean(self) -> None:
        if self.is_bound:  # type: ignore[attr-defined]
            self.data = self._cleaned_data_dict()
        super().full_clean()  # type: ignore[misc]

    def _cleaned_data_dict(self) -> Any:
        data = self.data.copy()  # type: ignore[attr-defined]
        for name, field in self.fields.items():  # type: ignore[attr-defined]
            if isinstance(field.widget, forms.PasswordInput | forms.FileInput):
                continue
            key = self.add_prefix(name)  # type: ignore[attr-defined]
            multiline = is_multiline(field)
            keys = [key]
            if isinstance(field.widget, forms.MultiWidget):  # name_0, name_1 ...
                keys += [f"{key}_{i}" for i in range(len(field.widget.widgets))]
            for each in keys:
                if each not in data:
                    continue
                if hasattr(data, "setlist"):
                    data.setlist(each, clean_value(data.getlist(each), multiline=multiline))
                else:
                    data[each] = clean_value(data[each], multiline=multiline)
        return data


class Form(CleanInput, forms.Form):
    """The base of every plain form."""


class ModelForm(CleanInput, forms.ModelForm):
    """The base of every model form."""


class _DatePolicy:
    """Refuses full-width digits and a date outside the field's `policy` (`core.dates`), with a
    message naming the field, in place on the page with the input kept."""

    policy: dates.DateRange

    def _check_text(self, value: Any) -> Any:
        if isinstance(value, str):
            try:
                dates.require_ascii_digits(value)
            except ValueError as exc:
                raise forms.ValidationError(str(exc), code="invalid") from None
        return value

    def _check_range(self, value: dt.date | dt.datetime | None) -> None:
        if value is None:
            return
        try:
            self.policy.check(value)
        except dates.DateOutOfRange as exc:
            label = getattr(self, "label", None) or ""
            raise forms.ValidationError(
                _("%(label)s：%(reason)s"),
                code="out_of_range",
                params={"label": label, "reason": str(exc)},
            ) from None


class DateField(_DatePolicy, forms.DateField):
    """A date picker whose kind (`policy`: `core.dates.PAST`, `PLANNED`, `SEARCH`...) must be
    named: the edge contract test fails for a form date field without one."""

    def __init__(self, *, policy: dates.DateRange, **kwargs: Any) -> None:
        self.policy = policy
        kwargs.setdefault("widget", DateInput)
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> dt.date | None:
        return super().to_python(self._check_text(value))

    def validate(self, value: Any) -> None:
        super().validate(value)
        self._check_range(value)


class DateTimeField(_DatePolicy, forms.DateTimeField):
    """A date-and-time picker held to its `policy` like `DateField`."""

    def __init__(self, *, policy: dates.DateRange, **kwargs: Any) -> None:
        self.policy = policy
        kwargs.setdefault("widget", DateTimeInput)
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> dt.datetime | None:
        return super().to_python(self._check_text(value))

    def validate(self, value: Any) -> None:
        super().validate(value)
        self._check_range(value)


_SEPARATORS = re.compile(r"[\s,，、;；]+")
_RANGE = re.compile(r"^(\d{4}-\d{1,2}-\d{1,2})(?:~|～|\.\.|至)(\d{4}-\d{1,2}-\d{1,2})$", re.ASCII)
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
            elif re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", token, re.ASCII):
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


class HolidayYearForm(Form):
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


class AuditFilterForm(Form):
    date_from = DateField(label=_("起始日期"), required=False, policy=dates.SEARCH)
    date_to = DateField(label=_("截止日期"), required=False, policy=dates.SEARCH)
    action = forms.CharField(label=_("操作"), required=False, max_length=64)
    actor = forms.CharField(label=_("操作人用户名"), required=False, max_length=150)
    object_type = forms.CharField(label=_("对象类型"), required=False, max_length=100)
    object_id = forms.CharField(label=_("对象ID"), required=False, max_length=64)
    agency = forms.CharField(label=_("机构"), required=False, max_length=100)
    reads = forms.BooleanField(label=_("只看个人信息查阅"), required=False)
