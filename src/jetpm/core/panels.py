"""Sections that a later stage adds to an earlier stage's record page, so that the earlier stage imports
nothing of the later one (the layers): the evaluation's findings shown on next year's draft guideline, say.

A later app registers a renderer for a model in its AppConfig.ready (``record_panel("planning.Guideline")``);
the page draws every renderer's HTML with the template tag ``{% record_panels obj %}`` (core's ``jetpm``
tags). A renderer receives the request and the record and returns HTML ("" when it has nothing to show the
user); it reads through its own scoped selectors."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest

Renderer = Callable[[HttpRequest, Any], str]
_PANELS: dict[str, list[Renderer]] = {}


def record_panel(model_label: str) -> Callable[[Renderer], Renderer]:
    def register(fn: Renderer) -> Renderer:
        renderers = _PANELS.setdefault(model_label, [])
        if not any(r.__module__ == fn.__module__ and r.__qualname__ == fn.__qualname__ for r in renderers):
            renderers.append(fn)  # ready() may run twice in tests
        return fn

    return register


def panels_for(request: HttpRequest, obj: Any) -> list[str]:
    return [html for fn in _PANELS.get(obj._meta.label, []) if (html := fn(request, obj))]
