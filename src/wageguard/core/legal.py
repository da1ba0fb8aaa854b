"""The one table of legal sources WageGuard cites.

A wrong article printed on a decision is grounds to overturn it, so an article number is written
here once, with a short quote read from a stored copy of the text (`docs/legal-sources.md` says
where each was read), and everything else (rules, refusals, documents, pages) prints it through
`cite()` or the `{% cite %}` template tag. `tests/core/test_legal.py` fails when any module or
template spells an article itself, or names an article this table does not hold.

A source read only in a secondary copy (a bureau's or a law firm's page quoting it) says so in
`Law.secondary`; the quote is still the stored words, and `docs/legal-sources.md` names the page.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import translation
from django.utils.functional import lazy
from django.utils.translation import get_language


@dataclass(frozen=True)
class Law:
    key: str
    title: str  # as printed on documents, with its 《》
    english: str  # as printed on English pages
    source: str  # where the text was read (repository/path or page), see docs/legal-sources.md
    secondary: bool = False  # read only as quoted by a third party


@dataclass(frozen=True)
class Article:
    law: Law
    number: str  # "26", "276-1" (之一), or a section label of a normative document ("一（一）")
    quote: str  # a few words read from the stored text, enough to recognise the article

    @property
    def key(self) -> str:
        return f"{self.law.key}.{self.number}"


LABOR_LAWYER = "littledsw/labor_lawyer@07f43bd7de794d8f324b5f37b1d6286e928b61bc"
LAWREFBOOK = "LawRefBook/Laws@2f4c5c23716267af9dbebbbbd6cbbf732b101981"

LAWS: dict[str, Law] = {
    law.key: law
    for law in (
        Law(
            "423",
            "《劳动保障监察条例》",
            "Regulations on Labour Security Supervision",
            f"{LABOR_LAWYER} 劳动保障监察条例.md",
        ),
        Law(
            "724",
            "《保障农民工工资支付条例》",
            "Regulations on Ensuring the Payment of Wages to Migrant Workers",
            f"{LABOR_LAWYER} 保障农民工工资支付条例.md",
        ),
        Law(
            "O45",
            "《拖欠农民工工资失信联合惩戒对象名单管理暂行办法》",
            "Interim Measures on the Joint-Punishment List for Wage Arrears (MOHRSS Order 45)",
            f"{LABOR_LAWYER} 拖欠农民工工资失信联合惩戒对象名单管理暂行办法.md",
        ),
        Law(
            "O25",
            "《关于实施〈劳动保障监察条例〉若干规定》",
            "Provisions on Implementing the Regulations on Labour Security Supervision",
            "http://0735yw.com/html/rxxyqytop.201712t20171220_1469234.html",
            secondary=True,
        ),
        Law(
            "SPC2013",
            "《最高人民法院关于审理拒不支付劳动报酬刑事案件适用法律若干问题的解释》（法释〔2013〕3号）",
            "Supreme People's Court Interpretation on Refusing to Pay Remuneration (2013 No. 3)",
            f"{LABOR_LAWYER} 最高人民法院关于审理拒不支付劳动报酬刑事案件适用法律若干问题的解释.md",
        ),
        Law("CL", "《中华人民共和国刑法》", "Criminal Law", f"{LAWREFBOOK} 刑法/刑法.md"),
        Law(
            "AEL",
            "《中华人民共和国行政强制法》",
            "Administrative Enforcement Law",
            f"{LAWREFBOOK} 行政法/行政强制法(2011-06-30).md",
        ),
        Law(
            "APL",
            "《中华人民共和国行政处罚法》",
            "Administrative Penalty Law",
            f"{LAWREFBOOK} 行政法/行政处罚法(2021-01-22).md",
        ),
        Law("CC", "《中华人民共和国民法典》", "Civil Code", f"{LAWREFBOOK} 民法典/总则.md"),
        Law(
            "SC310",
            "《行政执法机关移送涉嫌犯罪案件的规定》",
            "Provisions on the Transfer of Suspected Criminal Cases by Administrative Law "
            "Enforcement Organs",
            f"{LAWREFBOOK} 行政法规/行政执法机关移送涉嫌犯罪案件的规定(2020-08-07).md",
        ),
        Law(
            "LL",
            "《中华人民共和国劳动法》",
            "Labour Law",
            f"{LAWREFBOOK} 社会法/劳动法(2018-12-29).md",
        ),
        Law(
            "ALL",
            "《中华人民共和国行政诉讼法》",
            "Administrative Litigation Law",
            f"{LAWREFBOOK} 行政诉讼法(2017-06-27).md",
        ),
        Law(
            "ARL",
            "《中华人民共和国行政复议法》",
            "Administrative Review Law",
            f"{LAWREFBOOK} 行政复议法(2023-09-01).md",
        ),
        Law(
            "CPL",
            "《中华人民共和国民事诉讼法》",
            "Civil Procedure Law",
            f"{LAWREFBOOK} 诉讼与非诉讼程序法/民事诉讼法(2023-09-01).md",
        ),
        Law(
            "HOL",
            "《全国年节及纪念日放假办法》",
            "Measures on National Holidays and Memorial Days",
            f"{LAWREFBOOK} 行政法规/全国年节及纪念日放假办法(2024-11-10).md",
        ),
        # The 2021 rules on construction projects: no whole stored copy; articles read from
        # stored web pages quoting them (docs/legal-sources.md §22-§25).
        Law(
            "R65",
            "《工程建设领域农民工工资保证金规定》（人社部发〔2021〕65号）",
            "Provisions on Wage Deposits in Construction (MOHRSS 2021 No. 65)",
            "stored pages quoting it: docs/legal-sources.md §23",
            secondary=True,
        ),
        Law(
            "R53",
            "《工程建设领域农民工工资专用账户管理暂行办法》（人社部发〔2021〕53号）",
            "Interim Measures on Dedicated Wage Accounts in Construction (MOHRSS 2021 No. 53)",
            "stored pages quoting it, mostly without article numbers: docs/legal-sources.md §24",
            secondary=True,
        ),
        Law(
            "JS18",
            "《建筑工人实名制管理办法（试行）》（建市〔2019〕18号）",
            "Measures on Real-Name Management of Construction Workers (Jianshi 2019 No. 18)",
            "stored pages quoting it: docs/legal-sources.md §25",
            secondary=True,
        ),
        # Order 29: no stored text was found (docs/legal-sources.md §5, §19), so it is cited by
        # title only, never by article.
        Law(
            "O29",
            "《重大劳动保障违法行为社会公布办法》",
            "Measures on Publishing Major Violations of Labour Security Law (MOHRSS Order 29)",
            "not found in a stored copy: cited by title only",
            secondary=True,
        ),
    )
}


def _a(law: str, number: str, quote: str) -> Article:
    return Article(LAWS[law], number, quote)


ARTICLES: dict[str, Article] = {
    a.key: a
    for a in (
        # 《劳动保障监察条例》
        _a("423", "13", "由用人单位用工所在地的县级或者设区的市级劳动保障行政部门管辖"),
        _a("423", "16", "劳动保障监察员进行调查、检查，不得少于2人"),
        _a("423", "17", "应当自立案之日起60个工作日内完成；……可以延长30个工作日"),
        _a("423", "18", "涉嫌犯罪的，应当依法移送司法机关"),
        _a("423", "19", "作出行政处罚或者行政处理决定前，应当听取用人单位的陈述、申辩"),
        _a("423", "20", "在2年内未被劳动保障行政部门发现，也未被举报、投诉的……不再查处"),
        _a("423", "26", "责令限期支付……逾期不支付的……按照应付金额50%以上1倍以下的标准"),
        _a(
            "423",
            "30",
            "或者第（三）项规定的行为的，处2000元以上2万元以下的罚款",
        ),
        # 《保障农民工工资支付条例》
        _a("724", "15", "按照工资支付周期编制书面工资支付台账，并至少保存3年"),
        _a("724", "24", "人工费用拨付周期不得超过1个月"),
        _a("724", "26", "施工总承包单位应当按照有关规定开设农民工工资专用账户"),
        _a("724", "27", "工程完工且未拖欠农民工工资的，施工总承包单位公示30日后，可以申请注销"),
        _a("724", "28", "进行用工实名登记……配备劳资专管员"),
        _a("724", "29", "将人工费用及时足额拨付至农民工工资专用账户"),
        _a("724", "31", "通过农民工工资专用账户直接将工资支付到农民工本人的银行账户"),
        _a("724", "30", "分包单位拖欠农民工工资的，由施工总承包单位先行清偿"),
        _a("724", "25", "施工总承包单位与分包单位依法订立书面分包合同"),
        _a("724", "32", "施工总承包单位应当按照有关规定存储工资保证金"),
        _a("724", "33", "农民工工资专用账户资金和工资保证金不得因支付……工资之外的原因被查封"),
        _a("724", "34", "在施工现场醒目位置设立维权信息告示牌"),
        _a("724", "35", "施工总承包单位也不得因争议不按照规定代发工资"),
        _a("724", "36", "将建设工程发包或者分包给个人或者不具备合法经营资格的单位"),
        _a("724", "38", "县级以上地方人民政府应当建立农民工工资支付监控预警平台"),
        _a("724", "39", "工程建设项目实行农民工实名制管理、农民工工资专用账户管理"),
        _a("724", "44", "对政府投资项目建设单位按照工程施工合同约定向农民工工资专用账户拨付资金"),
        _a("724", "49", "建设单位未依法提供工程款支付担保或者政府投资项目拖欠工程款"),
        _a("724", "9", "开展保障农民工工资支付法律法规政策的公益宣传和先进典型的报道"),
        _a("724", "46", "通过以案释法等多种形式，加大对保障农民工工资支付相关法律法规的普及宣传"),
        _a(
            "724",
            "47",
            "用人单位有严重拖欠农民工工资违法行为的，由人力资源社会保障行政部门向社会公布",
        ),
        # 人社部发〔2021〕65号 (secondary copies)
        _a("R65", "8", "自工程取得施工许可证(开工报告批复)之日起20个工作日内"),
        _a("R65", "11", "原则上不低于1%,不超过3%"),
        _a("R65", "12", "增幅不低于50%;因拖欠农民工工资被纳入“严重失信主体名单”的,增幅不低于100%"),
        _a("R65", "13", "工资保证金具体存储比例及浮动办法由省级人力资源社会保障行政部门"),
        _a("R65", "15", "保函担保金额不得低于按规定比例计算应存储的工资保证金数额"),
        _a("R65", "17", "应在保函到期前一个月提醒施工总承包单位更换新的保函或延长保函有效期"),
        _a("R65", "22", "公示30日后,可以申请返还工资保证金或银行保函正本"),
        # 建市〔2019〕18号 as amended by 建市〔2022〕59号 (secondary copies)
        _a(
            "JS18", "8", "建筑企业应对建筑工人进行基本安全培训,并在相关建筑工人实名制管理平台上登记"
        ),
        _a(
            "724",
            "42",
            "相关单位不支付的，可以依法申请人民法院强制执行",
        ),
        _a("724", "41", "涉嫌构成拒不支付劳动报酬罪的，应当按照有关规定及时移送公安机关审查"),
        _a("724", "53", "违反本条例规定拖欠农民工工资的，依照有关法律规定执行"),
        _a("724", "54", "责令限期改正；逾期不改正的，对单位处2万元以上5万元以下的罚款"),
        _a("724", "55", "责令限期改正；逾期不改正的，责令项目停工，并处5万元以上10万元以下的罚款"),
        _a("724", "56", "责令限期改正；逾期不改正的，处5万元以上10万元以下的罚款"),
        _a("724", "57", "建设单位未按约定及时足额向农民工工资专用账户拨付工程款中的人工费用"),
        # 人社部令第45号
        _a("O45", "4", "“谁执法、谁认定、谁负责”"),
        _a("O45", "5", "依法责令限期支付工资，逾期未支付的……作出列入决定"),
        _a("O45", "6", "当事人自收到告知之日起5个工作日内，可以……提出异议"),
        _a("O45", "7", "已经改正拖欠农民工工资违法行为，且作出……书面信用承诺的，可以不予列入"),
        _a("O45", "8", "自责令限期支付工资文书指定期限届满之日起20个工作日内作出列入决定"),
        _a("O45", "9", "通过本部门门户网站和其他指定的网站公开失信联合惩戒名单"),
        _a("O45", "10", "将失信联合惩戒名单信息共享至同级信用信息共享平台"),
        _a("O45", "11", "列入失信联合惩戒名单的期限为3年，自……作出列入决定之日起计算"),
        _a("O45", "12", "自改正之日起被列入失信联合惩戒名单满6个月的"),
        _a("O45", "13", "具有下列情形之一的，不得提前移出失信联合惩戒名单"),
        _a("O45", "14", "自收到……提前移出失信联合惩戒名单申请之日起15个工作日内予以核实"),
        _a("O45", "15", "撤销提前移出决定，恢复列入状态。列入的起止时间重新计算"),
        _a("O45", "16", "列入决定所依据的责令限期支付工资文书被依法撤销的……应当撤销列入决定"),
        # 若干规定 (secondary copy)
        _a("O25", "18", "接到投诉之日起5个工作日内依法受理,并于受理之日立案查处"),
        # 国务院令第310号
        _a("SC310", "3", "行政执法机关在依法查处违法行为过程中"),
        _a("SC310", "6", "行政执法机关向公安机关移送涉嫌犯罪案件，应当附有下列材料"),
        _a("SC310", "8", "依法不予立案的，应当说明理由，并书面通知移送案件"),
        _a("SC310", "9", "行政执法机关接到公安机关不予立案的通知书后"),
        # 劳动法
        _a("LL", "15", "禁止用人单位招用未满十六周岁的未成年人"),
        _a("LL", "50", "工资应当以货币形式按月支付给劳动者本人"),
        # 行政诉讼法、行政复议法
        _a("ALL", "46", "应当自知道或者应当知道作出行政行为之日起六个月内提出"),
        _a("ARL", "20", "可以自知道或者应当知道该行政行为之日起六十日内提出行政复议申请"),
        # 民事诉讼法 (期间、送达)
        _a("CPL", "85", "期间届满的最后一日是法定休假日的，以法定休假日后的第一日为期间届满的日期"),
        _a("CPL", "87", "受送达人在送达回证上的签收日期为送达日期"),
        _a("CPL", "88", "送达诉讼文书，应当直接送交受送达人"),
        _a("CPL", "89", "受送达人或者他的同住成年家属拒绝接收诉讼文书的"),
        _a("CPL", "90", "以送达信息到达受送达人特定系统的日期为送达日期"),
        _a("CPL", "91", "邮寄送达的，以回执上注明的收件日期为送达日期"),
        _a("CPL", "95", "自发出公告之日起，经过三十日，即视为送达"),
        # 全国年节及纪念日放假办法
        _a("HOL", "2", "（四）劳动节，放假2天（5月1日、2日）"),
        # 法释〔2013〕3号
        _a("SPC2013", "2", "应当认定为……“以转移财产、逃匿等方法逃避支付劳动者的劳动报酬”"),
        _a("SPC2013", "3", "拒不支付一名劳动者三个月以上的劳动报酬且数额在五千元至二万元以上的"),
        _a("SPC2013", "4", "在行为人的住所地、生产经营场所等地张贴责令支付文书"),
        _a("SPC2013", "6", "在刑事立案前支付劳动者的劳动报酬"),
        # 刑法
        _a("CL", "276-1", "数额较大，经政府有关部门责令支付仍不支付的"),
        # 行政强制法
        _a(
            "AEL",
            "13",
            "法律没有规定行政机关强制执行的，作出行政决定的行政机关应当申请人民法院强制执行",
        ),
        _a("AEL", "35", "催告应当以书面形式作出"),
        _a("AEL", "53", "可以自期限届满之日起三个月内，依照本章规定申请人民法院强制执行"),
        _a("AEL", "54", "催告书送达十日后当事人仍未履行义务的"),
        _a("AEL", "38", "催告书、行政强制执行决定书应当直接送达当事人"),
        # 行政处罚法
        _a("APL", "44", "告知当事人依法享有的陈述、申辩、要求听证等权利"),
        _a("APL", "45", "当事人有权进行陈述和申辩"),
        _a("APL", "63", "（四）责令停产停业、责令关闭、限制从业"),
        _a("APL", "64", "当事人要求听证的，应当在行政机关告知后五日内提出"),
        _a("APL", "61", "行政机关应当在七日内依照《中华人民共和国民事诉讼法》的有关规定"),
        _a("APL", "62", "当事人明确放弃陈述或者申辩权利的除外"),
        _a("APL", "72", "每日按罚款数额的百分之三加处罚款"),
        _a("APL", "67", "当事人应当自收到行政处罚决定书之日起十五日内……缴纳罚款"),
        # 民法典
        _a("CC", "201", "开始的当日不计入，自下一日开始计算"),
        _a("CC", "202", "到期月的对应日为期间的最后一日；没有对应日的，月末日为期间的最后一日"),
        _a("CC", "203", "期间的最后一日是法定休假日的，以法定休假日结束的次日为期间的最后一日"),
    )
}

_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1-999 as article numbers are written: 十, 十五, 二十, 一百零五, 二百七十六."""
    if not 0 < n < 1000:
        raise ValueError(n)
    hundreds, rest = divmod(n, 100)
    tens, ones = divmod(rest, 10)
    out = ""
    if hundreds:
        out += _DIGITS[hundreds] + "百"
        if rest and tens == 0:
            out += "零"
    if tens:
        out += ("" if tens == 1 and not hundreds else _DIGITS[tens]) + "十"
    if ones:
        out += _DIGITS[ones]
    return out


def _english() -> bool:
    return (get_language() or "zh-hans").startswith("en")


def article(key: str) -> Article:
    """The table's entry; a KeyError names a citation nobody checked against a text."""
    return ARTICLES[key]


def _number_zh(number: str) -> str:
    main, _, tail = number.partition("-")
    if not main.isdigit():
        return number
    return f"第{chinese_number(int(main))}条" + ("之" + chinese_number(int(tail)) if tail else "")


def _part_zh(a: Article, paragraph: int | None, item: int | None) -> str:
    text = _number_zh(a.number)
    if paragraph:
        text += f"第{chinese_number(paragraph)}款"
    if item:
        text += f"第（{chinese_number(item)}）项"
    return text


def _part_en(a: Article, paragraph: int | None, item: int | None) -> str:
    text = f"art. {a.number}"
    if paragraph:
        text += f" para. {paragraph}"
    if item:
        text += f"({item})"
    return text


def _cite(*keys: str, paragraph: int | None = None, item: int | None = None) -> str:
    """`cite("423.26")` → 《劳动保障监察条例》第二十六条; several keys of one law share its title
    (第五十四条、第五十七条), keys of different laws are joined with ；. `paragraph` and `item`
    apply to the last key."""
    if not keys:
        raise ValueError("cite() needs an article")
    english = _english()
    groups: list[tuple[Law, list[str]]] = []
    for i, key in enumerate(keys):
        a = article(key)
        last = i == len(keys) - 1
        p, it = (paragraph, item) if last else (None, None)
        part = _part_en(a, p, it) if english else _part_zh(a, p, it)
        if groups and groups[-1][0] is a.law:
            groups[-1][1].append(part)
        else:
            groups.append((a.law, [part]))
    if english:
        return "; ".join(f"{law.english}, {', '.join(parts)}" for law, parts in groups)
    return "；".join(f"{law.title}{'、'.join(parts)}" for law, parts in groups)


def _span(first: str, last: str) -> str:
    """Articles first to last of one law: 《保障农民工工资支付条例》第五十四条至第五十七条."""
    a, b = article(first), article(last)
    if a.law is not b.law:
        raise ValueError("a span stays within one law")
    if _english():
        return f"{a.law.english}, arts. {a.number}-{b.number}"
    return f"{a.law.title}{_number_zh(a.number)}至{_number_zh(b.number)}"


def _title(law: str) -> str:
    law_ = LAWS[law]
    return law_.english if _english() else law_.title


_lazy_cite = lazy(_cite, str)
_lazy_span = lazy(_span, str)
_lazy_title = lazy(_title, str)


# Lazy, so module-level constants (choices, penalty tables) print in the reader's language; the
# keys are looked up at once, so a citation missing from the table fails at import.
def cite(*keys: str, paragraph: int | None = None, item: int | None = None) -> str:
    for key in keys:
        article(key)
    return _lazy_cite(*keys, paragraph=paragraph, item=item)


def span(first: str, last: str) -> str:
    article(first), article(last)
    return _lazy_span(first, last)


def title(law: str) -> str:
    """A law's printed title alone, for text that names the law but no article."""
    LAWS[law]
    return _lazy_title(law)


# What is stored on a record (reasons, history) or printed on a document reads the same whoever's
# page language acted: the record's language.
RECORD_LANGUAGE = "zh-hans"


def for_record(text: object) -> str:
    """`text` (a lazy citation or message) rendered in the record's language."""
    with translation.override(RECORD_LANGUAGE):
        return str(text)


def record_cite(*keys: str, paragraph: int | None = None, item: int | None = None) -> str:
    """`cite()` in the record's language, for what is stored or printed."""
    return for_record(cite(*keys, paragraph=paragraph, item=item))
