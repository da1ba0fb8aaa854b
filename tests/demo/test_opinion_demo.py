"""The demo's public opinion items: one in every state and a threat of jumping escalated to the
province and 成都市 at once, on the meeting screen; a second run adds nothing."""

import pytest

from wageguard.demo import opinion
from wageguard.demo.province import seed
from wageguard.dispatch.opinion.models import OpinionItem
from wageguard.org.models import Notification

pytestmark = pytest.mark.django_db


def test_opinion_items_in_every_state_and_one_escalated(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    seed(with_clues=False)
    assert opinion.seed() == 7
    assert opinion.seed() == 0
    states = set(OpinionItem.objects.values_list("state", flat=True))
    assert states == {"new", "verified", "dismissed", "responded", "published", "closed"}
    [tower] = OpinionItem.objects.for_meeting_screen()
    assert tower.risk == "extreme" and "跳楼" in tower.title
    assert Notification.objects.filter(
        user__username="province-taskforce", url=f"/dispatch/opinion/{tower.pk}/"
    ).exists()
    assert Notification.objects.filter(
        user__username="chengdu-supervisor", url=f"/dispatch/opinion/{tower.pk}/"
    ).exists()
