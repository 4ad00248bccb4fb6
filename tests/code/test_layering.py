"""Dependencies go one way: org ← plans ← progress ← reports ← assessment, with the shared modules (app/documents
among them) below every domain; no import cycle; imports at the top (ruff, ruff.toml). Read from the
source, imports inside functions included."""
import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app"
DOMAINS = ("org", "plans", "progress", "reports", "assessment")


def module_name(path: Path) -> str:
    parts = ["app", *path.relative_to(APP).with_suffix("").parts]
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(p): p for p in APP.rglob("*.py")}


def imports_of(package: str = "") -> dict[str, set[str]]:
    """Module file → the app modules it imports (relative imports resolved; ``from x import y`` is
    module ``x.y`` if there is one, else ``x``)."""
    found = {}
    for path in (APP / package).rglob("*.py"):
        parts = module_name(path).split(".")
        names = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                base = parts[:len(parts) - node.level + (path.name == "__init__.py")] if node.level else []
                module = ".".join([*base, *(node.module.split(".") if node.module else [])])
                names.update(f"{module}.{a.name}" if f"{module}.{a.name}" in MODULES else module
                             for a in node.names)
            elif isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
        found[str(path.relative_to(APP))] = {n for n in names if n in MODULES}
    return found


@pytest.mark.parametrize(("package", "higher"), [
    ("org", ("app.plans", "app.progress", "app.reports", "app.assessment")),
    ("plans", ("app.progress", "app.reports", "app.assessment")),
    ("progress", ("app.reports", "app.assessment")),
    ("reports", ("app.assessment",)),
    ("documents", ("app.org", "app.plans", "app.progress", "app.reports", "app.assessment")),
])
def test_a_lower_layer_never_imports_a_higher_one(package, higher):
    reaching_up = {path: sorted(n for n in names if n.startswith(higher))
                   for path, names in imports_of(package).items()}
    assert {path: names for path, names in reaching_up.items() if names} == {}


# The shared modules that import a domain, each for a reason its docstring states: the policy
# decides about the domains' objects, maintenance keeps the evidence files, demo loads every domain
# through its services, and the wiring (app/__init__.py, cli.py, models.py, main/) assembles them.
SHARED_IMPORTING_DOMAINS = {
    "__init__.py", "cli.py", "models.py", "permissions.py", "maintenance.py",
    "main/__init__.py", "main/routes.py", "demo/__init__.py", "demo/progress.py", "demo/reports.py",
    "demo/index_framework.py", "demo/index_links.py", "demo/index_scores.py",
}


def test_shared_modules_import_a_domain_only_where_stated():
    domains = tuple(f"app.{d}" for d in DOMAINS)
    importing = {path for path, names in imports_of().items()
                 if not path.startswith(DOMAINS) and any(n.startswith(domains) for n in names)}
    assert importing <= SHARED_IMPORTING_DOMAINS


def test_no_import_cycle():
    """Among app modules (a package's ``__init__`` counts: a route module importing its package's
    ``bp`` while the package imports it is a cycle; the blueprint lives in routes/common.py)."""
    imports = imports_of()
    graph = {m: imports[str(path.relative_to(APP))] - {m} for m, path in MODULES.items()}
    cycles, seen = [], set()
    for start in sorted(graph):  # a path back to itself from each module (depth-first)
        stack, visited = [(start, [start])], set()
        while stack:
            node, path = stack.pop()
            for nxt in sorted(graph[node]):
                if nxt == start:
                    key = frozenset(path)
                    if key not in seen:
                        seen.add(key)
                        cycles.append(" → ".join([*path, start]))
                elif nxt not in visited:
                    visited.add(nxt)
                    stack.append((nxt, [*path, nxt]))
    assert cycles == []


def test_lint_finds_nothing():
    """ruff.toml's rules: no import inside a function but the heavy optional libraries marked
    ``# noqa: PLC0415``, no unused import or name."""
    ruff = Path(sys.executable).with_name("ruff")
    result = subprocess.run([str(ruff), "check", "--no-cache", "app", "wsgi.py"], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
