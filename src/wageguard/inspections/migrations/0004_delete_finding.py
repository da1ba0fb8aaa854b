"""Finding's rows live on as campaigns.LedgerItem (0003): the table goes."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("inspections", "0003_findings_into_ledger"),
    ]

    operations = [
        migrations.DeleteModel(name="Finding"),
    ]
