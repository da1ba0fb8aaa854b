"""The building blocks of the clue actions' forms. Each action's fields are declared once in
`clues.actions`; the page form is built from them and the API's transition schema is derived
from them, so the page and the API type and require the same fields with the same messages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from wageguard.core import dates
from wageguard.core.forms import DateField, Form
from wageguard.org.forms import BootstrapMixin
from wageguard.org.models import Agency, AgencyKind, User

from ..models import Clue
from .inbox import ASSIGNABLE_ROLES


class ActionForm(BootstrapMixin, Form):
    """The fields of one workflow action; subclasses are made by `clues.actions.declare`."""

    action: str = ""
    label = ""

    def __init__(self, *args, clue: Clue, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.clue, self.user = clue, user
        if "region" in self.fields:
            self.fields["region"].widget.choices = [("", "—"), *transfer_choices(clue)]
        if "assignee" in self.fields:
            field = self.fields["assignee"]
            # Anyone active in the clue's own bureau may be named; the page offers its handlers.
            field.queryset = User.objects.filter(agency_id=clue.agency_id, is_active=True)
            people = field.queryset.filter(role__in=ASSIGNABLE_ROLES).order_by(
                "full_name", "username"
            )
            field.widget.choices = [
                ("", _("（默认本人）")),
                *[(str(u.pk), u.display_name) for u in people],
            ]

    def add_service_errors(self, errors: dict[str, list[str]]) -> None:
        for name, messages in errors.items():
            self.add_error(name if name in self.fields else None, messages)


def _required(message) -> dict:
    return {"required": message, "invalid_choice": message} if message else {}


def note(label=_("说明"), *, required=None) -> forms.CharField:
    """`required`: the message when it is missing; None when it may be left out."""
    return forms.CharField(
        label=label,
        required=required is not None,
        max_length=2000,
        error_messages=_required(required),
        widget=forms.Textarea(attrs={"rows": 2}),
    )


def text(label, *, max_length: int, required=None, rows: int = 0) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required is not None,
        max_length=max_length,
        error_messages=_required(required),
        widget=forms.Textarea(attrs={"rows": rows}) if rows else None,
    )


def choice(label, choices, *, required) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=[("", "—"), *choices],
        error_messages=_required(required),
    )


def date(label, *, required) -> DateField:
    return DateField(
        label=label,
        policy=dates.PAST,
        error_messages={**_required(required), "invalid": _("请填写有效的日期（YYYY-MM-DD）")},
        widget=forms.DateInput(attrs={"type": "date"}),
    )


def region(label, *, required) -> forms.CharField:
    """A division code; which one may receive the clue is the action's rule, not the form's."""
    # A long list (every division of the province with a bureau): static/wageguard/
    # select-filter.js adds a text box that narrows it as one types; without script the
    # select works as it is.
    widget = forms.Select(attrs={"data-filter": _("输入区县或城市名称筛选")})
    return forms.CharField(
        label=label, max_length=6, error_messages=_required(required), widget=widget
    )


def assignee(label) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=label,
        required=False,
        queryset=User.objects.none(),
        error_messages={"invalid_choice": _("承办人须为承办机构的在岗人员")},
    )


def transfer_choices(clue: Clue) -> list[tuple[str, str]]:
    """Divisions with an HRSS bureau in the system: the province, its cities and counties."""
    agencies = (
        Agency.objects.filter(kind=AgencyKind.HRSS, region__province_code=clue.region.province_code)
        .exclude(region_id=clue.region_id)
        .select_related("region__parent")
        .order_by("region_id")
    )
    return [(a.region_id, a.region.full_name) for a in agencies]
