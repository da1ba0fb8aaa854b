"""The demo's coordination: leading groups at three levels, a department user per kind who sees
only their own agency's assignments, assignments in every state (some linked to ledger items,
two overdue and escalated to 成都市); a second run adds nothing."""

import pytest

from wageguard.campaigns.coordination.models import Assignment, LeadingGroup
from wageguard.demo import campaigns
from wageguard.demo.province import seed
from wageguard.org.models import AgencyKind, Notification, User
from wageguard.org.rules import Role

pytestmark = pytest.mark.django_db


def test_the_demo_has_groups_department_users_and_assignments(settings, tmp_path, client):
    settings.MEDIA_ROOT = tmp_path
    seed(with_clues=False)
    campaigns.seed("51")
    campaigns.seed("51")
    assert set(LeadingGroup.objects.values_list("region_id", flat=True)) == {
        "510000",
        "510100",
        "510107",
    }
    wuhou = LeadingGroup.objects.get(region_id="510107")
    assert wuhou.members.count() == len(AgencyKind.values)
    assert wuhou.members.filter(contacts__isnull=False).distinct().count() == len(AgencyKind.values)
    for kind in AgencyKind.values:
        if kind != AgencyKind.HRSS:
            user = User.objects.get(username=f"wuhou-{kind}")
            assert user.role == Role.DEPARTMENT and user.agency.kind == kind
    assert Assignment.objects.count() == 7
    assert set(Assignment.objects.values_list("state", flat=True)) == {
        "assigned",
        "answered",
        "accepted",
    }
    assert set(Assignment.objects.values_list("agency__kind", flat=True)) == {
        "housing",
        "transport",
    }
    assert Assignment.objects.filter(ledger_item__isnull=False).count() == 3
    escalated = Assignment.objects.filter(escalated_to__region_id="510100")
    assert escalated.count() == 2
    chengdu = User.objects.get(username="chengdu-supervisor")
    assert Notification.objects.filter(user=chengdu, url__contains="/assignments/").count() == 2
    client.force_login(User.objects.get(username="wuhou-housing"))
    listing = client.get("/api/v1/assignments").json()
    assert listing["count"] == 4
    assert {row["agency_name"] for row in listing["items"]} == {"武侯区住房和城乡建设局"}
