"""Messages stored before the SMS record kept only the redacted text still hold tracking secrets
in clear; redact them in place, a batch at a time (issue 10, finding 9)."""

import re

from django.db import migrations

_SECRET = re.compile(r"(查询密码\s*)[0-9A-Z]{8}")


def redact(apps, schema_editor):
    Message = apps.get_model("clues", "Message")
    rows = Message.objects.filter(text__contains="查询密码").only("pk", "text")
    batch = []
    for message in rows.iterator(chunk_size=2000):
        clean = _SECRET.sub(r"\1********", message.text)
        if clean != message.text:
            message.text = clean
            batch.append(message)
        if len(batch) >= 2000:
            Message.objects.bulk_update(batch, ["text"])
            batch = []
    if batch:
        Message.objects.bulk_update(batch, ["text"])


class Migration(migrations.Migration):
    dependencies = [("clues", "0003_partial_indexes")]

    operations = [migrations.RunPython(redact, migrations.RunPython.noop)]
