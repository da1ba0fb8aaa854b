"""The address-routing test form on the region browser; the place-and-year filter of the public
lists."""

from django import forms
from django.utils.translation import gettext_lazy as _

from wageguard.core.forms import Form

from .models import Level, Region


class RouteForm(Form):
    address = forms.CharField(
        label=_("地址"),
        max_length=500,
        widget=forms.TextInput(
            attrs={
                "class": "form-control",
                "placeholder": _("例如：四川省成都市武侯区人民南路四段1号"),
            }
        ),
    )
    province = forms.RegexField(
        label=_("优先省份代码"),
        regex=r"^\d{2}$",
        required=False,
        max_length=2,
        help_text=_("两位数字，只在同名区县间取舍时参考；留空为本系统所在省份。"),
        error_messages={"invalid": _("请输入两位数字的省级代码，例如 51。")},
        widget=forms.TextInput(attrs={"class": "form-control", "inputmode": "numeric"}),
    )


class PublicListFilter(Form):
    """Where and when, for a public list (the credit list, published violations): a prefecture,
    then one of its counties, and a year. Without JavaScript the counties of a prefecture are
    offered once the prefecture has been chosen and the form sent, so the page stays one plain
    GET form; a county given without its prefecture (a shared link) brings its prefecture.

    A value that is not among the choices is left out of the filter (`region_code`, `year`)
    rather than refused: a public visitor with an old link still sees a list."""

    prefecture = forms.ChoiceField(label=_("市（州）"), required=False)
    county = forms.ChoiceField(label=_("县（市、区）"), required=False)
    year = forms.ChoiceField(label=_("年度"), required=False)

    FILTERS = ("prefecture", "county", "year")

    def __init__(self, data=None, *, province: str, years: list[int], **kwargs):
        data = data.copy() if data is not None else None
        county = (data or {}).get("county") or ""
        if data is not None and county and not data.get("prefecture"):
            data["prefecture"] = f"{county[:4]}00"
        super().__init__(data, **kwargs)
        prefectures = Region.objects.filter(province_code=province, level=Level.CITY)
        self.fields["prefecture"].choices = [
            ("", _("全省")),
            *((r.code, r.name) for r in prefectures.order_by("code")),
        ]
        chosen = (data or {}).get("prefecture") or ""
        counties = (
            list(Region.objects.filter(parent_id=chosen, level=Level.COUNTY).order_by("code"))
            if chosen.isascii() and chosen.isdigit() and len(chosen) == 6
            else []
        )
        self.offers_counties = bool(counties)
        self.fields["county"].choices = [
            ("", _("全部县（市、区）")),
            *((r.code, r.name) for r in counties),
        ]
        self.fields["year"].choices = [("", _("全部年度")), *((str(y), str(y)) for y in years)]
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select"
        self.is_valid()

    def region_code(self) -> str:
        """The county when one of the prefecture's counties was chosen, else the prefecture, else
        "" (the whole province)."""
        data = getattr(self, "cleaned_data", {})
        return data.get("county") or data.get("prefecture") or ""

    def chosen_year(self) -> int | None:
        value = getattr(self, "cleaned_data", {}).get("year")
        return int(value) if value else None

    def params(self) -> dict[str, str]:
        """The filters in force, for the pager's links."""
        data = getattr(self, "cleaned_data", {})
        return {k: str(data[k]) for k in self.fields if data.get(k)}

    @property
    def active(self) -> bool:
        """Whether anything narrows the list: an empty list then means "nothing matched"."""
        return bool(self.params())


def year_range(first: int | None, last: int | None) -> list[int]:
    """The years a list can be narrowed to, newest first; none when the list is empty."""
    if first is None or last is None:
        return []
    return list(range(last, first - 1, -1))
