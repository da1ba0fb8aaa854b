"""Parties rules: ID numbers (GB 11643), credit codes (GB 32100), mobiles, name keys, masking.

Pure functions: no database. Numbers are built with their check character computed here, so no
real person's or company's identifier appears in the tests.
"""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st
from stdnum.cn import ric, uscc

from wageguard.parties.rules import (
    MAX_AGE,
    MIN_AGE,
    mask_id_number,
    mask_name,
    mask_phone,
    normalise_name,
    validate_credit_code,
    validate_id_number,
    validate_mobile,
)

TODAY = dt.date(2025, 6, 15)
FULL_WIDTH = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")


def make_id(address: str, birth: str, seq: str) -> str:
    """A GB 11643 number with its check character (stdnum wants 18 chars, ignores the last)."""
    body = address + birth + seq
    return body + ric.calc_check_digit(body + "0")


def make_credit_code(body17: str) -> str:
    return body17 + uscc.calc_check_digit(body17)


def id_error(value: str, today: dt.date = TODAY) -> str:
    with pytest.raises(ValidationError) as info:
        validate_id_number(value, today=today)
    assert info.value.code == "invalid_id_number"
    return info.value.messages[0]


# --- ID numbers ---------------------------------------------------------------------------------


def test_valid_id_number_is_returned_canonical():
    number = make_id("510107", "19900101", "123")
    assert validate_id_number(number, today=TODAY) == number
    assert validate_id_number(f"  {number.translate(FULL_WIDTH)}\u3000", today=TODAY) == number


def test_check_character_x_in_either_case():
    seqs = (f"{i:03d}" for i in range(1000))
    seq = next(s for s in seqs if make_id("510107", "19900101", s)[-1] == "X")
    number = make_id("510107", "19900101", seq)
    assert validate_id_number(number.lower(), today=TODAY) == number
    assert validate_id_number(number.translate(FULL_WIDTH).lower(), today=TODAY) == number


@pytest.mark.parametrize("address", ["510117", "510118", "513402"])
def test_current_sichuan_codes_stdnum_does_not_know_are_accepted(address):
    number = make_id(address, "19900101", "001")
    assert not ric.is_valid(number)  # the reason this module checks the number itself
    assert validate_id_number(number, today=TODAY) == number


def test_wrong_length_and_first_generation_numbers():
    assert "当前为17位" in id_error("51010719900101123")
    assert "15位" in id_error("510107900101123")
    assert "18位" in id_error("")


def test_letters_inside_are_a_format_error():
    number = make_id("510107", "19900101", "123")
    assert "格式" in id_error("X" + number[1:])
    assert "格式" in id_error(number[:17] + "Y")


def test_impossible_birth_date():
    assert "不是有效日期" in id_error(make_id("510107", "19900230", "123"))  # 30 February
    assert "不是有效日期" in id_error(make_id("510107", "19901301", "123"))


def test_future_birth_date():
    assert "晚于今天" in id_error(make_id("510107", "20250616", "123"))


def test_age_limits_are_inclusive_and_today_is_injectable():
    youngest = make_id("510107", "20110615", "123")  # 14 on TODAY
    assert validate_id_number(youngest, today=TODAY) == youngest
    assert "13岁" in id_error(youngest, today=dt.date(2025, 6, 14))
    oldest = make_id("510107", "19250615", "123")  # 100 on TODAY
    assert validate_id_number(oldest, today=TODAY) == oldest
    assert "101岁" in id_error(make_id("510107", "19240615", "123"))


def test_wrong_check_character():
    number = make_id("510107", "19900101", "123")
    wrong = number[:17] + ("0" if number[-1] != "0" else "1")
    assert "校验位" in id_error(wrong)
    swapped = number[:14] + number[15] + number[14] + number[16:]  # transposed sequence digits
    if swapped != number:
        assert "校验位" in id_error(swapped)


def test_default_today_is_the_local_date():
    assert validate_id_number(make_id("510107", "19900101", "123"))


birth_dates = st.dates(
    min_value=dt.date(TODAY.year - MAX_AGE, TODAY.month, TODAY.day),
    max_value=dt.date(TODAY.year - MIN_AGE, TODAY.month, TODAY.day),
)


@given(
    address=st.from_regex(r"[1-9][0-9]{5}", fullmatch=True),
    birth=birth_dates,
    seq=st.integers(0, 999),
    spaces=st.sampled_from(["", " ", "\u3000", "\t"]),
    full_width=st.booleans(),
    lower=st.booleans(),
)
def test_any_well_formed_id_validates_and_round_trips(
    address, birth, seq, spaces, full_width, lower
):
    number = make_id(address, birth.strftime("%Y%m%d"), f"{seq:03d}")
    typed = number.translate(FULL_WIDTH) if full_width else number
    typed = typed.lower() if lower else typed
    assert validate_id_number(spaces + typed + spaces, today=TODAY) == number
    assert validate_id_number(number, today=TODAY) == number


@given(
    birth=birth_dates,
    seq=st.integers(0, 999),
    position=st.integers(0, 16),
    delta=st.integers(1, 9),
)
def test_any_single_digit_change_is_refused(birth, seq, position, delta):
    number = make_id("510107", birth.strftime("%Y%m%d"), f"{seq:03d}")
    digit = (int(number[position]) + delta) % 10
    changed = number[:position] + str(digit) + number[position + 1 :]
    with pytest.raises(ValidationError):
        validate_id_number(changed, today=TODAY)


# --- credit codes -------------------------------------------------------------------------------


def test_valid_credit_code():
    code = make_credit_code("91510107MA6CXD5Q0")
    assert validate_credit_code(code) == code
    assert validate_credit_code(code.lower()) == code
    spaced = f" {code[:2]} {code[2:8]}-{code[8:]} "
    assert validate_credit_code(spaced.translate(FULL_WIDTH)) == code
    assert validate_credit_code(code.translate(str.maketrans("MACXDQ", "ＭＡＣＸＤＱ"))) == code


def test_published_example_code():
    assert validate_credit_code("91110000600037341L") == "91110000600037341L"


def test_letter_registration_authority_is_accepted():
    # N2: a village collective economic organisation (农村集体经济组织), which stdnum refuses.
    code = make_credit_code("N2510117MA6CXD5Q0")
    assert not uscc.is_valid(code)
    assert validate_credit_code(code) == code


def credit_error(value: str) -> str:
    with pytest.raises(ValidationError) as info:
        validate_credit_code(value)
    assert info.value.code == "invalid_credit_code"
    return info.value.messages[0]


def test_invalid_credit_codes():
    code = make_credit_code("91510107MA6CXD5Q0")
    wrong = code[:17] + ("0" if code[-1] != "0" else "1")
    assert "校验位" in credit_error(wrong)
    assert "当前为17位" in credit_error(code[:17])
    assert "工商注册号" in credit_error("510107000123456")
    assert "格式" in credit_error("9151010IMA6CXD5Q0" + "0")  # a letter in the region code
    assert "格式" in credit_error(code[:8] + "O" + code[9:])  # O is not in the alphabet
    assert "格式" in credit_error("B2510117MA6CXD5Q01")  # B is no registration authority


@given(st.text(alphabet="0123456789ABCDEFGHJKLMNPQRTUWXY", min_size=9, max_size=9))
def test_any_generated_credit_code_round_trips(org):
    code = make_credit_code("91510107" + org)
    assert validate_credit_code(code.lower()) == code


# --- mobile numbers -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "13812345678",
        " 138 1234 5678 ",
        "138-1234-5678",
        "+86 138 1234 5678",
        "+8613812345678",
        "0086-138-1234-5678",
        "8613812345678",
        "１３８１２３４５６７８",
    ],
)
def test_mobile_variants(typed):
    assert validate_mobile(typed) == "13812345678"


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "1381234567",
        "138123456789",
        "12812345678",
        "02812345678",
        "+85213812345678",
        "1381234567a",
    ],
)
def test_invalid_mobiles(typed):
    with pytest.raises(ValidationError) as info:
        validate_mobile(typed)
    assert info.value.code == "invalid_mobile"
    assert "手机号码" in info.value.messages[0]


# --- employer name keys -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "variant",
    [
        "鑫达建筑工程有限责任公司",
        "四川省鑫达建筑工程有限公司",
        "成都鑫达建筑工程有限公司",
        "成都市鑫达建筑工程股份有限公司",
        "四川省成都市郫都区鑫达建筑工程有限公司",
        "鑫达建筑工程（四川）有限公司",
        "鑫达建筑工程(成都)有限公司",
        "四川鑫达建筑工程集团有限公司",
        " 四川 鑫达建筑工程 有限公司 ",
        "四川鑫达建筑工程有限公司。",
        "鑫达建筑工程（集团）有限公司",
    ],
)
def test_names_of_one_employer_share_a_key(variant):
    assert normalise_name("四川鑫达建筑工程有限公司") == "鑫达建筑工程"
    assert normalise_name(variant) == "鑫达建筑工程"


def test_latin_names_fold_case_width_and_legal_form():
    assert normalise_name("Xinda Construction Co., Ltd.") == "xindaconstruction"
    assert normalise_name("ＸＩＮＤＡ  construction  LIMITED") == "xindaconstruction"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("四川鑫达建筑工程有限公司", "四川鑫达劳务有限公司"),  # another trade
        ("四川鑫达建筑工程有限公司", "四川鑫达建筑工程有限公司郫都分公司"),  # a branch
        ("四川鑫达建筑工程有限公司郫都分公司", "四川鑫达建筑工程有限公司新津分公司"),
        ("四川鑫达建筑工程有限公司", "四川鑫盛建筑工程有限公司"),
        ("鑫达建筑工程有限公司", "鑫达建筑工程有限公司成都地铁项目部"),
    ],
)
def test_different_employers_keep_different_keys(a, b):
    assert normalise_name(a) != normalise_name(b)


def test_branch_key_keeps_parent_and_branch():
    key = normalise_name("中国建筑股份有限公司西南分公司")
    assert key == "中国建筑西南分公司"
    assert key.startswith(normalise_name("中国建筑股份有限公司"))


def test_a_name_that_is_only_a_place_keeps_it():
    assert normalise_name("成都市") == "成都市"
    assert normalise_name("四川成都建工有限公司") == "建工"
    assert normalise_name("四川建有限公司") == "四川建"


def test_empty_and_form_only_names():
    assert normalise_name("") == ""
    assert normalise_name("有限公司") == ""
    assert normalise_name("张三建材经营部（个体工商户）") == "张三建材经营部"


@given(st.text(max_size=40))
def test_normalise_name_is_idempotent(name):
    key = normalise_name(name)
    assert normalise_name(key) == key


@given(
    st.text(
        alphabet=st.sampled_from(
            list("四川成都市省郫都区有限责任公司集团分股份鑫达建筑（）() ·Co.Ltd")
        ),
        max_size=30,
    )
)
def test_normalise_name_is_idempotent_on_tricky_fragments(name):
    key = normalise_name(name)
    assert normalise_name(key) == key


# --- masking ------------------------------------------------------------------------------------


def test_mask_id_number():
    assert mask_id_number("510107199001011234") == "5101**********1234"
    assert mask_id_number(" 51010719900101123x ") == "5101**********123X"
    assert mask_id_number("510107900101123") == "5101*******1123"
    assert mask_id_number("12345678") == "********"
    assert mask_id_number("") == ""
    assert mask_id_number(None) == ""


def test_mask_phone():
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("+86 138-1234-5678") == "138****5678"
    assert mask_phone("02887654321") == "028****4321"
    assert mask_phone("87654321") == "****4321"
    assert mask_phone("12345") == "*****"
    assert mask_phone("") == ""
    assert mask_phone(None) == ""


@pytest.mark.parametrize(
    ("name", "masked"),
    [
        ("张三丰", "张**"),
        ("李四", "李*"),
        ("欧阳修", "欧阳*"),
        ("欧阳", "欧*"),  # two characters: the given name could be 阳
        ("买买提·艾力", "买**·**"),
        (" 王小明 ", "王**"),
        ("王", "*"),
        ("", ""),
        (None, ""),
    ],
)
def test_mask_name(name, masked):
    assert mask_name(name) == masked


@given(st.text(max_size=30))
def test_masking_never_shows_more_than_it_should(text):
    """ID numbers show at most 8 characters; phones at most 7, and half of a short number."""
    masked = mask_id_number(text)
    assert sum(ch != "*" for ch in masked) <= 8
    masked = mask_phone(text)
    shown = sum(ch != "*" for ch in masked)
    assert shown <= 7
    assert len(masked) >= 11 or shown <= len(masked) // 2
    masked = mask_name(text)
    assert sum(ch not in "* ·•.-" for ch in masked) <= 2
