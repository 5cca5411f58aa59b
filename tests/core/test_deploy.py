"""Production settings as deployed: HTTPS only, browser protections, no inline script."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "tochuc"


def _check_deploy(tmp_path, **env) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        # the browser tests set DJANGO_ALLOW_ASYNC_UNSAFE for this process, not a deployment
        if k not in ("TOCHUC_DEBUG", "TOCHUC_HTTPS", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    clean |= {"TOCHUC_VAR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "tochuc.settings", **env}
    return subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        env=clean,
        capture_output=True,
        text=True,
    )


def test_production_passes_djangos_deployment_checks(tmp_path):
    done = _check_deploy(tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr


def test_plain_http_is_a_choice_and_the_checks_say_so(tmp_path):
    done = _check_deploy(tmp_path, TOCHUC_HTTPS="0")
    assert done.returncode != 0
    for warning in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert warning in done.stderr + done.stdout


@pytest.mark.django_db
def test_pages_carry_a_content_security_policy(client, admin):
    client.force_login(admin)
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "object-src 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_no_template_carries_inline_script():
    # The policy would block it: behaviours go in static/tochuc/app.js, bound by data-*.
    handler = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
    inline = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")", re.I)
    found = []
    for template in SRC.rglob("templates/**/*.html"):
        text = template.read_text()
        if template.name == "bao-cao.html":  # the PDF's HTML, read by WeasyPrint only
            continue
        if handler.search(text) or inline.search(text):
            found.append(str(template.relative_to(SRC)))
    assert found == []
