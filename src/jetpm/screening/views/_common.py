"""Helpers of screening's pages."""

from __future__ import annotations

from django.http import HttpResponse, HttpResponseNotAllowed

from jetpm.core.http import AuthedRequest


def post_only(request: AuthedRequest) -> HttpResponse | None:
    """POST-only pages look their record up first (404 out of scope), then refuse other methods."""
    return None if request.method == "POST" else HttpResponseNotAllowed(["POST"])
