"""The demo's winter campaign: Sichuan's with targets and milestones, 武侯区's inside it, and
ledger items in every state counted in it; a second run adds nothing."""

import pytest

from wageguard.campaigns import services
from wageguard.campaigns.models import Campaign, LedgerItem
from wageguard.demo import campaigns
from wageguard.demo.province import seed
from wageguard.org.models import User

pytestmark = pytest.mark.django_db


def test_the_winter_campaign_counts_ledger_items_in_every_state(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    seed(with_clues=False)
    assert campaigns.seed("51") == 10
    assert campaigns.seed("51") == 0
    province = Campaign.objects.get(region_id="510000")
    assert province.name.endswith("冬季专项行动") and province.targets.count() == 3
    assert province.milestones.count() == 4
    assert (province.start_date.month, province.end_date.month) == (11, 2)
    assert Campaign.objects.get(region_id="510107").parent == province
    states = set(LedgerItem.objects.values_list("state", flat=True))
    assert states == {"open", "rectified", "closed"}
    assert LedgerItem.objects.filter(supervision_level=2).count() == 3
    assert LedgerItem.objects.filter(notified=True).count() == 1
    counts = services.counts_by_state(province, User.objects.get(username="province-taskforce"))
    assert counts["total"] == 10 and counts["closed"] == 2 and counts["overdue"] == 1
