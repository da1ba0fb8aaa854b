"""Finding one's clues by phone number + texted code, and what the tracking page then answers:
where the case is, every reply, the next due date, the bureau's contact, ratings in words."""

import datetime as dt
import re

import pytest
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from tests import factories
from wageguard.clues import services
from wageguard.clues.models import Clue, LookupCode, Message
from wageguard.clues.rules import Action
from wageguard.clues.sms import LogBackend
from wageguard.org.rules import Role

pytestmark = pytest.mark.django_db

TRACK = "/report/track/"
PHONE_URL = "/report/track/phone/"
CODE_URL = "/report/track/phone/code/"
MINE_URL = "/report/track/mine/"
UNKNOWN = "13912345678"


@pytest.fixture
def reported(raw):
    """Two clues reported from one phone, and the number."""
    data = raw()
    first = factories.clue_intake(data).clue
    second = factories.clue_intake({**data, "employer_name": "成都恒远劳务有限公司"}).clue
    return first, second, first.phone


def texted_code(phone: str) -> str:
    """The code as the phone received it: the gateway's outbox (the stored record masks it)."""
    texts = [text for to, text in LogBackend.outbox if to == phone and "验证码" in text]
    assert texts, "no code was texted to this number"
    return re.search(r"验证码为 (\d{6})", texts[-1]).group(1)


def ask_code(client, phone: str, address: str = "127.0.0.1"):
    """Posts the number; the text goes to the gateway as it would after the commit."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(PHONE_URL, {"phone": phone}, REMOTE_ADDR=address)


def replied(clue: Clue, inspector, text: str) -> Clue:
    for action, data in [
        (Action.ACCEPT, {}),
        (Action.START_VERIFICATION, {}),
        (Action.RESOLVE, {"resolution": "paid_in_full"}),
        (Action.REPLY, {"reply_text": text}),
    ]:
        clue = services.transition(clue, action, inspector, **data)
    return clue


def test_a_code_is_texted_recorded_and_only_its_hash_kept(client, reported):
    _first, _second, phone = reported
    response = ask_code(client, phone)
    assert response.status_code == 302 and response["Location"] == CODE_URL
    code = texted_code(phone)
    message = Message.objects.get(text__contains="验证码")
    assert code not in message.text and "验证码为 ******" in message.text
    assert message.clue == Clue.objects.filter(phone=phone).order_by("-received_at", "-id")[0]
    row = LookupCode.objects.get()
    assert code not in row.code_hash and phone not in row.phone_hash
    assert row.expires_at - row.created_at == dt.timedelta(minutes=10)
    html = client.get(CODE_URL).content.decode()
    assert phone[:3] + "****" + phone[-4:] in html and phone not in html


def test_the_right_code_lists_every_clue_of_the_number_and_opens_one(client, reported):
    first, second, phone = reported
    ask_code(client, phone)
    response = client.post(CODE_URL, {"code": texted_code(phone)})
    assert response.status_code == 302 and response["Location"] == MINE_URL
    html = client.get(MINE_URL).content.decode()
    assert first.tracking_code in html and second.tracking_code in html
    assert client.post(MINE_URL, {"clue": first.pk})["Location"] == TRACK
    html = client.get(TRACK).content.decode()
    assert first.tracking_code in html and 'data-testid="timeline"' in html
    # Only the number's clues: another id is not opened.
    other = factories.clue_intake(factories.clue_submission(phone=UNKNOWN)).clue
    client.post(MINE_URL, {"clue": other.pk})
    assert other.tracking_code not in client.get(TRACK).content.decode()


def test_a_wrong_code_is_refused_in_place_and_the_right_one_still_works(client, reported):
    _first, _second, phone = reported
    ask_code(client, phone)
    code = texted_code(phone)
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    response = client.post(CODE_URL, {"code": wrong})
    html = response.content.decode()
    assert response.status_code == 422 and "验证码不正确或已过期" in html
    assert 'href="#id_code"' in html  # the error summary links to the field
    assert client.post(CODE_URL, {"code": code})["Location"] == MINE_URL


def test_five_wrong_codes_end_the_code(client, reported):
    _first, _second, phone = reported
    ask_code(client, phone)
    code = texted_code(phone)
    for n in range(5):
        client.post(CODE_URL, {"code": f"{(int(code) + n + 1) % 10**6:06d}"})
    response = client.post(CODE_URL, {"code": code})
    assert response.status_code == 422 and "验证码不正确或已过期" in response.content.decode()


def test_an_expired_code_is_refused(client, reported):
    _first, _second, phone = reported
    ask_code(client, phone)
    code = texted_code(phone)
    LookupCode.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    response = client.post(CODE_URL, {"code": code})
    assert response.status_code == 422 and "验证码不正确或已过期" in response.content.decode()


def test_a_code_opens_once(client, reported, django_user_model):
    from django.test import Client

    _first, _second, phone = reported
    ask_code(client, phone)
    code = texted_code(phone)
    other = Client()
    ask_code(other, phone)  # a new text: the first code is no longer good
    second_code = texted_code(phone)
    assert client.post(CODE_URL, {"code": code}).status_code == 422
    assert other.post(CODE_URL, {"code": second_code})["Location"] == MINE_URL
    again = Client()
    session = again.session
    session["portal_phone"] = phone
    session.save()
    again.cookies["sessionid"] = session.session_key
    response = again.post(CODE_URL, {"code": second_code})
    assert response.status_code == 422


def test_an_unknown_number_gets_the_same_answers_and_no_text(client, reported):
    _first, _second, phone = reported
    from django.test import Client

    known, unknown = client, Client()
    a, b = ask_code(known, phone), ask_code(unknown, UNKNOWN)
    assert (a.status_code, a["Location"]) == (b.status_code, b["Location"])
    assert [m.phone for m in Message.objects.filter(text__contains="验证码")] == [phone]
    assert LookupCode.objects.count() == 1

    def page(c, number) -> str:
        html = c.get(CODE_URL).content.decode()
        html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
        html = re.sub(r'"X-CSRFToken": "[^"]+"', "", html)
        return html.replace(number[:3] + "****" + number[-4:], "NUMBER")

    assert page(known, phone) == page(unknown, UNKNOWN)
    wrong_known = known.post(CODE_URL, {"code": "000000"})
    wrong_unknown = unknown.post(CODE_URL, {"code": "000000"})
    assert wrong_known.status_code == wrong_unknown.status_code == 422
    for response in (wrong_known, wrong_unknown):
        assert "验证码不正确或已过期" in response.content.decode()


def test_texts_are_limited_per_number_whatever_the_client_and_known_or_not(client, reported):
    _first, _second, phone = reported
    for number in (phone, UNKNOWN):
        for n in range(5):
            assert ask_code(client, number, f"10.0.0.{n}").status_code == 302
        refused = ask_code(client, number, "10.0.1.1")
        assert refused.status_code == 429 and "获取验证码过于频繁" in refused.content.decode()
    assert Message.objects.filter(text__contains="验证码").count() == 5


def test_texts_are_limited_per_client(client, reported):
    for n in range(20):
        assert ask_code(client, f"139123456{n:02d}", "10.9.9.9").status_code == 302
    refused = ask_code(client, "13912345699", "10.9.9.9")
    assert refused.status_code == 429


def test_a_malformed_number_is_refused_in_place_with_the_input_kept(client):
    response = client.post(PHONE_URL, {"phone": "12345"})
    html = response.content.decode()
    assert response.status_code == 422 and "手机号码应为11位数字" in html
    assert 'value="12345"' in html and 'href="#id_phone"' in html


def test_the_page_answers_where_the_case_is_with_every_reply_and_the_due_date(
    client, reported, make_user
):
    first, _second, phone = reported
    bureau = first.agency
    bureau.phone = "028-85551234"
    bureau.save()
    inspector = make_user("w-insp", Role.INSPECTOR, "510107")
    clue = replied(first, inspector, "第一次答复：已责令支付。")
    ask_code(client, phone)
    client.post(CODE_URL, {"code": texted_code(phone)})
    client.post(MINE_URL, {"clue": clue.pk})
    html = client.get(TRACK).content.decode()
    assert "承办机构已答复，请阅读答复并评价" in html and "第一次答复：已责令支付。" in html
    assert bureau.name in html and 'href="tel:028-85551234"' in html and 'href="tel:12333"' in html
    for words in ("满意", "基本满意", "一般", "不满意", "很不满意"):
        assert f">{words}</label>" in html
    assert "5 分" not in html

    client.post(reverse("portal:rate"), {"score": "2", "resolved": "no"})
    clue.refresh_from_db()
    html = client.get(TRACK).content.decode()
    due = clue.due_date
    assert f"预计 {due.year}年{due.month}月{due.day}日前答复" in html
    assert "第一次答复：已责令支付。" in html and "您的评价：不满意，问题未解决" in html
    assert "重新办理" in html and html.count('aria-current="step"') == 1
    # The highlighted step is the last one passed: 重新办理, below the ticked 已答复.
    stages = re.findall(r'data-stage="(\w+)" data-done="(\d)"', html)
    assert stages[-3:] == [("reopened", "1"), ("replied", "0"), ("closed", "0")]
    assert 'data-stage="reopened" data-done="1" aria-current="step"' in html

    clue = services.transition(clue, Action.RESOLVE, inspector, resolution="paid_in_full")
    clue = services.transition(clue, Action.REPLY, inspector, reply_text="第二次答复：已全部支付。")
    html = client.get(TRACK).content.decode()
    assert "第一次答复：已责令支付。" in html and "第二次答复：已全部支付。" in html
    assert "请评价本次办理" in html  # the new reply may be rated again
    client.post(reverse("portal:rate"), {"score": "4", "resolved": "yes"})
    html = client.get(TRACK).content.decode()
    assert "您已评价：基本满意" in html and "请评价本次办理" not in html


def test_before_acceptance_the_next_step_is_the_acceptance_decision(client, reported):
    first, _second, phone = reported
    ask_code(client, phone)
    client.post(CODE_URL, {"code": texted_code(phone)})
    client.post(MINE_URL, {"clue": first.pk})
    html = client.get(TRACK).content.decode()
    due = first.due_date
    assert "正在审查是否受理" in html
    assert f"预计 {due.year}年{due.month}月{due.day}日前决定是否受理" in html


def test_ending_the_lookup_forgets_the_list_too(client, reported):
    _first, _second, phone = reported
    ask_code(client, phone)
    client.post(CODE_URL, {"code": texted_code(phone)})
    client.post(reverse("portal:track-end"))
    assert client.get(MINE_URL)["Location"] == TRACK


def test_a_reopening_by_the_bureau_keeps_the_reply_and_is_not_put_in_the_worker_s_mouth(
    client, reported, make_user
):
    first, _second, phone = reported
    clue = replied(first, make_user("w-insp", Role.INSPECTOR, "510107"), "第一次答复。")
    supervisor = make_user("w-sup", Role.SUPERVISOR, "510107")
    clue = services.transition(clue, Action.REOPEN, supervisor, reason="答复不完整")
    ask_code(client, phone)
    client.post(CODE_URL, {"code": texted_code(phone)})
    client.post(MINE_URL, {"clue": clue.pk})
    html = client.get(TRACK).content.decode()
    assert "第一次答复。" in html and "承办机构决定重新办理" in html
    assert "承办机构正在重新办理您反映的问题" in html and "您表示问题未解决" not in html
    due = clue.due_date
    assert f"预计 {due.year}年{due.month}月{due.day}日前答复" in html
