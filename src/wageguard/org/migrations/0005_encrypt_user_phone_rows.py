"""Encrypts the rows written before 0004_encrypt_user_phone in place (core.crypto), in batches of one
transaction each: not atomic, so a run cut short on a large table resumes where it stopped (rows
already encrypted are skipped), and PostgreSQL never alters a table with updates pending."""

from django.db import migrations

from wageguard.core.crypto import migrate_column


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("org", "0004_encrypt_user_phone"),
    ]

    operations = [
        migrations.RunPython(*migrate_column("org_user", "phone")),
    ]
