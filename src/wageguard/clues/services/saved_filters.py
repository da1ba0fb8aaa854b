"""Saved inbox filters: each handler's own named filters of the inbox (issue 14)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wageguard.core.text import clean_text
from wageguard.org.models import User

from ..models import SavedInboxFilter

MAX_PER_USER = 20


def of_user(user: User) -> list[SavedInboxFilter]:
    return list(SavedInboxFilter.objects.filter(user=user))


@transaction.atomic
def save(user: User, *, name: str, query: str) -> SavedInboxFilter:
    """Keeps `query` (the inbox's query string, already reduced to its filter names) under
    `name`; the same name again replaces that filter."""
    name = clean_text(name or "").strip()
    if not name:
        raise ValidationError({"name": _("请为筛选起一个名称")})
    if len(name) > 40:
        raise ValidationError({"name": _("名称不超过 40 个字")})
    if len(query) > 1000:
        raise ValidationError({"name": _("筛选条件过长，无法保存")})
    existing = SavedInboxFilter.objects.filter(user=user, name=name).first()
    if existing is not None:
        existing.query = query
        existing.save(update_fields=["query"])
        return existing
    if SavedInboxFilter.objects.filter(user=user).count() >= MAX_PER_USER:
        raise ValidationError(
            {"name": _("最多保存 %(n)d 个筛选，请先删除不用的") % {"n": MAX_PER_USER}}
        )
    return SavedInboxFilter.objects.create(user=user, name=name, query=query)


def remove(user: User, pk: int) -> None:
    """Deletes one of the user's own filters; another user's is not found."""
    SavedInboxFilter.objects.filter(user=user, pk=pk).delete()
