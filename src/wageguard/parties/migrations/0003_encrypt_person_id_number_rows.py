"""Encrypts the rows written before 0002_encrypt_person_id_number in place (core.crypto), in batches of one
transaction each: not atomic, so a run cut short on a large table resumes where it stopped (rows
already encrypted are skipped), and PostgreSQL never alters a table with updates pending."""

from django.db import migrations

from wageguard.core.crypto import migrate_column


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("parties", "0002_encrypt_person_id_number"),
    ]

    operations = [
        migrations.RunPython(
            *migrate_column("parties_person", "id_number", "id_number_hash", "id_number")
        ),
    ]
