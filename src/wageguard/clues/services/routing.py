"""Where a clue goes: the county of the work address (Decree 423 art. 13) and the HRSS bureau that
answers for it."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from wageguard.core.memo import memo
from wageguard.org.models import Agency
from wageguard.org.services import agency_for
from wageguard.regions.models import Level, Region
from wageguard.regions.router import route


def hrss_for(region: Region) -> Agency:
    """The HRSS bureau answering for a division: its own, else the nearest one above it."""
    agency = agency_for(region.code)
    if agency is None:
        raise ValidationError({"work_address": _("系统未配置该地区的人社部门，无法分派")})
    return agency


@memo(60)
def _region(code: str) -> Region:
    return Region.objects.select_related("parent").get(code=code)


def route_clue(address: str) -> tuple[Region, float, str]:
    """County where the work happens (Decree 423 art. 13); else the prefecture's or the province's
    triage queue, never a guess. An address in another province goes to this province's triage,
    which transfers it on."""
    province = settings.WAGEGUARD_PROVINCE
    result = route(address, province=province)
    home = _region(f"{province}0000")
    if result.code is None:
        return home, 0.0, "未能从地址识别辖区，进入省级分拣"
    if not result.code.startswith(province):
        return home, result.confidence, f"地址位于省外（{result.name} {result.code}），待移交"
    region = _region(result.code)
    note = "" if region.level == Level.COUNTY else f"未能确定到县级，进入{region.name}分拣"
    return region, result.confidence, note
