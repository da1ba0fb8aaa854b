"""Creates the agencies of a province: the HRSS bureau of the province, each prefecture and each
county, each under the bureau one level up, plus the other departments a deployment asks for.

Used by `wageguard demo` and by `wageguard manage bootstrap` for a real deployment; idempotent.
"""

from django.db import transaction

from wageguard.regions.models import Level, Region

from .models import Agency, AgencyKind

_LEVEL_SUFFIX = {Level.PROVINCE: "厅", Level.CITY: "局", Level.COUNTY: "局"}
_DEPARTMENT_NAMES = {
    AgencyKind.HRSS: ("人力资源和社会保障", "人社"),
    AgencyKind.HOUSING: ("住房和城乡建设", "住建"),
    AgencyKind.TRANSPORT: ("交通运输", "交通"),
    AgencyKind.WATER: ("水利", "水利"),
    AgencyKind.NDRC: ("发展和改革委员会", "发改"),
    AgencyKind.FINANCE: ("财政", "财政"),
    AgencyKind.POLICE: ("公安", "公安"),
    AgencyKind.COURT: ("人民法院", "法院"),
    AgencyKind.SASAC: ("国有资产监督管理委员会", "国资"),
}


def agency_name(region: Region, kind: str) -> str:
    full, _short = _DEPARTMENT_NAMES[kind]
    if kind == AgencyKind.COURT:
        level_word = {Level.PROVINCE: "高级", Level.CITY: "中级", Level.COUNTY: ""}[region.level]
        return f"{region.name}{level_word}人民法院"
    if kind in (AgencyKind.NDRC, AgencyKind.SASAC):
        return f"{region.name}{full}"
    return f"{region.name}{full}{_LEVEL_SUFFIX[region.level]}"


def short_name(region: Region, kind: str) -> str:
    """Document-number prefix such as 武人社 (武侯区人社局): first character plus the department."""
    return region.name[0] + _DEPARTMENT_NAMES[kind][1]


def ensure_agency(region: Region, kind: str = AgencyKind.HRSS) -> Agency:
    """The agency of `kind` for `region`, created (with its supervising chain) when missing."""
    existing = Agency.objects.filter(region=region, kind=kind).first()
    if existing:
        return existing
    parent = ensure_agency(region.parent, kind) if region.parent_id else None
    return Agency.objects.create(
        region=region,
        kind=kind,
        name=agency_name(region, kind),
        short_name=short_name(region, kind),
        parent=parent,
    )


@transaction.atomic
def create_agencies(
    province_code: str, kinds: tuple[str, ...] = (AgencyKind.HRSS,)
) -> dict[str, int]:
    """One agency of each kind for the province, every prefecture and every county in it."""
    regions = list(Region.objects.filter(province_code=province_code).order_by("level", "code"))
    order = {Level.PROVINCE: 0, Level.CITY: 1, Level.COUNTY: 2}
    regions.sort(key=lambda r: (order[r.level], r.code))
    existing = {
        (a.region_id, a.kind): a for a in Agency.objects.filter(region__in=regions, kind__in=kinds)
    }
    created = 0
    for kind in kinds:
        for region in regions:  # parents come first, so each child finds its parent
            if (region.code, kind) in existing:
                continue
            parent = existing.get((region.parent_id, kind)) if region.parent_id else None
            existing[(region.code, kind)] = Agency.objects.create(
                region=region,
                kind=kind,
                name=agency_name(region, kind),
                short_name=short_name(region, kind),
                parent=parent,
            )
            created += 1
    return {"created": created, "total": len(existing)}
