"""清偿责任认定: the official's finding, on a case of a construction project, of who answers for
the arrears (Decree 724 arts. 29, 30, 36) and whether that unit is ordered to pay. The law says
who is liable once the facts are found; finding the facts and ordering the payment are the
official's, recorded with a reason (`services.liability`), never decided by the system."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wageguard.parties.models import Enterprise

from ..rules.liability import Basis, ProjectRole
from .case import EnforcementCase


class CaseLiability(models.Model):
    case = models.ForeignKey(EnforcementCase, on_delete=models.CASCADE, related_name="liabilities")
    project = models.ForeignKey(
        "projects.Project", on_delete=models.PROTECT, related_name="+", verbose_name=_("工程项目")
    )
    basis = models.CharField(_("情形"), max_length=10, choices=Basis.choices)
    employer_role = models.CharField(
        _("用人单位在项目中的身份"), max_length=20, choices=ProjectRole.choices
    )
    liable = models.ForeignKey(
        Enterprise, on_delete=models.PROTECT, related_name="+", verbose_name=_("承担清偿责任的单位")
    )
    liable_role = models.CharField(
        _("该单位在项目中的身份"), max_length=20, choices=ProjectRole.choices
    )
    ordered = models.BooleanField(_("责令其清偿"))
    reason = models.TextField(_("理由"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["decided_at", "id"]
        verbose_name = _("清偿责任认定")
        verbose_name_plural = _("清偿责任认定")
        indexes = [models.Index(fields=["case", "decided_at"], name="caseliability_case_at")]

    def __str__(self) -> str:
        return f"{self.case_id} {self.basis} {self.liable_id}"
