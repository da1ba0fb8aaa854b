"""Pure rules of publishing major labour-security violations (重大劳动保障违法行为社会公布):
which cases must be published, the publication cadence, and the redaction of public text.
No ORM here. The measures are 《重大劳动保障违法行为社会公布办法》 (MOHRSS Order 29); its text was
not found in a stored copy (docs/legal-sources.md §5, §19), so it is cited by its title only
(`legal.title("O29")`), never by article, and what the rules below take from it (the kinds,
the published fields, the cadence) follows secondary summaries: see docs/publication.md.

Publication is its own legal regime (Order 29) with its own batches and feeds, apart from the
credit list of Order 45: a unit can be published without being listed and the other way round.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wageguard.core import legal
from wageguard.core.calendar import DateAnswer, add_workdays
from wageguard.core.workflow import Workflow
from wageguard.parties.rules import redact_personal_data

# The measures' title, printed with no article (no stored text to check an article against).
BASIS = legal.title("O29")

# --- what must be published (Order 29) -----------------------------------------------------


class Kind(models.TextChoices):
    """The seven kinds of major violation Order 29 lists (as summarised, no stored text).
    WageGuard detects kinds 1 and 6
    from its cases; the others are chosen by the bureau when it adds a case by hand."""

    WAGES = "wages", _("克扣、无故拖欠劳动报酬数额较大，或拒不支付劳动报酬依法移送司法机关")
    SOCIAL_INSURANCE = "social_insurance", _("不依法参加社会保险或缴纳社会保险费，情节严重")
    WORKING_TIME = "working_time", _("违反工作时间和休息休假规定，情节严重")
    SPECIAL_PROTECTION = "special_protection", _("违反女职工和未成年工特殊劳动保护规定，情节严重")
    CHILD_LABOUR = "child_labour", _("违反禁止使用童工规定")
    SOCIAL_IMPACT = "social_impact", _("因劳动保障违法行为造成严重不良社会影响")
    OTHER = "other", _("其他重大劳动保障违法行为")


@dataclass(frozen=True)
class CaseFacts:
    """What the rule needs to know about one case, gathered by the caller."""

    decided: bool
    # A transfer to the police that still stands: pending, accepted or filed.
    transferred: bool
    amount_answer: str  # cases.rules.Answer of the amount conditions alone
    mass_incident: bool = False
    # Transferred, but the police declined to file every transfer (SC310 art. 8).
    transfer_not_filed: bool = False


@dataclass(frozen=True)
class PublishAnswer:
    required: bool
    kind: str
    reasons: list[str] = field(default_factory=list)


def must_publish(facts: CaseFacts) -> PublishAnswer:
    """Whether a case must be published, of which kind, and why.

    Order 29 (cited by title: no stored text): violations that were investigated and decided
    must be published, among them (1) withholding or unjustified arrears of wages in a large
    amount, and refusing to pay wages when the case was transferred to the judicial organs for
    criminal liability (依法移送司法机关追究刑事责任); (6) violations that caused serious adverse
    social impact. "Large amount" is read as the criminal "amount is large" (SPC2013 art. 3, the
    same figures Order 45 uses): the amount conditions alone, without the conduct condition. A
    transfer that still stands (pending, accepted or filed) is itself the handling, so it needs
    no separate decision; a transfer the police declined to file (不予立案) is no longer a case
    transferred for criminal liability, so the case is published only if its arrears themselves
    qualify. While the province's figure is unknown and the amount lies between the national
    bounds, publication is not required but the reason says so (the bureau may still publish
    ad hoc).
    """
    title = _zh_title()
    reasons = [f"依据：{title}"]
    if facts.transferred:
        reasons.append("拒不支付劳动报酬，已依法移送公安机关追究刑事责任")
        return PublishAnswer(True, Kind.WAGES, reasons)
    if facts.transfer_not_filed:
        reasons.append("已移送公安机关，公安机关决定不予立案：不再按移送情形公布，按拖欠数额判断")
    if not facts.decided:
        reasons.append(f"尚未作出处理决定：{title}只公布已经依法查处并作出处理决定的违法行为")
        return PublishAnswer(False, Kind.WAGES, reasons)
    if facts.amount_answer == "meets":
        reasons.append("拖欠劳动报酬数额较大（达到拒不支付劳动报酬罪“数额较大”标准）")
        return PublishAnswer(True, Kind.WAGES, reasons)
    if facts.mass_incident:
        reasons.append("拖欠劳动报酬引发群体性事件、极端事件，造成严重不良社会影响")
        return PublishAnswer(True, Kind.SOCIAL_IMPACT, reasons)
    if facts.amount_answer == "depends_on_provincial_figure":
        reasons.append("拖欠数额介于全国幅度之间，取决于本省数额标准：不属必须公布，可随时公布")
    elif facts.transfer_not_filed:
        reasons.append("拖欠数额未达到“数额较大”，也无严重不良社会影响")
    else:
        reasons.append("拖欠数额未达到“数额较大”，未移送公安机关，也无严重不良社会影响")
    return PublishAnswer(False, Kind.WAGES, reasons)


def _zh_title() -> str:
    """The measures' title in the Chinese reasons, whatever the reader's language."""
    return legal.for_record(BASIS)


# --- cadence (Order 29, as summarised) ------------------------------------------------------


class PeriodKind(models.TextChoices):
    QUARTERLY = "quarterly", pgettext_lazy("publication period", "季度公布")
    HALF_YEARLY = "half_yearly", pgettext_lazy("publication period", "半年公布")
    AD_HOC = "ad_hoc", pgettext_lazy("publication period", "随时公布")


# WageGuard's own defaults, not figures of the law: Order 29 fixes only how often. A
# period's batch is due this many working days after the period ends (an ad hoc batch after the
# day it is opened), and shown as due soon this many working days before. Each province sets its
# own (models.PublicationSettings, page /publications/settings/; DOMAIN: rules not confirmed
# nationally are per-province settings shown in the UI).
DEFAULT_PUBLISH_WITHIN_WORKDAYS = 15
DEFAULT_DUE_SOON_WORKDAYS = 5


def regular_period_kind(level: str) -> str:
    """Prefecture- and county-level bureaus publish every quarter, the province every half year
    (Order 29, as summarised)."""
    return PeriodKind.HALF_YEARLY if level == "province" else PeriodKind.QUARTERLY


def allowed_period_kinds(level: str) -> list[str]:
    """The level's regular cadence, plus ad hoc publication "as the work requires"."""
    return [regular_period_kind(level), PeriodKind.AD_HOC]


@dataclass(frozen=True)
class Period:
    kind: str
    label: str
    start: dt.date
    end: dt.date


def period_of(kind: str, year: int, part: int = 1, on: dt.date | None = None) -> Period:
    """The period a batch covers: quarter `part` (1-4), half `part` (1-2), or the single day
    `on` of an ad hoc publication (Order 29)."""
    if kind == PeriodKind.QUARTERLY:
        if not 1 <= part <= 4:
            raise ValueError("quarter must be 1-4")
        start = dt.date(year, 3 * part - 2, 1)
        end = _month_end(year, 3 * part)
        return Period(kind, f"{year}年第{part}季度", start, end)
    if kind == PeriodKind.HALF_YEARLY:
        if part not in (1, 2):
            raise ValueError("half must be 1 or 2")
        start = dt.date(year, 1 if part == 1 else 7, 1)
        end = _month_end(year, 6 if part == 1 else 12)
        return Period(kind, f"{year}年{'上' if part == 1 else '下'}半年", start, end)
    if kind == PeriodKind.AD_HOC:
        if on is None:
            raise ValueError("an ad hoc period needs its date")
        return Period(kind, f"{on:%Y-%m-%d} 随时公布", on, on)
    raise ValueError(f"unknown period kind {kind}")


def current_period(kind: str, today: dt.date) -> Period:
    """The period `today` falls in (an ad hoc one is today itself)."""
    if kind == PeriodKind.QUARTERLY:
        return period_of(kind, today.year, (today.month - 1) // 3 + 1)
    if kind == PeriodKind.HALF_YEARLY:
        return period_of(kind, today.year, 1 if today.month <= 6 else 2)
    return period_of(kind, today.year, on=today)


def batch_due(period: Period, workdays: int = DEFAULT_PUBLISH_WITHIN_WORKDAYS) -> DateAnswer:
    """When a batch must be published: `workdays` working days after its period ends (an ad
    hoc batch: after the day it was opened). Order 29 sets the cadence, not this margin:
    it is the province's setting (default 15). Counted on the working-day calendar (the end day
    not counted); provisional for a year the calendar does not know."""
    return add_workdays(period.end, workdays)


def _month_end(year: int, month: int) -> dt.date:
    following = dt.date(year + (month == 12), month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


# --- workflow ----------------------------------------------------------------------------------


class State(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已提交审核")
    RETURNED = "returned", _("已退回修改")
    APPROVED = "approved", _("已批准")
    PUBLISHED = "published", _("已公布")


class Action(models.TextChoices):
    SUBMIT = "submit", pgettext_lazy("publication action", "提交审核")
    APPROVE = "approve", pgettext_lazy("publication action", "批准公布")
    RETURN = "return", pgettext_lazy("publication action", "退回修改")
    PUBLISH = "publish", pgettext_lazy("publication action", "公布")


# The one table of allowed moves (DESIGN: Workflow). The bureau leader approves before anything
# is published: the publishing bureau answers for the truth and accuracy of what it publishes
# (Order 29, as summarised).
TRANSITIONS: dict[tuple[str, str], str] = {
    (State.DRAFT, Action.SUBMIT): State.SUBMITTED,
    (State.RETURNED, Action.SUBMIT): State.SUBMITTED,
    (State.SUBMITTED, Action.APPROVE): State.APPROVED,
    (State.SUBMITTED, Action.RETURN): State.RETURNED,
    (State.APPROVED, Action.PUBLISH): State.PUBLISHED,
}
# The permission each action asks for on "publication.publicationbatch" (org.rules): returning
# a batch is the approver's decision.
PERMISSION: dict[str, str] = {
    Action.SUBMIT: "submit",
    Action.APPROVE: "approve",
    Action.RETURN: "approve",
    Action.PUBLISH: "publish",
}
# Actions only the batch's own bureau may take: the publishing bureau answers for the truth and
# accuracy of what it publishes (Order 29), so a city or the province, who may see a
# county's batch, does not approve, return or publish it in the county's name.
OWN_AGENCY_ONLY = frozenset({Action.APPROVE, Action.RETURN, Action.PUBLISH})
EDITABLE_STATES: tuple[str, ...] = (State.DRAFT, State.RETURNED)
# A case in a batch of these states is no longer waiting in its bureau's queue.
SETTLED_STATES: tuple[str, ...] = (State.APPROVED, State.PUBLISHED)


WORKFLOW = Workflow(TRANSITIONS, State, Action)
next_state = WORKFLOW.next
allowed_actions = WORKFLOW.allowed


# --- redaction (Order 29) ------------------------------------------------------------------------


def redact(text: str, names: list[str] | tuple[str, ...] = ()) -> str:
    """Public text with personal data removed (parties.rules.redact_personal_data: ID, mobile,
    landline and bank card numbers, e-mail addresses and the given names of workers, the reporter
    and anyone but the legal representative).

    Order 29 (as summarised): what is published is the unit's name, credit code and address, its
    legal representative, the facts and the handling; no state secret, commercial secret or personal
    privacy. The code enforces this, not the editor.
    """
    return redact_personal_data(text, names)
