"""One detector of personal data in public text: publication redacts what it finds and the credit
list refuses it, so both see the same ID numbers, phones, cards, e-mails and names."""

import pytest

from wageguard.credit.rules import personal_data_in as credit_refuses
from wageguard.parties.rules import (
    REDACTED,
    PersonalData,
    personal_data_in,
    redact_personal_data,
)
from wageguard.publication.rules import redact

KINDS = {
    "51010719900101123X": PersonalData.ID_NUMBER,
    "510107900101123": PersonalData.ID_NUMBER,
    "５１０１０７１９９００１０１１２３４": PersonalData.ID_NUMBER,
    "138 1234 5678": PersonalData.MOBILE,
    "+86 138-1234-5678": PersonalData.MOBILE,
    "１３８１２３４５６７８": PersonalData.MOBILE,
    "028-85551234": PersonalData.PHONE,
    "（028）8555 1234": PersonalData.PHONE,
    "电话：85551234": PersonalData.PHONE,
    "6222 0212 3456 7890 123": PersonalData.BANK_CARD,
    "zhang.san ＠ qq . com": PersonalData.EMAIL,
    "13812345678 12": PersonalData.NUMBER,
}


@pytest.mark.parametrize("secret", sorted(KINDS))
def test_each_kind_is_named_and_redacted(secret):
    text = f"经查（{secret}）。"
    assert personal_data_in(text) == [KINDS[secret]]
    assert REDACTED in redact_personal_data(text) and redact(text) == redact_personal_data(text)


def test_names_and_public_text():
    assert personal_data_in("工人张 三未领到工资", ["张三"]) == [PersonalData.NAME]
    public = "四川鑫达建筑工程有限公司（91510107MA61234567）拖欠 186,000.00 元，2026-03-05 责令支付"
    assert personal_data_in(public, ["李四"]) == []
    assert redact_personal_data(public) == public


def test_credit_refuses_what_publication_redacts():
    text = "劳动者张三（手机１３８１２３４５６７８，邮箱 a@b.cn）未领到工资"
    assert credit_refuses(text, ["张三"]) == ["个人姓名", "手机号码", "电子邮箱"]
    assert redact(text, ["张三"]).count(REDACTED) == 3


@pytest.mark.parametrize(
    "text",
    ["电话 138 1234 5678", "电话：028-8512 3456", "联系电话138-1234-5678", "手机 138 1234 5678。"],
)
def test_a_number_after_a_keyword_is_removed_whole(text):
    """A keyword's short-number rule must not stop at the first space and leave the rest."""
    redacted = redact_personal_data(text)
    assert not any(ch.isdigit() for ch in redacted), redacted
