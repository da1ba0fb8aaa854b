"""Coordination's forms: assigning, the assignment's action forms (field names are the service's
keyword names, DESIGN "Actions"), the list filter, and the leading group's edits."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from wageguard.core.forms import Form, ModelForm
from wageguard.org.forms import BootstrapMixin
from wageguard.org.models import User

from . import rules, services
from .models import AssignmentSettings
from .rules import AssignmentState, GroupRole

ACCEPTED_FILES = "image/jpeg,image/png,application/pdf"


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented pattern); each is checked by content in
    the service (core.files)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPTED_FILES}))
        super().__init__(required=False, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        items = data if isinstance(data, list | tuple) else [data]
        single = super().clean
        return [f for f in (single(item, initial) for item in items if item) if f]


class AssignForm(BootstrapMixin, Form):
    agency = forms.TypedChoiceField(label=_("承办单位"), coerce=int)
    subject = forms.CharField(label=_("事项"), max_length=200)
    details = forms.CharField(
        label=_("交办内容"), max_length=services.MAX_TEXT, widget=forms.Textarea(attrs={"rows": 4})
    )
    workdays = forms.IntegerField(
        label=_("答复期限（工作日）"),
        min_value=rules.MIN_REPLY_WORKDAYS,
        max_value=rules.MAX_REPLY_WORKDAYS,
        help_text=_("自交办次日起按工作日计算（节假日顺延），交办时计算并保存"),
    )
    ledger_item = forms.IntegerField(
        label=_("关联问题台账编号"), required=False, min_value=1, max_value=2**31 - 1
    )
    project = forms.IntegerField(
        label=_("关联工程项目编号"), required=False, min_value=1, max_value=2**31 - 1
    )

    def __init__(self, *args: Any, actor: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [("", "—")] + [
            (a.pk, a.name) for a in services.assignable_agencies(actor)
        ]
        self.fields["workdays"].initial = services.settings_row().reply_workdays


class AnswerForm(BootstrapMixin, Form):
    note = forms.CharField(
        label=_("答复内容"),
        max_length=services.MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    files = MultipleFileField(
        label=_("附件"),
        help_text=_("JPEG、PNG 图片或 PDF，每个不超过 10 MB，最多 5 个"),
    )


class AcceptForm(BootstrapMixin, Form):
    note = forms.CharField(
        label=_("确认意见"),
        required=False,
        max_length=services.MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReturnForm(BootstrapMixin, Form):
    note = forms.CharField(
        label=_("退回意见"),
        max_length=services.MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AssignmentFilterForm(BootstrapMixin, Form):
    """One filter for the list page and the API list (`filters.filter_assignments`)."""

    state = forms.ChoiceField(
        label=_("状态"), required=False, choices=[("", _("全部状态")), *AssignmentState.choices]
    )
    overdue = forms.NullBooleanField(
        label=_("逾期"),
        required=False,
        widget=forms.Select(
            choices=[("", _("全部")), ("true", _("已逾期")), ("false", _("未逾期"))]
        ),
    )
    agency = forms.IntegerField(
        label=_("承办单位"), required=False, min_value=1, max_value=2**31 - 1, widget=forms.Select
    )

    def __init__(self, *args: Any, agencies: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].widget.choices = [("", _("全部单位"))] + [
            (a.pk, a.name) for a in agencies
        ]


class MemberForm(BootstrapMixin, Form):
    agency = forms.TypedChoiceField(label=_("成员单位"), coerce=int)
    role = forms.ChoiceField(label=_("小组职务"), choices=GroupRole.choices)
    duties = forms.CharField(label=_("工作职责"), max_length=300, required=False)

    def __init__(self, *args: Any, region: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [(a.pk, a.name) for a in services.member_agencies(region)]


class ContactForm(BootstrapMixin, Form):
    member = forms.TypedChoiceField(label=_("成员单位"), coerce=int)
    name = forms.CharField(label=_("姓名"), max_length=50)
    post = forms.CharField(label=_("职务"), max_length=100)
    phone = forms.CharField(label=_("联系电话"), max_length=20)

    def __init__(self, *args: Any, members: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"].choices = [(m.pk, m.agency.name) for m in members]


class RemoveMemberForm(Form):
    member = forms.IntegerField(min_value=1, max_value=2**31 - 1, widget=forms.HiddenInput)


class RemoveContactForm(Form):
    contact = forms.IntegerField(min_value=1, max_value=2**31 - 1, widget=forms.HiddenInput)


class AssignmentSettingsForm(BootstrapMixin, ModelForm):
    class Meta:
        model = AssignmentSettings
        fields = ["reply_workdays", "reminder_workdays"]

    def clean_reply_workdays(self) -> int:
        value = self.cleaned_data["reply_workdays"]
        if not rules.MIN_REPLY_WORKDAYS <= value <= rules.MAX_REPLY_WORKDAYS:
            raise forms.ValidationError(
                _("答复期限须为 %(lo)s 至 %(hi)s 个工作日")
                % {"lo": rules.MIN_REPLY_WORKDAYS, "hi": rules.MAX_REPLY_WORKDAYS}
            )
        return value

    def clean(self) -> dict:
        data = super().clean()
        reply, reminder = data.get("reply_workdays"), data.get("reminder_workdays")
        if reply is not None and reminder is not None and reminder >= reply:
            self.add_error("reminder_workdays", _("提醒须早于答复期限"))
        return data
