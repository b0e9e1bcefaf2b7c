"""Loading at start what a process's first requests would load (core/warmup.py, called by jetpm.wsgi)."""

from __future__ import annotations

import gc

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


def test_warm_up_leaves_no_database_connection_open():
    from django.db import connections

    try:
        warmup.warm_up()
    finally:
        gc.unfreeze()
    assert all(c.connection is None for c in connections.all())
