"""Pure rules of the wage deposit (工资保证金): how much a project's general contractor must lodge,
and when a drawn deposit must be topped up.

No ORM and no request. The contractor's record (arrears in the past two years, a current credit
listing) is read by `projects.deposits.ledger.contractor_records` from the apps above projects
(cases, credit) through `projects.extensions.CONTRACTOR_RECORDS`, and arrives here as facts.

Articles (人社部发〔2021〕65号, read in quoted copies, `docs/legal-sources.md` §23): art. 11 (1%-3%
of the contract value; not below 0.5% for a contractor with several projects in the area; a
contract under ¥3,000,000 whose contractor had no arrears in the year before may be exempted),
art. 12 last paragraph (arrears in the 2 years before: the rate up by at least 50%; listed as
seriously untrustworthy for arrears: at least 100%), art. 13 (the province sets the rates), art.
15 (a guarantee no less than the deposit required). The top-up period after a drawdown has no
stored national text: it is the province's setting and cites nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from wageguard.core.calendar import add_months

CENT = Decimal("0.01")
# Art. 11 para. 1 and 2: the national limits the province's rates must stay within.
RATE_LOW, RATE_HIGH, MULTI_PROJECT_FLOOR = Decimal("1"), Decimal("3"), Decimal("0.5")
# Art. 12 (last para.): the least uplifts.
ARREARS_UPLIFT_FLOOR, LISTED_UPLIFT_FLOOR = 50, 100
# Art. 11 para. 3: contracts below this may be exempted (the official decides).
EXEMPTION_BELOW = Decimal("3000000")
ARREARS_YEARS = 2  # art. 12: 前2年内
EXEMPTION_YEARS = 1  # art. 11 para. 3: 签订施工合同前一年内


class Record:
    """What a contractor record is about."""

    ARREARS = "arrears"  # a case closed with arrears found, or a verified clue
    LISTED = "listed"  # on the joint-punishment credit list now


@dataclass(frozen=True)
class ContractorRecord:
    """One fact about a general contractor's past, as an app above projects knows it: `on` is
    the day the arrears were established (a case closed) or the listing began; `ref` what the
    page names (a case number)."""

    enterprise_id: int
    kind: str
    on: dt.date
    ref: str = ""


@dataclass(frozen=True)
class Rates:
    """The province's setting (`DepositSettings`), as plain numbers."""

    base: Decimal
    multi_project: Decimal
    arrears_uplift: int
    listed_uplift: int


@dataclass(frozen=True)
class Reason:
    text: str
    article: str  # a key in core.legal


@dataclass(frozen=True)
class Required:
    rate: Decimal  # percent of the contract value
    amount: Decimal | None  # None when the contract value is not known
    reasons: tuple[Reason, ...]
    exemptable: bool  # art. 11 para. 3 allows an exemption (the official decides)


def check_rates(rates: Rates) -> list[str]:
    """What in a province's setting breaks the national limits (art. 11, art. 12): the settings
    page's validators say the same; this guards values set any other way."""
    problems = []
    if not RATE_LOW <= rates.base <= RATE_HIGH:
        problems.append(_("基本存储比例应在 1% 至 3% 之间"))
    if not MULTI_PROJECT_FLOOR <= rates.multi_project <= RATE_HIGH:
        problems.append(_("多个在建工程的存储比例不得低于 0.5%"))
    if rates.arrears_uplift < ARREARS_UPLIFT_FLOOR:
        problems.append(_("发生工资拖欠的上浮幅度不得低于 50%"))
    if rates.listed_uplift < LISTED_UPLIFT_FLOOR:
        problems.append(_("列入失信名单的上浮幅度不得低于 100%"))
    return problems


def _years_before(day: dt.date, years: int) -> dt.date:
    return add_months(day, -12 * years)


def required_deposit(
    contract_value: Decimal | None,
    rates: Rates,
    *,
    records: list[ContractorRecord] | tuple[ContractorRecord, ...] = (),
    other_active_projects: int = 0,
    on: dt.date,
    contract_signed_on: dt.date | None = None,
) -> Required:
    """The rate and amount the general contractor must lodge on `on` (the day it lodges, or
    today), with each reason and its article: the base rate (art. 11 para. 1), or the lower rate
    for a contractor with other projects under construction in the area (art. 11 para. 2), raised
    (art. 12) by the larger of the uplifts that apply: a current listing, or arrears established
    within the 2 years before `on`. The uplifts are not added together: the law sets each as a
    floor of the increase, and a listed contractor's arrears are the reason it is listed."""
    problems = check_rates(rates)
    if problems:
        raise ValueError("；".join(problems))
    reasons: list[Reason] = []
    base = rates.base
    if other_active_projects > 0 and rates.multi_project < rates.base:
        base = rates.multi_project
        reasons.append(
            Reason(
                _("施工总承包单位另有 %(n)d 个在建工程，按 %(rate)s%% 存储")
                % {"n": other_active_projects, "rate": base},
                "R65.11",
            )
        )
    else:
        reasons.append(Reason(_("基本存储比例 %(rate)s%%") % {"rate": base}, "R65.11"))
    since = _years_before(on, ARREARS_YEARS)
    arrears = sorted(
        (r for r in records if r.kind == Record.ARREARS and since <= r.on <= on),
        key=lambda r: r.on,
    )
    listed = [r for r in records if r.kind == Record.LISTED and r.on <= on]
    uplift = 0
    if listed:
        uplift = rates.listed_uplift
        reasons.append(
            Reason(
                _("施工总承包单位被列入拖欠农民工工资失信联合惩戒名单，比例上浮 %(p)d%%")
                % {"p": uplift},
                "R65.12",
            )
        )
    elif arrears:
        uplift = rates.arrears_uplift
        refs = "、".join(r.ref for r in arrears[-3:] if r.ref)
        reasons.append(
            Reason(
                _("施工总承包单位前2年内发生工资拖欠（%(refs)s），比例上浮 %(p)d%%")
                % {"refs": refs or "—", "p": uplift},
                "R65.12",
            )
        )
    rate = (base * (100 + uplift) / 100).quantize(CENT, ROUND_HALF_UP)
    amount = None
    if contract_value is not None:
        amount = (contract_value * rate / 100).quantize(CENT, ROUND_HALF_UP)
    else:
        reasons.append(Reason(_("未登记施工合同额，无法计算应存储金额"), "R65.11"))
    exemptable = False
    if contract_value is not None and contract_value < EXEMPTION_BELOW:
        signed = contract_signed_on or on
        year_before = _years_before(signed, EXEMPTION_YEARS)
        exemptable = not any(
            r.kind == Record.ARREARS and year_before <= r.on <= signed for r in records
        )
        if exemptable:
            reasons.append(
                Reason(
                    _(
                        "施工合同额低于300万元且前一年内未发生工资拖欠：可依规免存（由经办人员决定）"
                    ),
                    "R65.11",
                )
            )
    return Required(rate, amount, tuple(reasons), exemptable)


def shortfall_article(form: str) -> str:
    """What a deposit below the amount required breaks: a guarantee art. 15 (its amount no less
    than the deposit required), cash art. 11 (the rate)."""
    return "R65.15" if form == "guarantee" else "R65.11"
