"""Pure rules of typical cases (典型案例): the workflow, who may take each step, and the check
that public text holds no personal data. No ORM here.

Decree 724 art. 46 asks the HRSS departments to explain the law through cases (以案释法), and
art. 47 para. 2 to make serious arrears public; its art. 9 asks the media for public-interest
publicity. A typical case is such an explanation: the unit is named (the case is decided, so the
violation is established), the workers are not. Order 45 art. 4 (personal information is
protected) is the nearest text read for what may not appear: the names, ID, phone and bank card
numbers of the workers and of anyone else on the case but the legal representative.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wageguard.core import legal
from wageguard.core.workflow import Workflow
from wageguard.parties.rules import PersonalData, mask_id_number, mask_name, mask_phone

BASIS = legal.cite("724.46", "724.47")
PRIVACY = legal.cite("O45.4")

TITLE_LIMIT = 120
TEXT_LIMIT = 5000


class State(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("typical case", "草稿")
    PUBLISHED = "published", pgettext_lazy("typical case", "已发布")
    WITHDRAWN = "withdrawn", pgettext_lazy("typical case", "已撤回")


class Action(models.TextChoices):
    PUBLISH = "publish", pgettext_lazy("typical case action", "发布")
    WITHDRAW = "withdraw", pgettext_lazy("typical case action", "撤回")
    REDRAFT = "redraft", pgettext_lazy("typical case action", "退回草稿")


# The one table of allowed moves. A withdrawn case may go back to draft to be corrected and
# published again; a published one is withdrawn first (the public copy goes at once).
TRANSITIONS: dict[tuple[str, str], str] = {
    (State.DRAFT, Action.PUBLISH): State.PUBLISHED,
    (State.PUBLISHED, Action.WITHDRAW): State.WITHDRAWN,
    (State.WITHDRAWN, Action.REDRAFT): State.DRAFT,
}
# The permission each action asks for on "publication.typicalcase" (org.rules): publishing and
# withdrawing are the bureau leader's, as approving a publication batch is; redrafting is the
# drafter's.
PERMISSION: dict[str, str] = {
    Action.PUBLISH: "publish",
    Action.WITHDRAW: "publish",
    Action.REDRAFT: "add",
}
# The bureau that decided the case answers for what it publishes about it (as the publishing
# bureau does under Order 29): a city or the province that sees a county's typical case does
# not publish or withdraw it in the county's name.
OWN_AGENCY_ONLY = frozenset({Action.PUBLISH, Action.WITHDRAW, Action.REDRAFT})
EDITABLE_STATES: tuple[str, ...] = (State.DRAFT,)

WORKFLOW = Workflow(TRANSITIONS, State, Action)
allowed_actions = WORKFLOW.allowed

# The fields that are public text and are checked on every save and at publication.
TEXT_FIELDS = ("title", "summary", "lessons")


# --- personal data in public text ------------------------------------------------------------


@dataclass(frozen=True)
class Known:
    """What the source case knows about people who may not be named: workers, the reporter,
    interviewees and every person but the legal representative (cases.models.personal_names),
    and the ID and phone numbers on file for them."""

    names: tuple[str, ...] = ()
    id_numbers: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()


@dataclass(frozen=True)
class Finding:
    kind: str  # PersonalData value
    shown: str  # masked, safe to print in the refusal

    @property
    def label(self) -> str:
        if self.kind == PersonalData.NAME:
            return str(_("个人姓名"))
        return str(PersonalData(self.kind).label)


def _digits(text: str) -> str:
    folded = "".join(str(int(ch)) if ch.isdigit() else ch for ch in text)
    return "".join(ch for ch in folded.upper() if ch.isdigit() or ch == "X")


def _mask(kind: str, value: str) -> str:
    if kind == PersonalData.NAME:
        return mask_name(value)
    digits = _digits(value)
    if kind == PersonalData.ID_NUMBER:
        return mask_id_number(digits)
    if kind == PersonalData.MOBILE:
        return mask_phone(digits[-11:])
    if kind == PersonalData.EMAIL:
        return value[:1] + "***"
    # Bank cards, landlines and other numbers: the last four digits only.
    return "*" * max(len(digits) - 4, 4) + digits[-4:]


def findings(text: str, known: Known, hits: list[tuple[str, str]]) -> list[Finding]:
    """What in `text` may not be published, each masked for the refusal: the detector's `hits`
    (parties.rules.personal_data_hits: the case's names and the generic patterns of ID, mobile,
    landline and bank card numbers and e-mail addresses) and, in case one escaped the patterns
    (written in words with other digits around it), the case's own ID and phone numbers found
    among the text's digits. One finding per value."""
    out: list[Finding] = []
    seen: set[tuple[str, str]] = set()

    def add(kind: str, value: str) -> None:
        key = (kind, _digits(value) if kind != PersonalData.NAME else value)
        if key not in seen:
            seen.add(key)
            out.append(Finding(kind, _mask(kind, value)))

    for kind, value in hits:
        add(kind, value)
    digits = _digits(text)
    for number in known.id_numbers:
        if number and _digits(number) in digits:
            add(PersonalData.ID_NUMBER, number)
    for number in known.phones:
        if number and _digits(number) in digits:
            add(PersonalData.MOBILE, number)
    return out


def describe(found: list[Finding]) -> str:
    """The refusal's list: 个人姓名“赵*柱”、身份证号码“5101**********123X”."""
    return "、".join(f"{f.label}“{f.shown}”" for f in found)
