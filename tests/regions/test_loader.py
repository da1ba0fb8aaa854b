"""The division tables: GB/T 2260 as published now, plus the former and short names still in use."""

import io

import pytest
from django.core.management import call_command

from wageguard.regions.loader import load_regions, short_name
from wageguard.regions.models import Level, Region, RegionAlias

pytestmark = pytest.mark.django_db


def test_sichuan_has_21_prefectures_and_183_counties():
    assert Region.objects.filter(province_code="51", level=Level.CITY).count() == 21
    assert Region.objects.filter(province_code="51", level=Level.COUNTY).count() == 183
    sichuan = Region.objects.get(code="510000")
    assert (sichuan.name, sichuan.level, sichuan.parent_id) == ("四川省", Level.PROVINCE, None)


@pytest.mark.parametrize(
    ("code", "name", "parent"),
    [
        ("510100", "成都市", "510000"),
        ("510107", "武侯区", "510100"),
        ("510117", "郫都区", "510100"),
        ("510118", "新津区", "510100"),
        ("513402", "会理市", "513400"),
        ("510981", "射洪市", "510900"),
        ("511504", "叙州区", "511500"),
        ("510185", "简阳市", "510100"),
        ("513400", "凉山彝族自治州", "510000"),
    ],
)
def test_recent_changes_are_current(code, name, parent):
    region = Region.objects.get(code=code)
    assert (region.name, region.parent_id, region.province_code) == (name, parent, "51")


def test_former_names_are_aliases_not_divisions():
    for former in ("郫县", "新津县", "会理县", "射洪县", "宜宾县"):
        assert not Region.objects.filter(name=former).exists()
    expected = {
        "郫县": "510117",
        "新津县": "510118",
        "会理县": "513402",
        "射洪县": "510981",
        "宜宾县": "511504",
    }
    for former, code in expected.items():
        alias = RegionAlias.objects.get(name=former, region__province_code="51")
        assert (alias.region_id, alias.kind) == (code, RegionAlias.Kind.FORMER)
        assert alias.last_year and 2010 <= alias.last_year <= 2024
    assert RegionAlias.objects.get(name="郫县").last_year == 2015


def test_bad_historical_links_are_not_loaded():
    """The historical table maps 1996 梁平县 to 平武县; only its 2015 link to 梁平区 is credible."""
    assert list(RegionAlias.objects.filter(name="梁平县").values_list("region_id", flat=True)) == [
        "500155"
    ]
    assert not RegionAlias.objects.filter(name="马边县", region_id="513402").exists()


def test_short_names():
    shorts = dict(
        RegionAlias.objects.filter(kind=RegionAlias.Kind.SHORT, region__province_code="51")
        .filter(name__in=["凉山州", "阿坝州", "甘孜州", "凉山", "成都", "郫都", "四川", "广安"])
        .values_list("name", "region_id")
    )
    assert shorts == {
        "凉山州": "513400",
        "阿坝州": "513200",
        "甘孜州": "513300",
        "凉山": "513400",
        "成都": "510100",
        "郫都": "510117",
        "四川": "510000",
        "广安": "511600",  # the prefecture; 广安区 gets no short name that would clash with it
    }
    # Generic stems would match ordinary words (城市中心), so 市中区 has no short name.
    assert not RegionAlias.objects.filter(name="市中").exists()


@pytest.mark.parametrize(
    ("name", "short"),
    [
        ("凉山彝族自治州", "凉山"),
        ("阿坝藏族羌族自治州", "阿坝"),
        ("伊犁哈萨克自治州", "伊犁"),
        ("北川羌族自治县", "北川"),
        ("广西壮族自治区", "广西"),
        ("内蒙古自治区", "内蒙古"),
        ("鄂温克族自治旗", "鄂温克"),
        ("都江堰市", "都江堰"),
        ("高县", None),
        ("市中区", None),
        ("东区", None),
    ],
)
def test_short_name_rule(name, short):
    assert short_name(name) == short


def test_municipalities_and_province_level_counties_hang_under_the_province():
    assert Region.objects.get(code="110105").parent_id == "110000"
    assert not Region.objects.filter(code="110100").exists()
    assert Region.objects.get(code="500157").name == "两江新区"
    assert RegionAlias.objects.get(name="渝北区").region_id == "500157"
    xiantao = Region.objects.get(code="429004")
    assert (xiantao.level, xiantao.parent_id) == (Level.COUNTY, "420000")
    dongguan = Region.objects.get(code="441900")
    assert dongguan.level == Level.CITY and not dongguan.children.exists()


def test_codes_are_six_digits_and_levels_follow_them():
    assert not Region.objects.exclude(code__regex=r"^\d{6}$").exists()
    assert not Region.objects.filter(level=Level.PROVINCE).exclude(code__endswith="0000").exists()
    assert not Region.objects.filter(level=Level.CITY).exclude(code__endswith="00").exists()
    assert not Region.objects.filter(code__startswith="71").exists()  # 台湾省: no data in source
    assert Region.objects.filter(level=Level.PROVINCE).count() == 33


def test_second_load_changes_nothing():
    counts = load_regions()
    assert counts["counties"] == Region.objects.filter(level=Level.COUNTY).count()
    assert counts["aliases"] == RegionAlias.objects.count()
    changes = [k for k in counts if k.endswith(("created", "updated", "deleted"))]
    assert changes and all(counts[k] == 0 for k in changes), counts


def test_load_repairs_edits_and_drops_unknown_aliases():
    Region.objects.filter(code="510107").update(name="改错的名字")
    RegionAlias.objects.create(name="不存在的别名", region_id="510107", kind="short")
    RegionAlias.objects.filter(name="郫县").delete()
    counts = load_regions()
    assert (counts["updated"], counts["aliases_created"], counts["aliases_deleted"]) == (1, 1, 1)
    assert Region.objects.get(code="510107").name == "武侯区"
    assert RegionAlias.objects.filter(name="郫县", region_id="510117").exists()
    assert not RegionAlias.objects.filter(name="不存在的别名").exists()


def test_abolished_divisions_are_deleted_unless_referenced():
    Region.objects.create(
        code="519999", name="已撤销县", level=Level.COUNTY, parent_id="510100", province_code="51"
    )
    counts = load_regions()
    assert counts["deleted"] == 1 and not Region.objects.filter(code="519999").exists()


def test_management_command_prints_counts():
    out = io.StringIO()
    call_command("regions", "load", stdout=out)
    text = out.getvalue()
    assert "counties 2845" in text and "prefectures 333" in text
    assert "0 created, 0 updated, 0 deleted" in text
