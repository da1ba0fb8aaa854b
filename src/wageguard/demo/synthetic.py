"""Synthetic but valid people, employers and addresses for the demo, tests and benchmarks.

Everything is drawn from a seeded `random.Random`, so a seed gives the same province every time.
ID numbers and credit codes carry correct check digits (python-stdnum computes them), because the
rest of WageGuard rejects invalid ones exactly as production must.
"""

import datetime as dt
import functools
import random
from collections.abc import Iterator
from dataclasses import dataclass

from stdnum.cn import ric, uscc

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红"
    "建国志文军德福贵成林海波鹏辉宇浩然晓燕春梅雪峰"
)
ROADS = (
    "人民",
    "建设",
    "解放",
    "中山",
    "和平",
    "新华",
    "光明",
    "东风",
    "胜利",
    "滨江",
    "锦绣",
    "天府",
    "长征",
    "红星",
    "幸福",
    "文化",
    "工业",
    "学府",
    "朝阳",
    "望江",
    "青龙",
    "白果",
    "金沙",
    "龙泉",
    "玉林",
)
ROAD_KINDS = ("路", "街", "大道", "巷")
TRADES = (
    "建筑工程",
    "建设工程",
    "劳务",
    "市政工程",
    "装饰工程",
    "路桥工程",
    "水利水电",
    "机电安装",
    "餐饮管理",
    "物业服务",
    "服装制造",
    "物流",
)
WORDS = (
    "鑫",
    "宏",
    "华",
    "盛",
    "达",
    "恒",
    "泰",
    "兴",
    "锦",
    "蜀",
    "川",
    "嘉",
    "顺",
    "安",
    "瑞",
    "诚",
    "信",
    "鼎",
    "远",
    "通",
)
PROJECT_KINDS = (
    "安置房项目",
    "商住楼工程",
    "道路改造工程",
    "产业园一期",
    "学校新建工程",
    "医院综合楼",
    "污水处理厂",
    "棚户区改造项目",
)


@dataclass(frozen=True)
class County:
    code: str
    name: str
    city_name: str
    province_name: str


@dataclass(frozen=True)
class Person:
    name: str
    id_number: str
    phone: str
    birth_county: str


@dataclass(frozen=True)
class Employer:
    name: str
    credit_code: str
    legal_representative: Person
    address: str
    region_code: str


class Synthetic:
    """Generator bound to a list of counties (usually one province's) and a seed."""

    def __init__(self, counties: list[County], seed: int = 2026):
        if not counties:
            raise ValueError("at least one county is needed")
        self.counties = counties
        self.rng = random.Random(seed)
        self._serial = 0

    def name(self) -> str:
        rng = self.rng
        return rng.choice(SURNAMES) + "".join(
            rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2)))
        )

    def phone(self) -> str:
        rng = self.rng
        return rng.choice(("13", "15", "17", "18", "19")) + "".join(
            str(rng.randrange(10)) for _ in range(9)
        )

    def id_number(self, county: County | None = None, birth: dt.date | None = None) -> str:
        """A checksum-valid resident ID (GB 11643) for someone born in `county`.

        A worker's ID keeps the code their birthplace had when it was issued, and python-stdnum's
        table predates recent renamings (510117 郫都区 was 510124 郫县), so a county stdnum does not
        know yet lends its prefecture's code (or else the province's), as older IDs there do.
        """
        rng = self.rng
        county = county or rng.choice(self.counties)
        birth = birth or dt.date(1965, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 38))
        body = f"{_birth_code(county.code)}{birth:%Y%m%d}{rng.randrange(0, 1000):03d}"
        number = body + ric.calc_check_digit(body + "0")  # stdnum skips the last character
        return ric.validate(number)

    def person(self) -> Person:
        county = self.rng.choice(self.counties)
        return Person(self.name(), self.id_number(county), self.phone(), county.code)

    def credit_code(self, county: County | None = None) -> str:
        """A checksum-valid unified social credit code (GB 32100) registered in `county`."""
        rng = self.rng
        county = county or rng.choice(self.counties)
        self._serial += 1
        alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
        org = "".join(rng.choice(alphabet) for _ in range(8))
        body = f"91{county.code}{org}" + rng.choice("0123456789X").replace("X", "0")
        return uscc.validate(body + uscc.calc_check_digit(body))

    def address(self, county: County | None = None, with_province: bool = True) -> str:
        rng = self.rng
        county = county or rng.choice(self.counties)
        road = rng.choice(ROADS) + rng.choice(ROAD_KINDS)
        number = f"{rng.randrange(1, 999)}号"
        prefix = county.province_name if with_province else ""
        city = county.city_name if county.city_name != county.province_name else ""
        return f"{prefix}{city}{county.name}{road}{number}"

    def employer(self) -> Employer:
        rng = self.rng
        county = rng.choice(self.counties)
        place = county.city_name.removesuffix("市")[:2] if county.city_name else county.name[:2]
        brand = rng.choice(WORDS) + rng.choice(WORDS)
        name = (
            f"四川{brand}{rng.choice(TRADES)}有限公司"
            if rng.random() < 0.4
            else f"{place}{brand}{rng.choice(TRADES)}有限公司"
        )
        return Employer(
            name=name,
            credit_code=self.credit_code(county),
            legal_representative=self.person(),
            address=self.address(county),
            region_code=county.code,
        )

    def project_name(self, county: County | None = None) -> str:
        county = county or self.rng.choice(self.counties)
        return f"{county.name}{self.rng.choice(ROADS)}{self.rng.choice(PROJECT_KINDS)}"

    def people(self, n: int) -> Iterator[Person]:
        for _ in range(n):
            yield self.person()


@functools.cache
def _birth_code(code: str) -> str:
    for candidate in (code, code[:4] + "00", code[:2] + "0000"):
        probe = f"{candidate}19800101001"
        if ric.is_valid(probe + ric.calc_check_digit(probe + "0")):
            return candidate
    return code


def counties_of(province_code: str) -> list[County]:
    """The current county-level divisions of a province, with prefecture and province names."""
    from wageguard.regions.models import Level, Region

    rows = Region.objects.filter(province_code=province_code, level=Level.COUNTY).select_related(
        "parent", "parent__parent"
    )
    out = []
    for r in rows.order_by("code"):
        parent = r.parent
        if parent is not None and parent.level == Level.CITY:
            city, province = parent.name, parent.parent.name if parent.parent else ""
        else:
            city, province = "", parent.name if parent else ""
        out.append(County(r.code, r.name, city, province))
    return out
