"""答复常用语: the province's reply templates, kept by those who may change the province's clue
settings (`User.may_change_province_wide`), read by every member of staff who replies."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wageguard.core import audit
from wageguard.core.text import clean_text
from wageguard.org.models import User

from ..models import ReplyTemplate

SETTINGS_MODEL = "clues.cluesettings"
FIELDS = ["province_code", "title", "text"]


def may_manage(user: User) -> bool:
    return user.may_change_province_wide(SETTINGS_MODEL)


def of_province(province_code: str | None = None) -> list[ReplyTemplate]:
    """The province's templates (this installation's by default), by name."""
    code = province_code or settings.WAGEGUARD_PROVINCE
    return list(ReplyTemplate.objects.filter(province_code=code))


@transaction.atomic
def add(user: User, *, title: str, text: str) -> ReplyTemplate:
    """A new template of the province; its name is unique within the province."""
    if not may_manage(user):
        raise PermissionDenied(_("只有省级管理员可以维护答复常用语"))
    title = clean_text(title or "").strip()
    text = clean_text(text or "", multiline=True).strip()
    errors = {}
    if not title:
        errors["title"] = _("请填写常用语名称")
    elif len(title) > 40:
        errors["title"] = _("名称不超过 40 个字")
    if not text:
        errors["text"] = _("请填写常用语内容")
    elif len(text) > 2000:
        errors["text"] = _("内容不超过 2000 个字")
    code = settings.WAGEGUARD_PROVINCE
    if title and ReplyTemplate.objects.filter(province_code=code, title=title).exists():
        errors["title"] = _("已有同名的常用语")
    if errors:
        raise ValidationError(errors)
    row = ReplyTemplate.objects.create(province_code=code, title=title, text=text)
    audit.record("clue_reply_template.add", obj=row, actor=user, after=audit.snapshot(row, FIELDS))
    return row


@transaction.atomic
def remove(user: User, pk: int) -> None:
    if not may_manage(user):
        raise PermissionDenied(_("只有省级管理员可以维护答复常用语"))
    row = ReplyTemplate.objects.filter(pk=pk, province_code=settings.WAGEGUARD_PROVINCE).first()
    if row is None:
        raise ValidationError({"template": _("找不到该常用语")})
    before = audit.snapshot(row, FIELDS)
    row.delete()
    audit.record("clue_reply_template.remove", actor=user, before=before)
