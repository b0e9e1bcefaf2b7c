"""Loading at start what Django otherwise loads on a process's first requests.

Django imports the URL configuration (every app's views, forms and the API's schemas), reads the translation
catalogues and compiles each template the first time a request needs them, in every process: about a second
of CPU for the first request of each app-server worker and tens of milliseconds for the first use of each
page. Under the deadline rush all workers start cold at once and every request queues behind those seconds
(docs/benchmarks.md). :func:`warm_up` does it when the app is loaded (``jetpm.wsgi``), so a worker is ready
when it takes its first request, and with gunicorn's ``--preload`` it is done once, in the master, before the
workers are forked.
"""

from __future__ import annotations

import gc
from pathlib import Path
from typing import cast

from django.apps import apps
from django.conf import settings
from django.db import connections
from django.forms.renderers import get_default_renderer
from django.template import TemplateDoesNotExist, TemplateSyntaxError, engines
from django.urls import URLResolver, get_resolver
from django.utils import translation
from django.utils.translation import trans_real

FORM_TEMPLATE_DIRS = ("django/forms", "django/forms/widgets", "django/forms/errors/list")


def warm_up() -> dict[str, int]:
    """Import the URL configuration, load the catalogues and compile the project's and the forms' templates.
    Returns what was loaded (for the log and the test). No database is touched, and any connection a module
    opened on import is closed, so a forked worker never shares one with its parent."""
    resolver = get_resolver()
    patterns = 0
    for code, _name in settings.LANGUAGES:
        trans_real.translation(code)
        with translation.override(code):  # the patterns' expressions and the reverse table are per language
            patterns = _compile_patterns(resolver)
            _ = resolver.reverse_dict
    compiled = 0
    engine = engines["django"]
    for name in _project_templates():
        compiled += _compile(engine, name)
    renderer = get_default_renderer()
    for name in _form_templates():
        try:
            renderer.get_template(name)
            compiled += 1
        except TemplateDoesNotExist:
            continue
    connections.close_all()
    # the objects loaded so far live as long as the process: the collector need not scan them again (and a
    # forked worker's pages of them stay shared with the master)
    gc.freeze()
    return {"url_patterns": patterns, "templates": compiled}


def _compile_patterns(resolver: URLResolver) -> int:
    """Compile the regular expression of every URL pattern, in the active language; return how many."""
    n = 0
    for pattern in resolver.url_patterns:
        _ = pattern.pattern.regex
        n += 1
        if isinstance(pattern, URLResolver):
            n += _compile_patterns(pattern)
    return n


def _compile(engine: object, name: str) -> int:
    try:
        engine.get_template(name)  # type: ignore[attr-defined]
    except (TemplateDoesNotExist, TemplateSyntaxError, UnicodeDecodeError):
        return 0  # a partial that only compiles in its includer's context, or not a template: left to its use
    return 1


def _project_templates() -> list[str]:
    """The names of the templates of the project's own apps and of its templates folder."""
    roots = [Path(d) for d in cast(list[str], settings.TEMPLATES[0]["DIRS"])]
    roots += [Path(c.path) / "templates" for c in apps.get_app_configs() if c.name.startswith("jetpm.")]
    names: list[str] = []
    for root in roots:
        if root.is_dir():
            names += sorted(str(p.relative_to(root)) for p in root.rglob("*.html"))
    return names


def _form_templates() -> list[str]:
    """The form and widget templates of Django's form renderer."""
    import django

    base = Path(django.__file__).parent / "forms" / "templates"
    return [
        str(p.relative_to(base))
        for folder in FORM_TEMPLATE_DIRS
        for p in sorted((base / folder).glob("*.html"))
    ]
