"""Messages a user reads go through gettext (issue 8): no Chinese literal is passed to
ValidationError, ApiError, PermissionDenied or Throttled in the clue and credit apps outside `_()`.
Texts kept Chinese on purpose (SMS, the stored record) are not passed to these exceptions."""

import ast
import re
from pathlib import Path

import pytest

import wageguard

ROOT = Path(wageguard.__file__).parent
APPS = ("clues", "credit")
RAISED = {"ValidationError", "ApiError", "PermissionDenied", "Throttled"}
GETTEXT = {"_", "_l", "gettext", "gettext_lazy", "pgettext", "pgettext_lazy", "format_lazy"}
HAN = re.compile(r"[\u4e00-\u9fff]")


def _name(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def _bare_chinese(node: ast.AST) -> list[str]:
    """Chinese string literals under `node` that no gettext call wraps."""
    if isinstance(node, ast.Call) and _name(node.func) in GETTEXT:
        return []
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value] if HAN.search(node.value) else []
    found = []
    for child in ast.iter_child_nodes(node):
        found += _bare_chinese(child)
    return found


def _modules():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


@pytest.mark.parametrize("path", list(_modules()), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_bare_chinese_message_is_raised(path):
    tree = ast.parse(path.read_text(), filename=str(path))
    bare = [
        f"{path.name}:{node.lineno}: {text}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and _name(node.func) in RAISED
        for arg in [*node.args, *(k.value for k in node.keywords)]
        for text in _bare_chinese(arg)
    ]
    assert not bare, "\n".join(bare)
