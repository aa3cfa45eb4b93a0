"""The shape of the code, as README "Architecture" describes it: the import contracts in pyproject.toml, modules
small enough to read in one sitting, and thin views."""

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APP_PACKAGES = ["shortscience", "bench", "readership", "claims", "accounts", "api", "importers", "search", "discussion",
                "notifications", "summaries", "papers", "pagecache", "infra", "people"]
MAX_MODULE_LINES = 400
MAX_VIEW_LINES = 30


def app_modules():
    for package in APP_PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def test_the_import_contracts_hold():
    # lint-imports, run by this interpreter (the same as `make lint`'s, whatever bin/ it lives in)
    script = "import sys; from importlinter.cli import lint_imports_command as c; sys.exit(c())"
    command = [sys.executable, "-c", script]
    result = subprocess.run([*command, "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_no_module_is_over_400_lines():
    too_long = {
        str(path.relative_to(ROOT)): n for path in app_modules()
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert too_long == {}


def view_functions(path):
    """Functions and methods of a views module, with their length in lines (decorators and docstring included)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            start = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            yield node.name, node.end_lineno - start + 1


def test_no_view_is_over_30_lines():
    views = [p for p in app_modules() if p.name == "views.py" or p.parent.name == "views"]
    assert len(views) >= 6  # the check looks at the views of every app
    too_long = {
        f"{path.relative_to(ROOT)}:{name}": lines for path in views for name, lines in view_functions(path)
        if lines > MAX_VIEW_LINES
    }
    assert too_long == {}
