"""Production posture: check --deploy is clean, every response carries the security headers, no inline code."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

PRODUCTION_ENV = {
    "DJANGO_SECRET_KEY": "a-long-random-production-key-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFG",
    "DJANGO_ALLOWED_HOSTS": "shortscience.example.org",
    "DATABASE_URL": "sqlite:///:memory:",
}


def run_manage(*args, env_overrides):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(env_overrides)
    env["DJANGO_SETTINGS_MODULE"] = "shortscience.settings"
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=REPO, env=env, capture_output=True, text=True, timeout=120
    )


def test_production_settings_pass_check_deploy_without_a_warning():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env_overrides=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = dict(PRODUCTION_ENV)
    del env["DJANGO_SECRET_KEY"]
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env_overrides=env)
    assert result.returncode != 0 and "security.W009" in result.stderr  # so `make serve` stops before gunicorn
    server = subprocess.run(
        [sys.executable, "-c", "import shortscience.wsgi"], cwd=REPO, capture_output=True, text=True, timeout=120,
        env={**{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}, **env},
    )
    assert server.returncode != 0 and "DJANGO_SECRET_KEY is not set" in server.stderr


def test_commands_that_sign_nothing_run_without_a_secret_key():
    env = dict(PRODUCTION_ENV)
    del env["DJANGO_SECRET_KEY"]
    result = run_manage("makemigrations", "--check", "--dry-run", env_overrides=env)
    assert result.returncode == 0 and "No changes detected" in result.stdout, result.stderr


@pytest.mark.django_db
def test_every_page_carries_the_security_headers(client, nips2018, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    response = client.get("/venues/nips/", secure=True)
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "style-src 'self'" in csp
    assert "unsafe-inline" not in csp and "object-src 'none'" in csp and "frame-ancestors 'none'" in csp
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    not_found = client.get("/no-such-page/", secure=True)
    assert not_found.status_code == 404 and "Content-Security-Policy" in not_found


INLINE_CODE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I), "inline <script>"),
    (re.compile(r"<style\b", re.I), "<style> element"),
    (re.compile(r"\sstyle\s*=", re.I), "style attribute"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "event handler attribute"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
]


@pytest.mark.parametrize("template", sorted(p.relative_to(REPO) for p in (REPO / "templates").rglob("*.html")),
                         ids=str)
def test_templates_carry_no_inline_script_or_style(template):
    """The CSP forbids inline code; a template that relied on it would break silently in browsers."""
    text = (REPO / template).read_text(encoding="utf-8")
    for pattern, what in INLINE_CODE:
        assert not pattern.search(text), f"{template} has an {what}"


def test_the_site_policy_built_once_is_django_csps_and_views_can_still_change_theirs(rf, settings):
    from csp.decorators import csp_update
    from csp.middleware import CSPMiddleware
    from django.http import HttpResponse

    from infra.middleware import SitePolicyCSPMiddleware

    def plain(request):
        return HttpResponse("ok")

    def both(view, request):
        return [middleware(view)(request)["Content-Security-Policy"]
                for middleware in (SitePolicyCSPMiddleware, CSPMiddleware)]

    ours, django_csps = both(plain, rf.get("/"))
    assert ours == django_csps and "frame-ancestors 'none'" in ours
    ours, django_csps = both(csp_update({"img-src": ["https://images.example"]})(plain), rf.get("/"))
    assert ours == django_csps and "https://images.example" in ours

    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["'none'"]}}
    assert both(plain, rf.get("/")) == ["default-src 'none'"] * 2  # a settings change is not hidden by the memo
