"""inspections 0003 moves every Finding into the one ledger: same number, state, dates, people,
warning and channel-check links, a timeline, and the warning's stored address follows."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from wageguard.org.rules import Role

OLD = [("inspections", "0002_finding_from_warning"), ("campaigns", "0001_initial")]
NEW = [("inspections", "0004_delete_finding"), ("campaigns", "0001_initial")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_findings_become_ledger_items_under_their_numbers(make_user):
    checker = make_user("cd-sup", Role.SUPERVISOR, "510100")
    wuhou = make_user("wh-insp", Role.INSPECTOR, "510107")
    old = _migrate(OLD)
    try:
        Check = old.get_model("inspections", "ChannelCheck")
        Finding = old.get_model("inspections", "Finding")
        now = timezone.now()
        check = Check.objects.create(
            kind="test_call",
            channel="hotline_12333",
            agency_id=wuhou.agency_id,
            region_id="510107",
            performed_by_id=checker.pk,
            performed_at=now,
            contact="028-12333",
            answered=False,
            result="failed",
        )
        common = {
            "agency_id": wuhou.agency_id,
            "region_id": "510107",
            "opened_at": now,
            "opened_by_id": checker.pk,
            "due_date": dt.date(2026, 12, 20),
        }
        Finding.objects.create(
            id=41, source="channel_check", channel_check=check, description="无人接听", **common
        )
        Finding.objects.create(
            id=42,
            source="channel_check",
            description="已整改",
            state="closed",
            rectification_note="已值守",
            rectified_by_id=wuhou.pk,
            rectified_at=now,
            close_note="同意",
            closed_by_id=checker.pk,
            closed_at=now,
            **common,
        )
        new = _migrate(NEW)
        Item = new.get_model("campaigns", "LedgerItem")
        first, second = Item.objects.order_by("pk")
        assert (first.pk, first.state, first.source) == (41, "open", "channel_check")
        assert first.unit_kind == "department" and first.due_date == dt.date(2026, 12, 20)
        assert new.get_model("inspections", "ChannelCheck").objects.get().ledger_item_id == 41
        assert (second.pk, second.state, second.closed_by_id) == (42, "closed", checker.pk)
        assert second.rectified_by_id == wuhou.pk and second.rectification_note == "已值守"
        history = new.get_model("campaigns", "LedgerHistory").objects.filter(item_id=42)
        assert sorted(history.values_list("action", flat=True)) == [
            "open",
            "rectify",
            "verify_close",
        ]
        # New items are numbered after the moved ones.
        third = Item.objects.create(
            source="other", description="x", **{**common, "opened_by_id": checker.pk}
        )
        assert third.pk > 42
    finally:
        # Back to every app's latest migration: going back to OLD also unapplied the migrations
        # that depend on it (campaigns' later ones among them), and the tests after this one
        # need the whole schema.
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
