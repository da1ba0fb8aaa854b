"""The channel checks' ledger (inspections.Finding) becomes the one problem ledger
(campaigns.LedgerItem): every finding is copied under its own number, with its state, dates,
people and links (the channel check now points down at its item, the warning link moves onto
the item), and a warning's stored outcome address follows it to /campaigns/ledger/. The next
migration drops Finding."""

import django.db.models.deletion
from django.core.management.color import no_style
from django.db import migrations, models

OLD_URL, NEW_URL = "/inspections/findings/", "/campaigns/ledger/"

# Finding's fields that LedgerItem holds under the same name.
SAME = (
    "source",
    "agency_id",
    "region_id",
    "description",
    "opened_at",
    "opened_by_id",
    "due_date",
    "due_provisional",
    "state",
    "rectification_note",
    "rectified_by_id",
    "rectified_at",
    "close_note",
    "closed_by_id",
    "closed_at",
    "warning_id",
)


def ledger_row(finding: dict) -> dict:
    """A ledger item's fields from a finding's (a dict of Finding's columns): same number, same
    values; the responsible unit is the bureau for a channel check, the project for a warning."""
    row = {name: finding[name] for name in SAME}
    row["id"] = finding["id"]
    row["unit_kind"] = "project" if finding.get("warning_id") else "department"
    row["project_id"] = finding.get("project_id")
    return row


def history_rows(finding: dict) -> list[dict]:
    """The item's timeline as far as the finding tells it: opened, rectified, closed."""
    rows = [
        {
            "action": "open",
            "at": finding["opened_at"],
            "actor_id": finding["opened_by_id"],
            "from_state": "",
            "to_state": "open",
        }
    ]
    if finding["rectified_at"] is not None:
        rows.append(
            {
                "action": "rectify",
                "at": finding["rectified_at"],
                "actor_id": finding["rectified_by_id"],
                "from_state": "open",
                "to_state": "rectified",
                "note": finding["rectification_note"],
            }
        )
    if finding["state"] == "closed" and finding["closed_at"] is not None:
        rows.append(
            {
                "action": "verify_close",
                "at": finding["closed_at"],
                "actor_id": finding["closed_by_id"],
                "from_state": "rectified",
                "to_state": "closed",
                "note": finding["close_note"],
            }
        )
    return rows


def copy_findings(apps, schema_editor):
    Finding = apps.get_model("inspections", "Finding")
    ChannelCheck = apps.get_model("inspections", "ChannelCheck")
    LedgerItem = apps.get_model("campaigns", "LedgerItem")
    LedgerHistory = apps.get_model("campaigns", "LedgerHistory")
    Warning = apps.get_model("projects", "Warning")
    projects = dict(Warning.objects.values_list("pk", "project_id"))
    copied = 0
    for finding in Finding.objects.order_by("pk").values():
        finding["project_id"] = projects.get(finding["warning_id"])
        item = LedgerItem.objects.create(**ledger_row(finding))
        for row in history_rows(finding):
            LedgerHistory.objects.create(item=item, **row)
        if finding["channel_check_id"]:
            ChannelCheck.objects.filter(pk=finding["channel_check_id"]).update(ledger_item=item)
        copied += 1
    for warning in Warning.objects.filter(outcome_url__startswith=OLD_URL):
        warning.outcome_url = NEW_URL + warning.outcome_url[len(OLD_URL) :]
        warning.save(update_fields=["outcome_url"])
    if copied:
        # Rows were written with their old numbers: move the sequence past them (PostgreSQL).
        connection = schema_editor.connection
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), [LedgerItem]):
                cursor.execute(sql)


def copy_back(apps, schema_editor):
    """Undo: the items of the two old sources become findings again, under their numbers."""
    Finding = apps.get_model("inspections", "Finding")
    ChannelCheck = apps.get_model("inspections", "ChannelCheck")
    LedgerItem = apps.get_model("campaigns", "LedgerItem")
    Warning = apps.get_model("projects", "Warning")
    checks = dict(
        ChannelCheck.objects.filter(ledger_item__isnull=False).values_list("ledger_item_id", "pk")
    )
    items = LedgerItem.objects.filter(source__in=["channel_check", "warning"]).order_by("pk")
    for item in items.values():
        row = {name: item[name] for name in SAME}
        row["state"] = row["state"] if row["state"] in ("open", "rectified", "closed") else "open"
        Finding.objects.create(id=item["id"], channel_check_id=checks.get(item["id"]), **row)
    ChannelCheck.objects.update(ledger_item=None)
    ids = list(items.values_list("pk", flat=True))
    apps.get_model("campaigns", "LedgerHistory").objects.filter(item_id__in=ids).delete()
    LedgerItem.objects.filter(pk__in=ids).delete()
    for warning in Warning.objects.filter(outcome_url__startswith=NEW_URL):
        warning.outcome_url = OLD_URL + warning.outcome_url[len(NEW_URL) :]
        warning.save(update_fields=["outcome_url"])


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0001_initial"),
        ("inspections", "0002_finding_from_warning"),
    ]

    operations = [
        migrations.AddField(
            model_name="channelcheck",
            name="ledger_item",
            field=models.OneToOneField(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="channel_check",
                to="campaigns.ledgeritem",
                verbose_name="问题台账",
            ),
        ),
        migrations.RunPython(copy_findings, copy_back),
    ]
