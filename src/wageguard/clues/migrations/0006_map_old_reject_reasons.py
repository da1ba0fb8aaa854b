"""Refusals made under the old reasons (issue 9): Order 25 art. 18 gives a request to supplement
(no employer, incomplete material) or a notice where to go (another body's matter, another
bureau's jurisdiction) instead of 不予受理. Clues still open on such a refusal (state rejected,
not closed) are moved to the answer the article gives, with a public history line saying why;
closed clues keep their stored reason, shown under its old name (rules.LEGACY_REJECT_REASONS)."""

from django.db import migrations
from django.utils import timezone

TO_SUPPLEMENT = {"no_employer": "employer", "supplement": "material"}
TO_REDIRECT = {"no_jurisdiction": "other_bureau", "not_wage_matter": "not_labour_matter"}
NOTE = "依《关于实施〈劳动保障监察条例〉若干规定》更正：原“不予受理”（{old}）改为{new}。"


def forward(apps, schema_editor):
    Clue = apps.get_model("clues", "Clue")
    ClueHistory = apps.get_model("clues", "ClueHistory")
    now = timezone.now()
    for clue in Clue.objects.filter(state="rejected", outcome__in=[*TO_SUPPLEMENT, *TO_REDIRECT]):
        old = clue.outcome
        if old in TO_SUPPLEMENT:
            clue.state = "awaiting_supplement"
            clue.supplement_missing = TO_SUPPLEMENT[old]
            clue.supplement_detail = clue.reply_text
            clue.supplement_requested_at = clue.replied_at or now
            clue.outcome = ""
            # The complainant now has a supplement to make, not a refusal to read.
            clue.replied_at = clue.replied_on = None
            clue.due_date, clue.due_provisional = None, False
            new = "告知补正"
        else:
            clue.state = "redirected"
            clue.redirect_kind = TO_REDIRECT[old]
            clue.outcome = TO_REDIRECT[old]
            new = "告知向有关部门提出"
        clue.save()
        ClueHistory.objects.create(
            clue=clue,
            at=now,
            action="migrate_answer",
            from_state="rejected",
            to_state=clue.state,
            note=NOTE.format(old=old, new=new),
            data={"old_reason": old},
            public=True,
        )


def backward(apps, schema_editor):
    ClueHistory = apps.get_model("clues", "ClueHistory")
    rows = ClueHistory.objects.filter(action="migrate_answer").select_related("clue")
    for row in rows:
        clue = row.clue
        if clue.state != row.to_state:
            continue  # acted on since: leave it
        clue.state, clue.outcome = "rejected", row.data.get("old_reason", "")
        if clue.replied_at is None:
            clue.replied_at = clue.supplement_requested_at
            clue.replied_on = (
                timezone.localtime(clue.replied_at).date() if clue.replied_at else None
            )
        clue.save()
    rows.delete()


class Migration(migrations.Migration):
    dependencies = [("clues", "0005_complaint_answers_and_filing")]

    operations = [migrations.RunPython(forward, backward)]
