"""Boundaries of every case rule: criminal threshold, compensation, penalty ranges, deadline."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from wageguard.cases.rules import (
    PENALTIES,
    Action,
    Answer,
    State,
    WorkerArrears,
    additional_compensation,
    case_due,
    check_penalty,
    criminal_threshold,
    next_state,
    validate_compensation_rate,
    validate_figures,
)

D = Decimal


def one(amount, months=3):
    return [WorkerArrears(D(amount), months)]


def many(n, each, months=1):
    return [WorkerArrears(D(each), months) for _ in range(n)]


def answer(workers, ind=None, cum=None, flag=True):
    return criminal_threshold(
        workers, individual_figure=ind, cumulative_figure=cum, order_ignored_or_absconded=flag
    ).answer


# --- individual prong, no provincial figure -------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "months", "expected"),
    [
        ("4999.99", 3, Answer.DOES_NOT_MEET),
        ("5000", 3, Answer.DEPENDS),
        ("19999.99", 3, Answer.DEPENDS),
        ("20000", 3, Answer.MEETS),
        ("20000", 2, Answer.DOES_NOT_MEET),
        ("50000", 2, Answer.DOES_NOT_MEET),
        ("20000", 12, Answer.MEETS),
    ],
)
def test_individual_without_figure(amount, months, expected):
    assert answer(one(amount, months)) == expected


@pytest.mark.parametrize(
    ("amount", "months", "figure", "expected"),
    [
        ("9999.99", 3, "10000", Answer.DOES_NOT_MEET),
        ("10000", 3, "10000", Answer.MEETS),
        ("10000", 2, "10000", Answer.DOES_NOT_MEET),
        ("5000", 3, "5000", Answer.MEETS),
        ("19999.99", 3, "20000", Answer.DOES_NOT_MEET),
    ],
)
def test_individual_with_figure(amount, months, figure, expected):
    assert answer(one(amount, months), ind=D(figure), cum=D(50000)) == expected


# --- cumulative prong -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "each", "expected"),
    [
        (9, "20000", Answer.DOES_NOT_MEET),  # 180,000 but only 9 workers, none 3 months
        (10, "2999.99", Answer.DOES_NOT_MEET),  # 29,999.90
        (10, "3000", Answer.DEPENDS),  # 30,000
        (10, "9999.99", Answer.DEPENDS),  # 99,999.90
        (10, "10000", Answer.MEETS),  # 100,000
        (12, "10000", Answer.MEETS),
    ],
)
def test_cumulative_without_figure(n, each, expected):
    assert answer(many(n, each)) == expected


@pytest.mark.parametrize(
    ("n", "each", "figure", "expected"),
    [
        (10, "4999.99", "50000", Answer.DOES_NOT_MEET),
        (10, "5000", "50000", Answer.MEETS),
        (9, "6000", "50000", Answer.DOES_NOT_MEET),
        (10, "3000", "30000", Answer.MEETS),
    ],
)
def test_cumulative_with_figure(n, each, figure, expected):
    assert answer(many(n, each), ind=D(10000), cum=D(figure)) == expected


def test_workers_owed_nothing_do_not_count():
    workers = [*many(9, "20000"), WorkerArrears(D(0), 5)]
    assert answer(workers) == Answer.DOES_NOT_MEET


def test_one_figure_set_the_other_prong_uses_the_national_range():
    # Individual figure set but not met; cumulative unset and between the bounds.
    assert answer(many(10, "5000"), ind=D(20000)) == Answer.DEPENDS
    assert answer(many(10, "5000"), ind=D(20000), cum=D(60000)) == Answer.DOES_NOT_MEET


# --- the conduct condition ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("flag", "meets", "depends", "below"),
    [
        (True, Answer.MEETS, Answer.DEPENDS, Answer.DOES_NOT_MEET),
        (None, Answer.MEETS, Answer.DEPENDS, Answer.DOES_NOT_MEET),
        (False, Answer.DOES_NOT_MEET, Answer.DOES_NOT_MEET, Answer.DOES_NOT_MEET),
    ],
)
def test_flag_values(flag, meets, depends, below):
    assert answer(one(20000), flag=flag) == meets
    assert answer(one(12000), flag=flag) == depends
    assert answer(one(1000), flag=flag) == below


def test_unknown_flag_says_so_and_keeps_the_amount_answer():
    """`depends_on_provincial_figure` means the province's figure decides, nothing else: an
    unknown conduct leaves the amount answer and says the conduct is still to be established."""
    result = criminal_threshold(one(25000, 4), individual_figure=None, cumulative_figure=None)
    assert result.answer == result.amount_answer == Answer.MEETS
    assert result.conduct is None
    assert any("尚待查明" in r and "移送公安机关前须确认" in r for r in result.reasons)
    # The reviewer's probe: figures 10,000 / 50,000, one worker owed 30,000 for 4 months.
    result = criminal_threshold(
        one(30000, 4), individual_figure=D(10000), cumulative_figure=D(50000)
    )
    assert result.answer == Answer.MEETS and result.conduct is None
    known = criminal_threshold(
        one(30000, 4),
        individual_figure=D(10000),
        cumulative_figure=D(50000),
        order_ignored_or_absconded=False,
    )
    assert known.answer == Answer.DOES_NOT_MEET and known.amount_answer == Answer.MEETS
    assert known.conduct is False


def test_reasons_explain_workers_months_count_and_total():
    workers = [WorkerArrears(D(12000), 4, "张三"), WorkerArrears(D(3000), 2, "李四")]
    result = criminal_threshold(
        workers,
        individual_figure=None,
        cumulative_figure=None,
        order_ignored_or_absconded=True,
        province_name="四川省",
    )
    text = "\n".join(result.reasons)
    assert "法释〔2013〕3号" in text and "第二百七十六条之一" in text
    assert "四川省尚未设定数额标准" in text
    assert "张三（12,000.00 元，4 个月）" in text and "李四" not in text.split("劳动者 1 名")[0]
    assert "劳动者 2 名（不足 10 名），累计 15,000.00 元" in text
    assert result.answer == Answer.DEPENDS


def test_reasons_with_figure():
    result = criminal_threshold(
        many(10, "6000"),
        individual_figure=D(10000),
        cumulative_figure=D(60000),
        order_ignored_or_absconded=True,
        province_name="河南省",
    )
    assert result.answer == Answer.MEETS
    assert any("累计 60,000.00 元，达到" in r for r in result.reasons)
    assert any("河南省数额标准：个人 10,000.00 元，累计 60,000.00 元" in r for r in result.reasons)


@pytest.mark.parametrize(
    ("ind", "cum", "field"),
    [
        ("4999.99", None, "individual_amount"),
        ("20000.01", None, "individual_amount"),
        (None, "29999.99", "cumulative_amount"),
        (None, "100000.01", "cumulative_amount"),
    ],
)
def test_figures_outside_national_bounds(ind, cum, field):
    with pytest.raises(ValidationError) as exc:
        validate_figures(D(ind) if ind else None, D(cum) if cum else None)
    assert field in exc.value.message_dict


def test_figures_at_national_bounds():
    validate_figures(D(5000), D(30000))
    validate_figures(D(20000), D(100000))


# --- additional compensation (Decree 423 art. 26) -------------------------------------------------


def test_compensation_bounds():
    assert additional_compensation(D("12345.67"), D(50)) == D("6172.84")
    assert additional_compensation(D("12345.67"), D(100)) == D("12345.67")
    assert additional_compensation(D("10000"), D("75.5")) == D("7550.00")
    for bad in (D("49.99"), D("100.01"), D(0)):
        with pytest.raises(ValidationError) as exc:
            validate_compensation_rate(bad)
        assert "rate_percent" in exc.value.message_dict
        assert "50%" in exc.value.message_dict["rate_percent"][0]


# --- penalties ------------------------------------------------------------------------------------

RANGES = {
    "724-54-unit": (20000, 50000),
    "724-54-person": (10000, 30000),
    "724-55": (50000, 100000),
    "724-56": (50000, 100000),
    "724-57": (50000, 100000),
    "423-30-1": (2000, 20000),
    "423-30-2": (2000, 20000),
    "423-30-3": (2000, 20000),
}


def test_penalty_table_is_complete():
    assert set(PENALTIES) == set(RANGES)
    assert PENALTIES["724-55"].work_stoppage and PENALTIES["724-57"].work_stoppage


def test_decree_423_art_30_fines_by_item_and_not_retaliation():
    """Decree 423 art. 30: fines for items (1)-(3) only, each printed with its item;
    retaliation (item 4) is ordered corrected and never fined, and the undivided key is
    refused, both naming the article."""
    for item in (1, 2, 3):
        article = PENALTIES[f"423-30-{item}"].article
        assert article == f"《劳动保障监察条例》第三十条第（{'一二三'[item - 1]}）项"
    assert "423-30-4" not in PENALTIES
    with pytest.raises(ValidationError) as exc:
        check_penalty("423-30-4", D(2000))
    message = exc.value.message_dict["article"][0]
    assert "第三十条第（四）项" in message and "不予罚款" in message and "责令改正" in message
    with pytest.raises(ValidationError) as exc:
        check_penalty("423-30", D(2000))
    assert "第三十条" in exc.value.message_dict["article"][0]


@pytest.mark.parametrize("key", sorted(RANGES))
def test_penalty_range_edges(key):
    low, high = (D(x) for x in RANGES[key])
    assert check_penalty(key, low).key == key
    assert check_penalty(key, high).key == key
    for bad in (low - D("0.01"), high + D("0.01")):
        with pytest.raises(ValidationError) as exc:
            check_penalty(key, bad)
        message = exc.value.message_dict["amount"][0]
        assert f"{low:,.2f}" in message and f"{high:,.2f}" in message
        assert PENALTIES[key].article in message


def test_unknown_penalty_article():
    with pytest.raises(ValidationError) as exc:
        check_penalty("724-99", D(1))
    assert "article" in exc.value.message_dict


# --- deadline (Decree 423 art. 17) ----------------------------------------------------------------


@pytest.mark.django_db
def test_deadline_across_2026_spring_festival():
    # 2026 Spring Festival: 02-15 to 02-23 off, make-up working days 02-14 (Sat) and 02-28 (Sat).
    filed = dt.date(2026, 1, 20)
    due = case_due(filed)
    assert not due.provisional
    # Counting by hand: Jan 21-30 (8), Feb 2-13 (10) + Feb 14 make-up (1) = 19,
    # Feb 24-27 (4) + Feb 28 make-up (1) = 24, March 2-31 (22) = 46, April 1-3 (3) = 49,
    # April 4-6 Qingming off, April 7-10 (4) = 53, April 13-21 (7) = 60.
    assert due.date == dt.date(2026, 4, 21)
    extended = case_due(filed, extended=True)
    # +30: April 22-30 (7) = 67, May 1-5 off, May 6-8 (3) + May 9 make-up (1) = 71,
    # May 11-29 (15) = 86, June 1-4 (4) = 90.
    assert extended.date == dt.date(2026, 6, 4)


def test_transition_table():
    assert next_state(State.FILED, Action.START_INVESTIGATION) == State.INVESTIGATING
    assert next_state(State.INVESTIGATING, Action.DECIDE) == State.DECIDED
    assert next_state(State.DECIDED, Action.CLOSE) == State.CLOSED
    assert next_state(State.FILED, Action.CLOSE) is None
    assert next_state(State.CLOSED, Action.APPROVE_EXTENSION) is None
