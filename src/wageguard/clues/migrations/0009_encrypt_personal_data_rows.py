"""Encrypts the rows written before 0008_encrypt_personal_data in place (core.crypto), in batches of one
transaction each: not atomic, so a run cut short on a large table resumes where it stopped (rows
already encrypted are skipped), and PostgreSQL never alters a table with updates pending."""

from django.db import migrations

from wageguard.core.crypto import migrate_column


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("clues", "0008_encrypt_personal_data"),
    ]

    operations = [
        migrations.RunPython(
            *migrate_column("clues_clue", "id_number", "id_number_hash", "id_number")
        ),
        migrations.RunPython(*migrate_column("clues_clue", "phone", "phone_hash", "mobile")),
        migrations.RunPython(*migrate_column("clues_arrearsline", "id_number")),
        migrations.RunPython(*migrate_column("clues_message", "phone")),
    ]
