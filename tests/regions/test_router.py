"""Address routing: every written form people use reaches the right county, or the deepest level."""

import pytest

from wageguard.regions import router
from wageguard.regions.loader import load_regions
from wageguard.regions.models import RegionAlias
from wageguard.regions.router import route, route_many

pytestmark = pytest.mark.django_db

COUNTY_CASES = [
    # full address, and without the province
    ("四川省成都市武侯区人民南路四段1号", "510107"),
    ("成都市武侯区人民南路四段1号", "510107"),
    ("四川成都武侯区", "510107"),
    ("四川省 成都市 武侯区 人民南路", "510107"),
    # prefecture abbreviations
    ("凉山州西昌市航天大道", "513401"),
    ("阿坝州汶川县映秀镇", "513221"),
    ("甘孜州康定市炉城镇", "513301"),
    ("凉山会理", "513402"),
    # names without 市/区/县
    ("成都武侯", "510107"),
    ("四川成都双流", "510116"),
    # county only
    ("武侯区人民南路", "510107"),
    ("郫都区安德街道", "510117"),
    ("金堂县赵镇", "510121"),
    # names shared by two counties: decided by the prefecture named
    ("乐山市市中区", "511102"),
    ("内江市市中区", "511002"),
    ("内江市中区", "511002"),
    ("攀枝花市东区", "510402"),
    ("攀枝花西区", "510403"),
    # former names, with or without their prefecture
    ("郫县团结镇", "510117"),
    ("成都市郫县犀浦镇", "510117"),
    ("宜宾县柏溪镇", "511504"),
    ("宜宾市宜宾县", "511504"),
    ("会理县城关镇", "513402"),
    ("凉山州会理县", "513402"),
    ("新津县五津镇", "510118"),
    ("射洪县太和镇", "510981"),
    ("遂宁市射洪县", "510981"),
    # a county filed under another prefecture today (简阳: 资阳 -> 成都 in 2016)
    ("资阳市简阳市石桥镇", "510185"),
    # other provinces come back as such
    ("北京市朝阳区建国路", "110105"),
    ("杭州市西湖区文三路", "330106"),
    ("上海市浦东新区世纪大道", "310115"),
    ("重庆市江北区观音桥", "500157"),  # 江北区 became 两江新区 in 2025
    ("湖北省仙桃市", "429004"),
    ("海南省琼海市", "469002"),
    # street names that name another place
    ("成都市武侯区宜宾路8号", "510107"),
    ("成都市锦江区郫县路8号", "510104"),
    ("凉山州西昌市成都路", "513401"),
    ("眉山市东坡区绵阳街", "511402"),
    ("德阳市中江县", "510623"),
    ("甘孜州康定市新都桥镇", "513301"),
    # a bare name that is a prefecture here and a county elsewhere (资阳区 is in Hunan)
    ("资阳乐至县", "512022"),
    ("广安区协兴镇", "511602"),
]


@pytest.mark.parametrize(("address", "code"), COUNTY_CASES)
def test_county_is_found(address, code):
    result = route(address)
    assert (result.code, result.level) == (code, "county"), result


@pytest.mark.parametrize(
    ("address", "code", "level"),
    [
        ("成都市高新区天府大道", "510100", "city"),
        ("成都市高新区宜宾路", "510100", "city"),
        ("广安", "511600", "city"),
        ("凉山州", "513400", "city"),
        ("四川省某县某镇", "510000", "province"),
        ("市中区", "510000", "province"),  # 乐山 or 内江: both in Sichuan, neither decided
        ("北京市", "110000", "province"),
    ],
)
def test_deepest_decidable_level(address, code, level):
    result = route(address)
    assert (result.code, result.level) == (code, level), result


@pytest.mark.parametrize("address", ["", None, "不知道在哪里", "123456"])
def test_nothing_matched(address):
    result = route(address)
    assert result.code is None and result.level is None and result.confidence == 0.0


def test_other_province_is_never_forced_into_the_configured_one():
    result = route("北京市朝阳区", province="51")
    assert result.code == "110105"
    # 朝阳区 exists in Beijing and Changchun, in neither Sichuan: left undecided, not guessed
    assert route("朝阳区", province="51").code is None
    assert route("朝阳区", province="22").code == "220104"


def test_province_hint_breaks_ties_only():
    assert route("江北区", province="50").code == "500157"
    assert route("江北区", province="33").code == "330205"
    assert route("宁波市江北区", province="50").code == "330205"


def test_confidence_reflects_evidence():
    full = route("四川省成都市武侯区").confidence
    alias = route("凉山州会理县").confidence
    bare = route("武侯区").confidence
    moved = route("资阳市简阳市").confidence
    city = route("成都市高新区").confidence
    province = route("四川省").confidence
    assert full == 1.0
    assert 1.0 > alias >= bare > moved > city > province > 0
    for result in route_many(["四川省成都市武侯区", "乱码", "成都市"]):
        assert 0.0 <= result.confidence <= 1.0


def test_batch_keeps_input_order_and_handles_repeats():
    addresses = ["凉山州会理县", "北京市朝阳区", "", "郫县", "凉山州会理县", None, "成都市高新区"]
    results = route_many(addresses)
    assert [r.code for r in results] == [
        "513402",
        "110105",
        None,
        "510117",
        "513402",
        None,
        "510100",
    ]
    assert results == [route(a) for a in addresses]


def test_matcher_is_cached_and_rebuilt_after_a_load(django_capture_on_commit_callbacks):
    router.invalidate()
    first = router.get_matcher()
    assert router.get_matcher() is first
    RegionAlias.objects.create(name="天府测试城", region_id="510107", kind="short")
    assert route("天府测试城").code is None  # cached: no database read per address
    router.invalidate()
    assert route("天府测试城").code == "510107"
    with django_capture_on_commit_callbacks(execute=True):
        load_regions()  # drops the unknown alias and invalidates the matcher on commit
    assert route("天府测试城").code is None


def test_batch_throughput_floor():
    """A generous floor (the benchmark does ~180,000/s): catches an accidental per-address query."""
    import time

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    heads = [a for a, _code in COUNTY_CASES]
    addresses = [f"{heads[i % len(heads)]}{i}号" for i in range(20_000)]
    route_many(addresses[:10])  # build the matcher outside the measurement
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        results = route_many(addresses)
        elapsed = time.perf_counter() - started
    assert len(queries) <= 3  # at most the periodic freshness check
    assert len(results) == len(addresses)
    assert len(addresses) / elapsed > 20_000
