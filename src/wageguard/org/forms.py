"""Staff forms; agency and role choices are narrowed to what the acting administrator may assign."""

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from wageguard.core.forms import CleanInput, Form, ModelForm
from wageguard.regions.models import Level, Region

from .models import Agency, User
from .rules import ASSIGNABLE_ROLES, Role


class BootstrapMixin:
    """Gives every widget Bootstrap's class so templates can render fields in one loop."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                continue
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


def _role_choices(actor: User) -> list[tuple[str, str]]:
    if actor.agency_id is None:
        allowed = set(Role.values)
    else:
        allowed = ASSIGNABLE_ROLES[actor.agency.region.level]
    return [(value, label) for value, label in Role.choices if value in allowed]


class UserForm(BootstrapMixin, ModelForm):
    class Meta:
        model = User
        fields = ["username", "full_name", "phone", "agency", "role", "is_integration", "is_active"]

    def __init__(self, *args, actor: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = (
            Agency.objects.restrict(actor, "view")
            .select_related("region")
            .order_by("region_id", "kind")
        )
        self.fields["agency"].required = True
        self.fields["role"].choices = _role_choices(actor)
        self.fields["role"].required = True


class UserCreateForm(UserForm):
    password1 = forms.CharField(label=_("初始密码"), widget=forms.PasswordInput, strip=False)
    password2 = forms.CharField(label=_("确认密码"), widget=forms.PasswordInput, strip=False)

    def clean(self):
        data = super().clean()
        if data.get("password1") != data.get("password2"):
            self.add_error("password2", _("两次输入的密码不一致"))
        elif data.get("password1"):
            try:
                password_validation.validate_password(data["password1"])
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return data


class TokenForm(BootstrapMixin, Form):
    name = forms.CharField(label=_("用途"), max_length=100, help_text=_("例如：12333 热线系统对接"))


class PasswordChangeForm(CleanInput, BootstrapMixin, auth_forms.PasswordChangeForm):
    pass


class AgencyForm(BootstrapMixin, ModelForm):
    """Name, document prefix, phone and status; kind and division are fixed once created."""

    class Meta:
        model = Agency
        fields = ["name", "short_name", "phone", "active"]


class AgencyCreateForm(BootstrapMixin, ModelForm):
    class Meta:
        model = Agency
        fields = ["kind", "region", "name", "short_name", "phone"]

    def __init__(self, *args, actor: User, **kwargs):
        super().__init__(*args, **kwargs)
        from wageguard.regions.models import Region

        codes = actor.jurisdiction_region_ids()
        regions = Region.objects.all() if codes is None else Region.objects.filter(code__in=codes)
        self.fields["region"].queryset = regions.order_by("code")
        self.fields["region"].label_from_instance = lambda r: f"{r.code} {r.name}"


def region_choices(form: forms.Form, regions: list[Region], blank) -> list[tuple[str, str]]:
    """A list's region select: `blank` (all), then `regions`; a division asked for in the address
    that is not among them (the viewer's own, from the overview's 本级分拣 row with `own_level`)
    is added by its name, so the select shows what the list is filtered by."""
    choices = [("", blank), *[(r.code, r.name) for r in regions]]
    asked = str(form.data.get("region") or "") if form.is_bound else ""
    if asked and asked not in {code for code, _name in choices}:
        region = Region.objects.filter(code=asked).first()
        if region is not None:
            choices.append((region.code, region.name))
    return choices


OWN_LEVEL_LABEL = _("仅本级（不含下级辖区）")


def subordinate_regions(user: User) -> list[Region]:
    """The divisions one level below the viewer: a city's counties, the province's cities.

    A county sees only itself, so it gets no region select at all.
    """
    region = user.agency.region if user.agency_id else None
    if region is None:
        return list(Region.objects.filter(level=Level.CITY).order_by("code"))
    if region.level == Level.COUNTY:
        return []
    return list(Region.objects.filter(parent=region).order_by("code"))
