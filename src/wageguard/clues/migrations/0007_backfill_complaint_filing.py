"""Complaints accepted before issue 9 get the filing day the law gives them (Order 25 art. 18:
filed for investigation on the day accepted) and its investigation limit (Decree 423 art. 17),
so their clue pages show the limit and a case opened from them later counts from that day.
Cases already opened keep their own filing date (their records are not rewritten)."""

from django.db import migrations
from django.utils import timezone

COMPLAINTS = ["web", "hotline_12333", "window", "letter"]


def forward(apps, schema_editor):
    from wageguard.clues.rules import investigation_due

    Clue = apps.get_model("clues", "Clue")
    rows = Clue.objects.filter(
        channel__in=COMPLAINTS, accepted_at__isnull=False, filed_on__isnull=True
    )
    for clue in rows.iterator():
        filed_on = timezone.localtime(clue.accepted_at).date()
        limit = investigation_due(filed_on)
        Clue.objects.filter(pk=clue.pk).update(
            filed_on=filed_on,
            investigation_due=limit.date,
            investigation_due_provisional=limit.provisional,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("clues", "0006_map_old_reject_reasons"),
        ("core", "0001_initial"),
    ]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
