"""The reporter's page: the timeline only with code + secret, the reply, and the rating."""

import pytest
from django.urls import reverse

from tests import factories
from wageguard.clues import services
from wageguard.clues.models import Clue
from wageguard.clues.rules import Action, State
from wageguard.org.rules import Role

pytestmark = pytest.mark.django_db

TRACK = "/report/track/"


@pytest.fixture
def submitted(raw):
    result = factories.clue_intake(raw())
    return result.clue, result.secret


def replied(clue: Clue, inspector) -> Clue:
    for action, data in [
        (Action.ACCEPT, {}),
        (Action.START_VERIFICATION, {}),
        (Action.RESOLVE, {"resolution": "paid_in_full"}),
        (Action.REPLY, {"reply_text": "经核查，用人单位已足额支付工资 36000 元。"}),
    ]:
        clue = services.transition(clue, action, inspector, **data)
    return clue


def open_clue(client, code: str, secret: str):
    return client.post(TRACK, {"tracking_code": code, "secret": secret})


def test_wrong_secret_and_unknown_code_get_the_same_generic_answer(client, submitted):
    clue, _secret = submitted
    wrong = open_clue(client, clue.tracking_code, "WRONG123")
    unknown = open_clue(client, "XS0000000000", "WRONG123")
    for response in (wrong, unknown):
        html = response.content.decode()
        assert response.status_code == 200 and "查询码或密码不正确" in html
        assert "timeline" not in html and clue.region.name not in html
    assert client.get(TRACK).content.decode().count('name="secret"') == 1  # still the form


def test_code_and_secret_open_the_timeline_without_leaving_the_url(client, submitted):
    clue, secret = submitted
    response = open_clue(client, clue.tracking_code.lower(), secret)
    assert response.status_code == 302 and response["Location"] == TRACK
    html = client.get(TRACK).content.decode()
    assert clue.tracking_code in html and "已接收" in html and "武侯区" in html
    assert 'data-stage="received" data-done="1"' in html
    assert 'data-stage="accepted" data-done="0"' in html
    assert clue.employer_name not in html and clue.reporter_name not in html
    assert "请评价本次办理" not in html  # nothing to rate before the reply


def test_lookups_are_throttled(client, submitted, settings):
    settings.WAGEGUARD_PUBLIC_RATE = "2/60"
    clue, secret = submitted
    open_clue(client, clue.tracking_code, "WRONG1")
    open_clue(client, clue.tracking_code, "WRONG2")
    response = open_clue(client, clue.tracking_code, secret)
    assert "查询过于频繁" in response.content.decode()


def test_the_reply_is_shown_and_not_resolved_reopens_the_clue(client, submitted, make_user):
    clue, secret = submitted
    inspector = make_user("w-insp", Role.INSPECTOR, "510107")
    clue = replied(clue, inspector)
    open_clue(client, clue.tracking_code, secret)
    html = client.get(TRACK).content.decode()
    assert "经核查，用人单位已足额支付工资" in html and "请评价本次办理" in html
    assert 'data-stage="replied" data-done="1"' in html

    response = client.post(
        reverse("portal:rate"), {"score": "2", "resolved": "no", "comment": "只发了一半"}
    )
    assert response.status_code == 302
    clue.refresh_from_db()
    assert clue.rating == 2 and clue.rating_comment == "只发了一半"
    assert clue.state == State.VERIFYING and clue.reopened_count == 1
    assert clue.history.filter(action=Action.REOPEN).exists()
    html = client.get(TRACK).content.decode()
    assert "已转承办机构重新办理" in html and "承办机构正在重新办理" in html
    assert "请评价本次办理" not in html
    # The first reply stays, with the rating given to it in words, below it the reopening.
    assert "经核查，用人单位已足额支付工资" in html and "您的评价：不满意，问题未解决" in html
    assert 'data-stage="reopened" data-done="1" aria-current="step"' in html


def test_resolved_rating_keeps_the_clue_replied(client, submitted, make_user):
    clue, secret = submitted
    clue = replied(clue, make_user("w-insp", Role.INSPECTOR, "510107"))
    open_clue(client, clue.tracking_code, secret)
    client.post(reverse("portal:rate"), {"score": "5", "resolved": "yes"})
    clue.refresh_from_db()
    assert clue.rating == 5 and clue.state == State.REPLIED and clue.reopened_count == 0
    html = client.get(TRACK).content.decode()
    assert "您已评价：满意" in html and "5 分" not in html


def test_rating_needs_the_reply_a_score_and_an_opened_clue(client, submitted):
    clue, secret = submitted
    url = reverse("portal:rate")
    # Without having opened the clue in this session: back to the lookup form, nothing rated.
    assert client.post(url, {"score": "1", "resolved": "no"})["Location"] == TRACK
    open_clue(client, clue.tracking_code, secret)
    response = client.post(url, {"score": "1", "resolved": "no"})
    assert response.status_code == 422 and "答复后才能评价" in response.content.decode()
    response = client.post(url, {"resolved": "yes"})
    assert response.status_code == 422 and "请选择满意程度" in response.content.decode()
    clue.refresh_from_db()
    assert clue.rating is None


def test_ending_the_lookup_forgets_the_clue(client, submitted):
    clue, secret = submitted
    open_clue(client, clue.tracking_code, secret)
    client.post(reverse("portal:track-end"))
    html = client.get(TRACK).content.decode()
    assert clue.tracking_code not in html and 'name="secret"' in html
