"""The register of listed supervision (挂牌督办): report-back, review and closing, daily reminders,
and one open listing per clue and level. Duplicates a repeated submit made before are closed
first (the earliest listing of each clue and level stays open), so the constraint can be added."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def close_duplicate_listings(apps, schema_editor):
    Supervision = apps.get_model("clues", "Supervision")
    seen = set()
    rows = Supervision.objects.filter(kind="listed").order_by(
        "clue_id", "level", "created_at", "id"
    )
    for row in rows.iterator():
        key = (row.clue_id, row.level)
        if key in seen:
            Supervision.objects.filter(pk=row.pk).update(
                closed_at=row.created_at, review_note="重复挂牌，已自动销号"
            )
        seen.add(key)


class Migration(migrations.Migration):
    dependencies = [
        ("clues", "0011_kpi_overdue_index"),
        ("org", "0006_sasac_department_role"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="SupervisionReminder",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("day", models.DateField()),
                (
                    "kind",
                    models.CharField(
                        choices=[("before", "临期提醒"), ("overdue", "逾期催报")], max_length=8
                    ),
                ),
                ("sent", models.PositiveSmallIntegerField(default=0)),
            ],
        ),
        migrations.AddField(
            model_name="supervision",
            name="closed_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="销号时间"),
        ),
        migrations.AddField(
            model_name="supervision",
            name="closed_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="supervision",
            name="due_by_default",
            field=models.BooleanField(default=True, verbose_name="期限为默认值"),
        ),
        migrations.AddField(
            model_name="supervision",
            name="reported_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="supervision",
            name="returned_count",
            field=models.PositiveSmallIntegerField(default=0, verbose_name="退回重报次数"),
        ),
        migrations.AddField(
            model_name="supervision",
            name="review_note",
            field=models.TextField(blank=True, verbose_name="审核意见"),
        ),
        migrations.AlterField(
            model_name="supervision",
            name="by_agency",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="org.agency",
                verbose_name="督办机构",
            ),
        ),
        migrations.AlterField(
            model_name="supervision",
            name="due_date",
            field=models.DateField(blank=True, null=True, verbose_name="督办期限"),
        ),
        migrations.AlterField(
            model_name="supervision",
            name="level",
            field=models.CharField(
                choices=[("province", "省级"), ("city", "地级"), ("county", "县级")],
                max_length=8,
                verbose_name="督办层级",
            ),
        ),
        migrations.AlterField(
            model_name="supervision",
            name="note",
            field=models.TextField(blank=True, verbose_name="督办要求"),
        ),
        migrations.AlterField(
            model_name="supervision",
            name="reported_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="报告时间"),
        ),
        migrations.AddIndex(
            model_name="supervision",
            index=models.Index(fields=["kind", "due_date", "id"], name="supervision_kind_due"),
        ),
        migrations.RunPython(close_duplicate_listings, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="supervision",
            constraint=models.UniqueConstraint(
                condition=models.Q(("closed_at__isnull", True), ("kind", "listed")),
                fields=("clue", "level"),
                name="uniq_clue_open_listing",
                violation_error_message="本级已对该线索挂牌督办，销号前不能重复挂牌",
            ),
        ),
        migrations.AddField(
            model_name="supervisionreminder",
            name="supervision",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="reminders",
                to="clues.supervision",
            ),
        ),
        migrations.AddConstraint(
            model_name="supervisionreminder",
            constraint=models.UniqueConstraint(
                fields=("supervision", "day"), name="uniq_supervision_reminder_day"
            ),
        ),
    ]
