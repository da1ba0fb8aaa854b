"""The single read gate: `Model.objects.restrict(user, action)` (DESIGN: Scoping).

Every region-scoped model uses `RestrictedManager`. What a user may do comes from their role
(`user.can(action)`), where they may do it from their agency (`user.jurisdiction_region_ids()`,
`None` meaning everywhere). Both live on the user model in `org`, so core stays free of domain
imports while every app shares one rule.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext as _

VIEW = "view"
CHANGE = "change"
ADD = "add"
DELETE = "delete"


class RestrictedQuerySet(models.QuerySet):
    def restrict(self, user: Any, action: str = VIEW) -> "RestrictedQuerySet":
        """Rows of this model that `user` may `action`: nothing unless both role and place allow."""
        if user is None or not getattr(user, "is_authenticated", False):
            return self.none()
        if not user.can(action, self.model):
            return self.none()
        queryset = self
        extra = getattr(self.model, "restrict_extra", None)
        if extra is not None:
            # A model may narrow further by who the user is (an industry department sees only
            # its own projects); it can never widen what the place allows.
            queryset = extra(queryset, user)
        region_ids = user.jurisdiction_region_ids()
        if region_ids is None:
            return queryset
        field = getattr(self.model, "scope_region_field", "region")
        return queryset.filter(**{f"{field}__in": region_ids})


class RestrictedManager(models.Manager.from_queryset(RestrictedQuerySet)):
    pass


def check_may(user: Any, action: str, model: str, region_id: str | None, outside: str) -> None:
    """The write gate every service opens first, the twin of `restrict`: the role may `action`
    on `model` and the object's division lies in the user's jurisdiction; `outside` says what
    is not in it ("该案件不在您的辖区内")."""
    if not user.can(action, model):
        raise PermissionDenied(_("您的角色不能执行此操作"))
    if not user.in_jurisdiction(region_id):
        raise PermissionDenied(outside)
