"""The Nu HTML Checker (npm `vnu-jar`, run on Java): one run over a folder of pages, errors grouped by page."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

VNU_JAR = Path(__file__).resolve().parents[2] / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def java_command():
    """java and the checker's jar, or a loud failure saying what `make install-test` would have installed."""
    java = shutil.which("java")
    if java is None:
        pytest.fail("java is missing: `make install-test` installs Debian's default-jre-headless (never skipped)")
    if not VNU_JAR.exists():
        pytest.fail(f"{VNU_JAR} is missing: run `make install-test` (npm ci installs vnu-jar)")
    return [java, "-jar", str(VNU_JAR)]


def html_errors(folder: Path) -> dict[str, list[str]]:
    """Every error (not warning) the checker finds in the .html files of `folder`, by file name.

    Java starts in about a second and the checker loads its schemas once: all pages go in one run.
    """
    result = subprocess.run(
        [*java_command(), "--errors-only", "--skip-non-html", "--format", "json", "--stdout", "--exit-zero-always",
         str(folder)],
        capture_output=True, text=True, timeout=600, check=False,
    )
    if result.returncode != 0:
        pytest.fail(f"the HTML checker did not run (exit {result.returncode}):\n{result.stderr[-2000:]}")
    errors: dict[str, list[str]] = {}
    for message in json.loads(result.stdout or '{"messages": []}')["messages"]:
        if message.get("type") not in ("error", "non-document-error"):
            continue
        name = Path(message.get("url", "?")).name
        where = f"line {message['lastLine']}" if "lastLine" in message else "document"
        extract = " ".join(message.get("extract", "").split())[:160]
        errors.setdefault(name, []).append(f"{where}: {message['message']}" + (f"\n      {extract}" if extract else ""))
    return errors
