"""The shape of every workflow's own history (状态记录): who did what, from which state to which,
with a note and the action's data. Each stateful model keeps a concrete subclass with its foreign
key, so a case's or a clue's timeline is one indexed query; the audit log keeps the chained copy."""

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

from .audit import jsonable


class StateHistory(models.Model):
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor_name = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=24)
    from_state = models.CharField(max_length=20, blank=True)
    to_state = models.CharField(max_length=20, blank=True)
    note = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)

    # The name of the subclass's foreign key to the object whose timeline this is.
    owner_field = ""

    class Meta:
        abstract = True
        ordering = ["at", "id"]

    @classmethod
    def write(
        cls, owner: Any, action: str, actor: Any, before: str, note: str = "", **fields: Any
    ) -> "StateHistory":
        """One row: `before` is the state left, the owner's current state the one entered;
        `data` is made JSON-safe; other keyword fields are the subclass's own (e.g. `public`)."""
        return cls.objects.create(
            **{cls.owner_field: owner},
            actor=actor,
            actor_name=actor.display_name if actor else "",
            action=action,
            from_state=before,
            to_state=owner.state,
            note=note,
            data=jsonable(fields.pop("data", {})),
            **fields,
        )
