"""Enterprises and persons as reusable records (企业、人员), shared by cases, the credit list and
publication: one employer found in ten cases is one row, so its listing and history line up."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wageguard.core.crypto import EncryptedCharField, KeyedHashField
from wageguard.regions.models import Region


class Enterprise(models.Model):
    """企业（单位）: an employer, developer, general contractor or subcontractor. The credit code is
    the identity when known; otherwise the normalised name is (DOMAIN: names vary in clues)."""

    name = models.CharField(_("单位名称"), max_length=200)
    name_norm = models.CharField(max_length=200, db_index=True, editable=False)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    legal_representative = models.CharField(_("法定代表人（负责人）"), max_length=50, blank=True)
    address = models.CharField(_("住所地址"), max_length=300, blank=True)
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("所在辖区"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("企业")
        verbose_name_plural = _("企业")
        constraints = [
            models.UniqueConstraint(
                fields=["credit_code"],
                condition=~models.Q(credit_code=""),
                name="uniq_enterprise_credit_code",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Person(models.Model):
    """人员: a legal representative or a directly responsible person of a unit. Workers stay on
    their arrears lines; they are never parties to be listed or published."""

    name = models.CharField(_("姓名"), max_length=50)
    id_number = EncryptedCharField(_("身份证号码"), max_length=18, blank=True)
    # One person per ID number: unique on the keyed hash, since the ciphertext differs each save.
    id_number_hash = KeyedHashField(source="id_number", normalise="id_number")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("人员")
        verbose_name_plural = _("人员")
        constraints = [
            models.UniqueConstraint(
                fields=["id_number_hash"],
                condition=~models.Q(id_number_hash=""),
                name="uniq_person_id_number",
            )
        ]

    def __str__(self) -> str:
        return self.name
