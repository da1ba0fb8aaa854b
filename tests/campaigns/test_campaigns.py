"""Campaigns: which campaigns a record falls in (scope and period), launching one with its
targets and milestones, a county's campaign inside the province's, who sees which, the detail
page's ledger counts and the API."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from wageguard.campaigns import services
from wageguard.campaigns.models import Campaign, LedgerItem
from wageguard.org import services as org_services

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 10)


def winter(actor, region="510000", **overrides) -> Campaign:
    data = {
        "name": "2026年冬季根治欠薪专项行动",
        "kind": "winter",
        "region": region,
        "start_date": dt.date(2026, 11, 1),
        "end_date": dt.date(2027, 2, 5),
        "sectors": ["construction"],
        "targets": [
            {
                "label": "春节前欠薪动态清零",
                "metric": "ledger_closed_rate",
                "value": 100,
                "due_date": dt.date(2027, 2, 5),
            }
        ],
        "milestones": [{"label": "动员部署", "date": dt.date(2026, 11, 1)}],
    }
    data.update(overrides)
    return services.create_campaign(actor, **data)


def test_campaigns_for_a_record_are_in_scope_and_period_the_most_local_first(people):
    province = winter(people["province_taskforce"])
    county = winter(
        people["wuhou_supervisor"],
        region="510107",
        name="武侯区冬季行动",
        parent=province,
        start_date=dt.date(2026, 12, 1),
        end_date=dt.date(2027, 1, 31),
    )
    zigong = winter(
        people["zigong_supervisor"], region="510300", name="自贡市行动", parent=province
    )
    assert services.campaigns_for("510107", TODAY) == [county, province]
    assert services.campaigns_for("510104", TODAY) == [province]
    assert services.campaigns_for("510302", TODAY) == [zigong, province]
    assert services.campaigns_for("510107", dt.date(2026, 11, 15)) == [province]
    assert services.campaigns_for("510107", dt.date(2027, 2, 6)) == []
    assert province.targets.get().label == "春节前欠薪动态清零"
    assert province.milestones.get().label == "动员部署"


def test_a_child_campaign_lies_inside_its_parent_and_the_creator_jurisdiction(people):
    province = winter(people["province_taskforce"])
    with pytest.raises(ValidationError) as info:
        winter(
            people["wuhou_supervisor"],
            region="510107",
            parent=province,
            end_date=dt.date(2027, 3, 1),
        )
    assert "parent" in info.value.message_dict
    with pytest.raises(ValidationError) as info:
        winter(people["wuhou_supervisor"], region="510104")
    assert "region" in info.value.message_dict
    with pytest.raises(ValidationError) as info:
        winter(people["province_taskforce"], end_date=dt.date(2026, 10, 1))
    assert "end_date" in info.value.message_dict
    with pytest.raises(PermissionDenied):
        winter(people["wuhou_inspector"], region="510107")


def test_counties_see_the_campaigns_above_them_but_not_their_neighbours(people):
    province = winter(people["province_taskforce"])
    wuhou = winter(people["wuhou_supervisor"], region="510107", name="武侯区行动", parent=province)
    jinjiang = people["jinjiang_supervisor"]
    assert set(Campaign.objects.restrict(jinjiang, "view")) == {province}
    assert set(Campaign.objects.restrict(people["chengdu_supervisor"], "view")) == {province, wuhou}
    assert not Campaign.objects.restrict(jinjiang, "add").filter(pk=province.pk).exists()
    assert not Campaign.objects.restrict(people["chengdu_clerk"], "view").exists()


def test_ledger_items_are_counted_in_the_campaign_of_their_period_and_scope(people, item):
    province = winter(
        people["province_taskforce"],
        start_date=timezone.localdate() - dt.timedelta(days=5),
        end_date=timezone.localdate() + dt.timedelta(days=30),
    )
    old = LedgerItem.objects.create(
        **{
            f.attname: getattr(item, f.attname)
            for f in LedgerItem._meta.concrete_fields
            if f.attname != "id"
        }
    )
    LedgerItem.objects.filter(pk=old.pk).update(
        opened_at=timezone.now() - dt.timedelta(days=60), state="closed"
    )
    assert list(services.ledger_in_campaign(LedgerItem.objects.all(), province)) == [item]
    counts = services.counts_by_state(province, people["chengdu_supervisor"])
    assert (counts["total"], counts["open"], counts["closed"]) == (1, 1, 0)
    assert counts["closing_rate"] == 0.0
    assert services.counts_by_state(province, people["jinjiang_supervisor"])["total"] == 0
    # An item opened during the campaign is filed under it.
    from wageguard.inspections import services as inspections

    from .conftest import call_data

    later = inspections.record_check(
        people["chengdu_supervisor"], **call_data(people["wuhou_inspector"].agency)
    ).ledger_item
    assert later.campaign == province


def test_pages_launch_a_campaign_and_show_it(client, people):
    client.force_login(people["province_taskforce"])
    assert client.get("/campaigns/new/").status_code == 200
    refused = client.post(
        "/campaigns/new/",
        {
            "name": "冬季行动",
            "kind": "winter",
            "region": "510000",
            "start_date": "2026-11-01",
            "end_date": "2026-10-01",
            "targets-TOTAL_FORMS": "1",
            "targets-INITIAL_FORMS": "0",
            "milestones-TOTAL_FORMS": "0",
            "milestones-INITIAL_FORMS": "0",
        },
    )
    assert refused.status_code == 422
    body = refused.content.decode()
    assert 'data-field="end_date"' in body and 'value="冬季行动"' in body
    done = client.post(
        "/campaigns/new/",
        {
            "name": "冬季行动",
            "kind": "winter",
            "region": "510000",
            "start_date": "2026-11-01",
            "end_date": "2027-02-05",
            "sectors": ["construction", "manufacturing"],
            "targets-TOTAL_FORMS": "2",
            "targets-INITIAL_FORMS": "0",
            "targets-0-label": "问题全部销号",
            "targets-0-metric": "ledger_closed_rate",
            "targets-0-value": "100",
            "targets-0-due_date": "2027-02-05",
            "milestones-TOTAL_FORMS": "1",
            "milestones-INITIAL_FORMS": "0",
            "milestones-0-label": "春节前清零",
            "milestones-0-date": "2027-02-05",
        },
    )
    campaign = Campaign.objects.get()
    assert done.status_code == 302 and done["Location"] == f"/campaigns/{campaign.pk}/"
    assert campaign.sectors == ["construction", "manufacturing"]
    page = client.get(done["Location"]).content.decode()
    assert "问题全部销号" in page and "春节前清零" in page and 'data-testid="counts"' in page
    listed = client.get("/campaigns/").content.decode()
    assert "冬季行动" in listed
    client.force_login(people["wuhou_inspector"])
    assert client.get("/campaigns/new/").status_code == 403
    assert client.get(f"/campaigns/{campaign.pk}/").status_code == 200


def test_api_lists_campaigns_and_gives_counts(client, people, item):
    campaign = winter(
        people["province_taskforce"],
        start_date=timezone.localdate() - dt.timedelta(days=1),
        end_date=timezone.localdate() + dt.timedelta(days=1),
    )
    _t, key = org_services.create_token(None, people["chengdu_supervisor"])
    headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    listing = client.get("/api/v1/campaigns", **headers).json()
    assert listing["count"] == 1 and listing["items"][0]["region"] == "510000"
    one = client.get(f"/api/v1/campaigns/{campaign.pk}", **headers).json()
    assert one["targets"][0]["metric"] == "ledger_closed_rate"
    assert one["ledger"]["total"] == 1 and one["ledger"]["open"] == 1
    assert client.get("/api/v1/campaigns/999999", **headers).status_code == 404
