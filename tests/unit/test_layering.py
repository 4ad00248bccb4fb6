"""Dependencies go one way: org ← plans ← progress ← reports, with the shared modules (app/documents
among them) below every domain. Read from the source, imports inside functions included."""
import ast
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parents[2] / "app"


def imports_of(package: str) -> dict[str, set[str]]:
    """Module file → the app modules it imports (relative imports resolved)."""
    found = {}
    for path in (APP / package).rglob("*.py"):
        parts = ["app", *path.relative_to(APP).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        names = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                base = parts[:len(parts) - node.level + (path.name == "__init__.py")] if node.level else []
                module = ".".join([*base, *(node.module.split(".") if node.module else [])])
                names.update([module] + [f"{module}.{alias.name}" for alias in node.names])
            elif isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
        found[str(path.relative_to(APP))] = {n for n in names if n.startswith("app.")}
    return found


@pytest.mark.parametrize(("package", "higher"), [
    ("plans", ("app.progress", "app.reports")),
    ("documents", ("app.org", "app.plans", "app.progress", "app.reports")),
])
def test_a_lower_layer_never_imports_a_higher_one(package, higher):
    reaching_up = {path: sorted(n for n in names if n.startswith(higher))
                   for path, names in imports_of(package).items()}
    assert {path: names for path, names in reaching_up.items() if names} == {}
