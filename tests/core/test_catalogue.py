"""The English catalogue stays complete: every string the code marks has an English text.

New strings arrive with every feature and the UI silently falls back to Chinese when they are not
translated, so the suite refreshes the catalogue the way a developer does (`makemessages`, on a
copy of the source so the repository is never written) and names every msgid without a usable
English text. The committed file is also compiled and an English page is read back.
"""

import ast
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command

import wageguard

PACKAGE = Path(wageguard.__file__).parent
PO = PACKAGE / "locale" / "en" / "LC_MESSAGES" / "django.po"

needs_gettext = pytest.mark.skipif(
    not all(shutil.which(tool) for tool in ("xgettext", "msgmerge", "msgfmt", "msgattrib")),
    reason="GNU gettext is not installed (apt-get install gettext)",
)


def _entries(po: Path, *flags: str) -> list[str]:
    """The msgids (with their context) msgattrib selects, e.g. `--untranslated`, `--only-fuzzy`."""
    out = subprocess.run(
        ["msgattrib", *flags, "--no-obsolete", "--no-wrap", "--no-location", str(po)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    found, context = [], ""
    for line in out.splitlines():
        if line.startswith("msgctxt "):
            context = ast.literal_eval(line[8:]) + " | "
        elif line.startswith("msgid "):
            msgid = ast.literal_eval(line[6:])
            if msgid:  # the header
                found.append(context + msgid)
            context = ""
    return found


def _problems(po: Path) -> list[str]:
    return [f"untranslated: {m}" for m in _entries(po, "--untranslated")] + [
        f"fuzzy: {m}" for m in _entries(po, "--only-fuzzy")
    ]


@needs_gettext
def test_committed_catalogue_has_an_english_text_for_every_entry_and_compiles(tmp_path):
    assert _problems(PO) == []
    mo = tmp_path / "django.mo"
    subprocess.run(
        ["msgfmt", "--check-format", "--check-header", "-o", str(mo), str(PO)], check=True
    )
    assert mo.stat().st_size > 0


@needs_gettext
def test_makemessages_finds_no_string_without_english(tmp_path, monkeypatch, settings):
    """Runs the project's makemessages (which also extracts `_l`) on a copy of the package."""
    source = tmp_path / "wageguard"
    shutil.copytree(
        PACKAGE,
        source,
        ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.mo", "static"),
    )
    settings.LOCALE_PATHS = [source / "locale"]
    monkeypatch.chdir(source)
    call_command("makemessages", locale=["en"], no_obsolete=True, verbosity=0)

    refreshed = source / "locale" / "en" / "LC_MESSAGES" / "django.po"
    problems = _problems(refreshed)
    assert not problems, (
        "Strings without English; run makemessages in src/wageguard and translate them:\n  "
        + "\n  ".join(problems)
    )


@needs_gettext
@pytest.mark.django_db
def test_case_page_reads_in_english(client, make_user, tmp_path, settings):
    """The compiled catalogue, chosen by the language cookie, turns the case page into English,
    action labels in their own context included."""
    from tests import factories
    from wageguard.org.rules import Role

    messages = tmp_path / "en" / "LC_MESSAGES"
    messages.mkdir(parents=True)
    subprocess.run(["msgfmt", "-o", str(messages / "django.mo"), str(PO)], check=True)
    settings.LOCALE_PATHS = [tmp_path]

    inspector = make_user("wuhou-inspector", Role.INSPECTOR, "510107")
    case = factories.case(inspector, "成都标记劳务有限公司", [factories.worker("王五", "25000", 4)])
    client.force_login(inspector)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    body = client.get(f"/cases/{case.pk}/").content.decode()

    assert '<html lang="en"' in body
    for english in ("Case ledger", "Workers owed wages", "Start investigation", "Filing date"):
        assert english in body
    for chinese in ("案件台账", "欠薪劳动者", "开始调查", "立案日期"):
        assert chinese not in body
