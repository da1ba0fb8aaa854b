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
    from_sweeps = LedgerItem.objects.filter(source="sweep").count()
    assert counts["total"] == 10 + from_sweeps and counts["closed"] == 2
    assert counts["overdue"] == 1


def test_the_winter_sweep_has_coverage_and_a_visit_waiting_in_wuhou(settings, tmp_path):
    """Coverage between 40% and 100% in every county, visits that opened ledger items, and a
    target of 武侯区 unvisited on wuhou-inspector's team (the browser demo needs one)."""
    from wageguard.campaigns.sweeps import services as sweeps
    from wageguard.campaigns.sweeps.models import RandomDraw, Sweep, SweepTarget

    settings.MEDIA_ROOT = tmp_path
    seed(with_clues=False)
    campaigns.seed("51")
    sweep = Sweep.objects.get()
    cov = sweeps.coverage(sweep, User.objects.get(username="province-taskforce"))
    rates = [r.rate for r in cov.counties()]
    assert rates and all(40 <= r <= 100 for r in rates)
    assert LedgerItem.objects.filter(source="sweep").count() >= 3
    inspector = User.objects.get(username="wuhou-inspector")
    waiting = SweepTarget.objects.filter(
        sweep=sweep, region_id="510107", visited_at__isnull=True, team__members=inspector
    )
    assert waiting.filter(team__name="武侯区第一检查组").exists()
    team = waiting.filter(team__name="武侯区第一检查组").first().team
    assert set(team.members.values_list("username", flat=True)) == {
        "wuhou-inspector",
        "wuhou-inspector2",
    }
    assert RandomDraw.objects.get().published_at is not None
