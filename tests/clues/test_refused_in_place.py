"""Issue 14: a form the rules refuse comes back in place on the clue page, open at the form
(URL fragment, autofocus), with the error inside it and the typed text kept, never a redirect."""

import pytest
from django.utils import timezone

from wageguard.clues.models import Clue
from wageguard.clues.rules import State
from wageguard.org.bootstrap import create_agencies
from wageguard.org.rules import Role

from .conftest import submit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _agencies(db):
    create_agencies("51")


def test_refused_rejection_keeps_the_text_and_shows_the_error(client, make_user, raw):
    inspector = make_user("wuhou-inspector", Role.INSPECTOR, "510107")
    clue = submit(raw)
    client.force_login(inspector)
    typed = "经审查，您反映的问题已超过两年，本局决定不予受理。"
    response = client.post(
        f"/clues/{clue.pk}/transition/",
        {
            "action": "reject",
            "reject-reason": "time_barred",
            "reject-violation_ended_on": timezone.localdate().isoformat(),
            "reject-reply_text": typed,
            "reject-note": "",
        },
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert typed in page  # the input kept
    assert "未超过两年" in page  # the rule's reason, under its field
    assert 'id="act-reject"' in page and "/transition/#act-reject" in page
    assert "autofocus" in page.split('id="act-reject"', 1)[1].split("</form>", 1)[0]
    assert Clue.objects.get(pk=clue.pk).state == State.RECEIVED


def test_a_step_no_longer_allowed_comes_back_in_place(client, make_user, raw):
    """The clue moved on meanwhile (a colleague accepted it): the refused form stays on the page
    with its text and the reason, although the step is no longer offered."""
    from wageguard.clues import services

    inspector = make_user("wuhou-inspector", Role.INSPECTOR, "510107")
    clue = submit(raw)
    services.transition(clue, "accept", inspector, note="")
    client.force_login(inspector)
    response = client.post(
        f"/clues/{clue.pk}/transition/",
        {
            "action": "redirect",
            "redirect-redirect_kind": "other_bureau",
            "redirect-body": "成都市青羊区人力资源和社会保障局",
            "redirect-note": "",
        },
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "成都市青羊区人力资源和社会保障局" in page
    assert 'id="act-redirect"' in page and 'role="alert"' in page
