"""Loading at start what a process's first requests would load (core/warmup.py, called by jetpm.wsgi)."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
from pathlib import Path

from django.template import engines
from django.urls import get_resolver
from django.utils import translation

from jetpm.core import warmup


def test_warm_up_compiles_every_page_template_and_the_url_tables_of_both_languages():
    try:
        loaded = warmup.warm_up()
    finally:
        gc.unfreeze()
    names = warmup._project_templates()
    assert len(names) > 200 and "base.html" in names
    assert loaded["templates"] >= len(names) - 5  # a few partials only compile in their includer
    assert loaded["url_patterns"] > 30
    # the cached loader holds them: the login page's templates are not read again
    loader = engines["django"].engine.template_loaders[0]
    assert {"base.html", "registration/login.html"} <= set(loader.get_template_cache)
    resolver = get_resolver()
    for code in ("ja", "en"):
        with translation.override(code):
            assert code in resolver._reverse_dict


def test_warm_up_touches_no_database(tmp_path):
    """In a process of its own (as gunicorn's master before it forks): the database file is never opened."""
    db = tmp_path / "never-opened.sqlite3"
    code = (
        "import django; django.setup()\n"
        "from django.db import connections\n"
        "from jetpm.core.warmup import warm_up\n"
        "loaded = warm_up()\n"
        "assert loaded['templates'] > 200, loaded\n"
        "assert all(c.connection is None for c in connections.all())\n"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "jetpm.settings", "DATABASE_URL": f"sqlite:///{db}"}
    env["PYTHONPATH"] = os.pathsep.join([str(Path(__file__).resolve().parents[2] / "src"), *sys.path])
    done = subprocess.run(  # noqa: S603  (this interpreter, the code above)
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert not db.exists()
