"""Production settings come from the environment and pass Django's deploy checklist."""

from __future__ import annotations

import os
import subprocess
import sys


def run(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603  (our own command line)
        [sys.executable, "-m", "jetpm.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_is_clean_with_production_environment(tmp_path):
    env = {
        **os.environ,
        "JETPM_SECRET_KEY": "x" * 20 + "9f8e7d6c5b4a3928171615141312111009-prod-key",
        "JETPM_ALLOWED_HOSTS": "jetpm.example.go.jp",
        "JETPM_BASE_URL": "https://jetpm.example.go.jp",
        "JETPM_REQUIRE_TOTP_FOR_STAFF": "1",
        "JETPM_HTTPS": "1",
        "JETPM_DEBUG": "0",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}",
    }
    result = run("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_warns_without_them(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("JETPM_")}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'x.sqlite3'}"
    result = run("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stdout + result.stderr
    assert "JETPM_BASE_URL" in result.stdout + result.stderr


def test_database_url_selects_the_database(tmp_path):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'chosen.sqlite3'}"}
    result = run(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.DATABASES['default']['NAME'])",
        env=env,
    )
    assert result.stdout.strip().endswith("chosen.sqlite3"), result.stderr


def test_api_token_max_days_must_be_at_least_one_day(tmp_path):
    env = {
        **os.environ,
        "JETPM_API_TOKEN_MAX_DAYS": "0",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}",
    }
    result = run("check", env=env)
    assert result.returncode != 0
    assert "JETPM_API_TOKEN_MAX_DAYS must be at least 1, not 0" in result.stderr
