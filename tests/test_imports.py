"""Every module of the package imports on its own (issue 8: `import wageguard.cases.api` once
failed in a fresh interpreter because it worked only after `urls.py` had imported the API).

One child interpreter sets Django up, then forks once per module, so each import starts from
the state a management command or a worker would have, without paying start-up 200 times."""

import os
import subprocess
import sys
from pathlib import Path

import wageguard

PACKAGE = Path(wageguard.__file__).parent

CHILD = r"""
import importlib, os, sys, traceback
import django
django.setup()
failed = []
for name in sys.stdin.read().split():
    pid = os.fork()
    if pid == 0:
        try:
            importlib.import_module(name)
        except BaseException:
            traceback.print_exc()
            os._exit(1)
        os._exit(0)
    _pid, status = os.waitpid(pid, 0)
    if status != 0:
        failed.append(name)
print("FAILED", *failed)
sys.exit(1 if failed else 0)
"""


def modules() -> list[str]:
    names = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        if "migrations" in parts or parts[-1] in {"wsgi", "asgi"}:
            continue
        names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


def test_every_module_imports_in_a_fresh_interpreter():
    names = modules()
    assert "wageguard.cases.api" in names and len(names) > 150
    env = {"DJANGO_SETTINGS_MODULE": "wageguard.settings", "WAGEGUARD_TESTING": "1"}
    done = subprocess.run(
        [sys.executable, "-c", CHILD],
        input="\n".join(names),
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        timeout=300,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-6000:]
