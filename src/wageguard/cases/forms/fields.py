"""Field helpers the case forms share: Bootstrap check rows, text areas, optional choices,
amounts in yuan, yes/no, and the staff who may be put on a case."""

from django import forms
from django.utils.translation import gettext_lazy as _

from wageguard.org.models import User
from wageguard.org.rules import Role

CASE_STAFF = (Role.INSPECTOR, Role.SUPERVISOR)


class Checks(forms.CheckboxSelectMultiple):
    """Bootstrap's form-check rows, one per option."""

    template_name = "cases/widgets/checks.html"
    option_template_name = "cases/widgets/check_option.html"


def text_field(label, rows: int = 3, max_length: int = 5000, required: bool = False):
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


def choice_field(label, choices, required: bool = False) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, required=required, choices=[("", "—"), *choices])


def money_field(label, required: bool = False) -> forms.DecimalField:
    return forms.DecimalField(
        label=label, required=required, max_digits=14, decimal_places=2, min_value=0
    )


def case_staff(agency_id: int):
    """Who may be put on a case: the bureau's active inspectors and supervisors."""
    return User.objects.filter(agency_id=agency_id, is_active=True, role__in=CASE_STAFF).order_by(
        "full_name", "username"
    )


class YesNoField(forms.TypedChoiceField):
    """是/否 typed to True, False or None (not chosen), as the API's `bool | None` is."""

    def __init__(self, *, label, yes=_("是"), no=_("否"), required: bool = False, **kwargs):
        super().__init__(
            label=label,
            required=required,
            choices=[("", "—"), ("1", yes), ("0", no)],
            coerce=lambda value: value == "1",
            empty_value=None,
            **kwargs,
        )
