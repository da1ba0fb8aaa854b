"""The archive of a round's generated documents (调度情况报告、通报 as Word and Excel).

Registered with the dispatch app by one import in `dispatch/models.py`. A document is stored as
generated, with its hash and the moment its figures were computed, and never regenerated in
place: generating again adds a new row, so what was sent stays downloadable."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..rounds.models import DispatchRound
from .rules import Format, Kind

__all__ = ["DispatchDocument"]


class DispatchDocument(models.Model):
    round = models.ForeignKey(DispatchRound, on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField(_("文件种类"), max_length=12, choices=Kind.choices)
    format = models.CharField(_("格式"), max_length=8, choices=Format.choices)
    file = models.FileField(upload_to="dispatch/documents/%Y/%m/")
    size = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64)
    computed_at = models.DateTimeField(_("数据计算时间"))
    # None: written by the scheduled job (`dispatch.round-documents`), not by a person.
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    generated_at = models.DateTimeField(_("生成时间"), default=timezone.now)

    class Meta:
        ordering = ["-generated_at", "-id"]
        verbose_name = _("调度报告文件")
        verbose_name_plural = _("调度报告文件")
        constraints = [
            # The job writes each round's documents once, however often it runs.
            models.UniqueConstraint(
                fields=["round", "kind", "format"],
                condition=models.Q(generated_by__isnull=True),
                name="uniq_dispatch_document_scheduled",
            )
        ]
        indexes = [models.Index(fields=["round", "generated_at"])]

    def __str__(self) -> str:
        return f"{self.round_id} {self.kind}.{self.format}"
