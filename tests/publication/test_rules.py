"""Order 29 rules: what must be published, the cadence, and redaction of every kind of personal
data an editor might type."""

import datetime as dt

import pytest

from wageguard.parties.rules import REDACTED
from wageguard.publication.rules import (
    Action,
    CaseFacts,
    Kind,
    PeriodKind,
    State,
    allowed_actions,
    allowed_period_kinds,
    batch_due,
    current_period,
    must_publish,
    next_state,
    period_of,
    redact,
    regular_period_kind,
)


def test_transferred_case_must_be_published_even_before_a_decision():
    answer = must_publish(CaseFacts(decided=False, transferred=True, amount_answer="does_not_meet"))
    assert answer.required and answer.kind == Kind.WAGES
    assert any("移送公安机关" in r for r in answer.reasons)
    # Order 29 has no stored text: cited by its title, never by article (issue 9 item 16).
    assert answer.reasons[0] == "依据：《重大劳动保障违法行为社会公布办法》"
    assert not any("第" in r and "条" in r for r in answer.reasons)


@pytest.mark.parametrize(
    ("decided", "amount", "required"),
    [
        (True, "meets", True),
        (True, "depends_on_provincial_figure", False),
        (True, "does_not_meet", False),
        (False, "meets", False),
    ],
)
def test_a_transfer_the_police_declined_counts_only_if_the_arrears_qualify(
    decided, amount, required
):
    """Issue 9 item 16: 依法移送司法机关追究刑事责任 no longer holds once the police declined to
    file; the arrears themselves must qualify (decided, amount is large)."""
    answer = must_publish(
        CaseFacts(decided=decided, transferred=False, amount_answer=amount, transfer_not_filed=True)
    )
    assert answer.required is required
    assert any("不予立案" in r for r in answer.reasons)


def test_large_arrears_must_be_published_once_decided():
    assert must_publish(CaseFacts(decided=True, transferred=False, amount_answer="meets")).required
    undecided = must_publish(CaseFacts(decided=False, transferred=False, amount_answer="meets"))
    assert not undecided.required
    assert any("尚未作出处理决定" in r for r in undecided.reasons)


def test_small_or_uncertain_arrears_are_not_required():
    small = must_publish(CaseFacts(decided=True, transferred=False, amount_answer="does_not_meet"))
    assert not small.required
    between = must_publish(
        CaseFacts(decided=True, transferred=False, amount_answer="depends_on_provincial_figure")
    )
    assert not between.required
    assert any("本省数额标准" in r for r in between.reasons)


def test_mass_incident_is_kind_six():
    answer = must_publish(
        CaseFacts(
            decided=True, transferred=False, amount_answer="does_not_meet", mass_incident=True
        )
    )
    assert answer.required and answer.kind == Kind.SOCIAL_IMPACT
    assert any("严重不良社会影响" in r for r in answer.reasons)


def test_cadence_by_level():
    assert regular_period_kind("county") == PeriodKind.QUARTERLY
    assert regular_period_kind("city") == PeriodKind.QUARTERLY
    assert regular_period_kind("province") == PeriodKind.HALF_YEARLY
    assert allowed_period_kinds("province") == [PeriodKind.HALF_YEARLY, PeriodKind.AD_HOC]
    assert PeriodKind.HALF_YEARLY not in allowed_period_kinds("county")


@pytest.mark.parametrize(
    ("kind", "part", "label", "start", "end"),
    [
        (PeriodKind.QUARTERLY, 1, "2026年第1季度", dt.date(2026, 1, 1), dt.date(2026, 3, 31)),
        (PeriodKind.QUARTERLY, 4, "2026年第4季度", dt.date(2026, 10, 1), dt.date(2026, 12, 31)),
        (PeriodKind.HALF_YEARLY, 1, "2026年上半年", dt.date(2026, 1, 1), dt.date(2026, 6, 30)),
        (PeriodKind.HALF_YEARLY, 2, "2026年下半年", dt.date(2026, 7, 1), dt.date(2026, 12, 31)),
    ],
)
def test_period_labels(kind, part, label, start, end):
    period = period_of(kind, 2026, part)
    assert (period.label, period.start, period.end) == (label, start, end)


def test_period_parts_out_of_range():
    with pytest.raises(ValueError):
        period_of(PeriodKind.QUARTERLY, 2026, 5)
    with pytest.raises(ValueError):
        period_of(PeriodKind.HALF_YEARLY, 2026, 3)


def test_current_period():
    assert current_period(PeriodKind.QUARTERLY, dt.date(2026, 5, 20)).label == "2026年第2季度"
    assert current_period(PeriodKind.HALF_YEARLY, dt.date(2026, 7, 1)).label == "2026年下半年"
    ad_hoc = current_period(PeriodKind.AD_HOC, dt.date(2026, 5, 20))
    assert ad_hoc.start == ad_hoc.end == dt.date(2026, 5, 20)
    assert "随时公布" in ad_hoc.label


@pytest.mark.django_db
def test_due_dates_count_working_days_across_holidays():
    # Q3 2026 ends Wed 30 Sep; National Day holiday 1-7 Oct (make-up days excepted): 15
    # working days later is well into late October, not 21 October.
    q3 = batch_due(period_of(PeriodKind.QUARTERLY, 2026, 3)).date
    assert q3 > dt.date(2026, 10, 21)
    # Q1 2026 ends Tue 31 Mar; 15 working days spanning Qingming (4-6 Apr 2026).
    q1 = batch_due(period_of(PeriodKind.QUARTERLY, 2026, 1))
    assert q1.date > dt.date(2026, 4, 21)
    assert not q1.provisional
    h1 = batch_due(period_of(PeriodKind.HALF_YEARLY, 2026, 1)).date
    assert dt.date(2026, 7, 20) <= h1 <= dt.date(2026, 7, 22)


def test_transition_table():
    assert next_state(State.DRAFT, Action.SUBMIT) == State.SUBMITTED
    assert next_state(State.RETURNED, Action.SUBMIT) == State.SUBMITTED
    assert next_state(State.SUBMITTED, Action.APPROVE) == State.APPROVED
    assert next_state(State.SUBMITTED, Action.RETURN) == State.RETURNED
    assert next_state(State.APPROVED, Action.PUBLISH) == State.PUBLISHED
    assert next_state(State.DRAFT, Action.PUBLISH) is None
    assert next_state(State.DRAFT, Action.APPROVE) is None
    assert allowed_actions(State.PUBLISHED) == []


# --- redaction -------------------------------------------------------------------------------

SLIPS = {
    "id_18": "510107199001011234",
    "id_18_x": "51010719900101123X",
    "id_18_lower_x": "51010719900101123x",
    "id_spaced": "510107 19900101 1234",
    "id_full_width": "５１０１０７１９９００１０１１２３４",
    "id_15": "510107900101123",
    "mobile": "13812345678",
    "mobile_dashes": "138-1234-5678",
    "mobile_spaces": "138 1234 5678",
    "mobile_country": "+86 138 1234 5678",
    "mobile_full_width": "１３８１２３４５６７８",
    "landline": "028-85551234",
    "landline_brackets": "（028）8555 1234",
    "landline_extension": "028-85551234-801",
    "landline_keyword": "电话：85551234",
    "bank_card_16": "6222021234567890",
    "bank_card_19": "6222 0212 3456 7890 123",
    "email": "zhangsan@example.com",
    "email_spaced": "zhang.san ＠ qq . com",
}


@pytest.mark.parametrize("kind", sorted(SLIPS))
def test_redaction_removes_each_kind(kind):
    secret = SLIPS[kind]
    text = f"经查，劳动者反映（{secret}）后用人单位仍未支付。"
    out = redact(text)
    assert secret not in out
    assert REDACTED in out
    assert out.startswith("经查，劳动者反映（") and out.endswith("）后用人单位仍未支付。")
    digits = "".join(ch for ch in secret if ch.isdigit())
    assert digits[-4:] not in "".join(ch for ch in out if ch.isdigit()) or len(digits) < 4


def test_redaction_removes_names_even_spaced_but_keeps_others():
    text = "工人张三、张 三和欧阳小明被拖欠工资，法定代表人王五拒不支付。"
    out = redact(text, ["张三", "欧阳小明"])
    assert "张三" not in out and "张 三" not in out and "欧阳小明" not in out
    assert "王五" in out


def test_redaction_keeps_what_is_public():
    text = (
        "四川鑫达建筑工程有限公司（统一社会信用代码 91510107MA61234567）拖欠 12 名劳动者"
        "劳动报酬共计 186,000.00 元，2026-03-05 责令支付，武人社监令〔2026〕12号；"
        "服务热线 12333，罚款 20000 元，金额 1234567.89 元。"
    )
    assert redact(text) == text


def test_redaction_is_idempotent_and_keeps_empty():
    once = redact("电话 13812345678，张三", ["张三"])
    assert redact(once, ["张三"]) == once
    assert redact("") == ""


def test_single_character_names_are_not_wiped_everywhere():
    assert redact("工资单位", ["工"]) == "工资单位"


def test_numbers_typed_one_after_another_are_all_removed():
    for text in ("13812345678 51010719900101123X", "13812345678 12", "1381234567812"):
        assert redact(f"号码{text}。") == f"号码{REDACTED}。"
