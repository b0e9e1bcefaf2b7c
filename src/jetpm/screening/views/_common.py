"""Helpers of screening's pages."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpResponse, HttpResponseNotAllowed

from jetpm.core.errors import DomainError
from jetpm.core.http import AuthedRequest


def post_only(request: AuthedRequest) -> HttpResponse | None:
    """POST-only pages look their record up first (404 out of scope), then refuse other methods."""
    return None if request.method == "POST" else HttpResponseNotAllowed(["POST"])


def run(request: AuthedRequest, call: Callable[[], object], success: str) -> bool:
    """Call a service; its refusal becomes an error message naming the field."""
    try:
        call()
    except DomainError as exc:
        messages.error(request, exc.message)
        return False
    messages.success(request, success)
    return True
