"""One command runs every app's scheduled work (core.jobs); the old commands stay as aliases."""

import io

import pytest
from django.core.management import CommandError, call_command

from wageguard.core.jobs import JOBS
from wageguard.core.registry import Registry

pytestmark = pytest.mark.django_db


def test_each_app_registers_its_jobs_in_order():
    assert JOBS.names() == [
        "clues.escalate",
        "clues.listed-reminders",
        "clues.overview-snapshot",
        "cases.escalate",
        "projects.assess",
        "projects.warnings",
        "credit.expire",
        "credit.escalate",
        "campaigns.ledger-escalate",
        "campaigns.assignments",
        "dispatch.report-reminders",
        "dispatch.round-documents",
        "dispatch.kpi-daily",
        "cases.sweep-files",
        "portal.sweep-drafts",
        "audit.anchor",
    ]


def test_jobs_run_dry_runs_every_job(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)  # the sweep looks at this run's files only
    out = io.StringIO()
    call_command("jobs", "run", "--dry-run", stdout=out)
    text = out.getvalue()
    assert "[dry run] clues.escalate: reminders: 0" in text
    assert "[dry run] clues.listed-reminders: listed supervision reminders: 0" in text
    assert "[dry run] cases.escalate: reminders: 0" in text
    assert "[dry run] credit.expire: expired: 0" in text
    assert "[dry run] campaigns.assignments: assignment reminders: 0" in text
    assert "[dry run] dispatch.report-reminders: progress report reminders: 0" in text
    assert "[dry run] dispatch.round-documents: dispatch documents: 0" in text
    assert "[dry run] cases.sweep-files: removed: 0" in text
    assert "[dry run] projects.assess: projects assessed: 0" in text
    assert "[dry run] projects.warnings: projects to scan for warnings: 0" in text
    assert "[dry run] dispatch.kpi-daily: KPI days to compute: 0" in text


def test_only_runs_the_named_job_and_refuses_an_unknown_name():
    out = io.StringIO()
    call_command("jobs", "run", "--only", "credit.expire", stdout=out)
    assert out.getvalue().strip() == "credit.expire: expired: 0"
    with pytest.raises(CommandError, match="unknown job nope"):
        call_command("jobs", "run", "--only", "nope")


def test_jobs_list_names_the_schedule():
    out = io.StringIO()
    call_command("jobs", "list", stdout=out)
    assert "credit.expire\tdaily\t" in out.getvalue()


def test_a_name_registered_twice_is_refused():
    registry: Registry[int] = Registry("test")
    registry.register("a", 1)
    with pytest.raises(ValueError, match="registered twice"):
        registry.register("a", 2)


def test_jobs_run_can_skip_one(settings, tmp_path):
    """deploy/ runs the audit anchor as another user, so the app's timer skips it."""
    settings.MEDIA_ROOT = str(tmp_path)
    out = io.StringIO()
    call_command("jobs", "run", "--dry-run", "--skip", "audit.anchor", stdout=out)
    assert "audit.anchor" not in out.getvalue() and "credit.expire" in out.getvalue()
    with pytest.raises(CommandError, match="unknown job"):
        call_command("jobs", "run", "--skip", "nonsense")
