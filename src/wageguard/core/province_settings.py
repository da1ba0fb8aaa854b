"""The shape of a province's configurable rules (办理参数): one row per province, read on almost
every request and changed a few times a year, so it is memoised per process for a minute and the
memo is cleared by the process that saves a change (see core.memo). Each app keeps its own
concrete subclass with its fields (clue limits, credit-list limits, criminal thresholds)."""

from typing import Self

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .memo import memo


class ProvinceSettings(models.Model):
    province_code = models.CharField(_("省级代码"), max_length=2, unique=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.province_code

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        _row_of.cache_clear()

    @classmethod
    def for_province(cls, province_code: str | None = None) -> Self:
        """The province's row (this installation's province by default), created with the
        defaults the first time it is asked for."""
        return _row_of(cls, province_code or settings.WAGEGUARD_PROVINCE)


@memo(60)
def _row_of(model: type[ProvinceSettings], code: str) -> ProvinceSettings:
    row, _created = model.objects.get_or_create(province_code=code)
    return row
