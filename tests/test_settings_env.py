import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import database_from_url, envbool, envint

BASE = Path(__file__).resolve().parent.parent


def test_sqlite_url_is_relative_to_the_project():
    assert database_from_url("sqlite:///db.sqlite3", base_dir=BASE)["NAME"] == str(BASE / "db.sqlite3")


def test_postgres_url_keeps_connections_healthy():
    config = database_from_url("postgres://u:p%40ss@db.example:6543/peyman?sslmode=require", base_dir=BASE)
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["USER"], config["PASSWORD"], config["HOST"], config["PORT"]) == ("u", "p@ss", "db.example", "6543")
    assert config["OPTIONS"] == {"sslmode": "require"}
    assert config["CONN_HEALTH_CHECKS"] is True


@pytest.mark.parametrize("url", ["mysql://x/y", "postgres://host/", "sqlite://", "nonsense"])
def test_bad_database_urls_stop_start_up(url):
    with pytest.raises(ImproperlyConfigured):
        database_from_url(url, base_dir=BASE)


def test_bad_booleans_and_numbers_are_refused(monkeypatch):
    monkeypatch.setenv("SOME_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="SOME_FLAG"):
        envbool("SOME_FLAG", False)
    monkeypatch.setenv("SOME_NUMBER", "ten")
    with pytest.raises(ImproperlyConfigured, match="SOME_NUMBER"):
        envint("SOME_NUMBER", 1)


def _manage(*args, **env):
    base_env = {"PATH": "/usr/bin:/bin", "HOME": "/tmp"}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=BASE, env={**base_env, **env}, capture_output=True, text=True
    )


def test_production_settings_need_a_secret_key():
    result = _manage("check", DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


@pytest.mark.parametrize(
    "env, variable",
    [
        ({"DEBUG": "false"}, "SECRET_KEY"),
        ({"DEBUG": "true", "DATABASE_URL": "postgres://nowhere"}, "DATABASE_URL"),
        ({"DEBUG": "true", "PEYMAN_PAGE_CACHE_SECONDS": "soon"}, "PEYMAN_PAGE_CACHE_SECONDS"),
        ({"DEBUG": "maybe"}, "DEBUG"),
    ],
)
def test_a_configuration_error_is_one_line_naming_the_variable_in_manage_py_and_gunicorn(env, variable):
    gunicorn = [str(Path(sys.executable).parent / "gunicorn"), "config.wsgi", "--bind", "127.0.0.1:0"]
    for command in ([sys.executable, "manage.py", "check"], gunicorn):
        result = subprocess.run(
            command, cwd=BASE, env={"PATH": "/usr/bin:/bin", "HOME": "/tmp", **env}, capture_output=True, text=True
        )
        assert result.returncode == 2, (command[1], result.stderr[-2000:])
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("Peyman cannot start: "), (command[1], lines[-5:])
        assert variable in lines[0], lines[0]


def test_production_settings_pass_the_deploy_check():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="false",
        SECRET_KEY="k" * 20 + "-a-long-random-production-secret-0123456789",
        ALLOWED_HOSTS="peyman.example",
        DATABASE_URL="sqlite:////tmp/peyman-deploy-check.sqlite3",
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_a_bad_time_zone_stops_start_up():
    result = _manage("check", DEBUG="true", TIME_ZONE="Mars/Olympus")
    assert result.returncode != 0
    assert "TIME_ZONE" in result.stderr


def test_production_static_files_collect_and_are_fingerprinted(tmp_path):
    """Manifest storage fails the deploy on a CSS url() to a missing file; catch that here."""
    result = _manage(
        "collectstatic",
        "--noinput",
        DEBUG="false",
        SECRET_KEY="k" * 50,
        ALLOWED_HOSTS="peyman.example",
        STATIC_ROOT=str(tmp_path),
        DATABASE_URL="sqlite:////tmp/peyman-deploy-check.sqlite3",
    )
    assert result.returncode == 0, result.stderr
    manifest = (tmp_path / "staticfiles.json").read_text()
    assert "css/peyman.css" in manifest
    assert "vendor/vazirmatn/fonts/webfonts/Vazirmatn-Regular.woff2" in manifest


@pytest.mark.parametrize(
    ("green", "amber", "message"),
    [
        ("30", "70", "PEYMAN_RAG_AMBER_PERCENT=70 must be below PEYMAN_RAG_GREEN_PERCENT=30"),
        ("50", "50", "PEYMAN_RAG_AMBER_PERCENT=50 must be below"),
        ("120", "30", "PEYMAN_RAG_GREEN_PERCENT=120 is above the maximum of 100"),
    ],
)
def test_contradictory_rag_thresholds_stop_start_up(green, amber, message):
    result = _manage("check", DEBUG="true", PEYMAN_RAG_GREEN_PERCENT=green, PEYMAN_RAG_AMBER_PERCENT=amber)
    assert result.returncode != 0
    assert message in result.stderr


def test_a_log_line_is_printed_once_in_debug():
    code = (
        "import django, logging; django.setup(); "
        "logging.getLogger('django.request').warning('one line please'); "
        "logging.getLogger('peyman.errors').warning('and this one')"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE,
        env={"PATH": "/usr/bin:/bin", "HOME": "/tmp", "DEBUG": "true", "DJANGO_SETTINGS_MODULE": "config.settings"},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("one line please") == 1
    assert result.stderr.count("and this one") == 1
