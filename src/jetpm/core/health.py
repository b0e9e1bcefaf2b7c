"""The health check of the load balancer: ``GET /health/``.

Answered by :class:`HealthCheckMiddleware` near the top of ``MIDDLEWARE``, before the host check, sessions,
the login lockout and the second factor: a load balancer probes each app server by its own address, without
a cookie, every few seconds. No login, no personal data: 200 with ``{"status": "ok", "database": "ok",
"migrations": "ok"}`` when the database answers and every migration this version ships is applied; 503 with
``"status": "error"`` and what is wrong otherwise (``"database": "unavailable"``, or ``"migrations":
"pending"`` with how many). A server that answers 503 should get no traffic: during an upgrade the new code
waits for ``jetpm migrate``; a server that lost its database is taken out of the pool until it is back.

The migrations on disk are read once per process; each check is one query (the applied migrations), which
also proves the database answers.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import lru_cache

from django.db import DatabaseError, connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.http import HttpRequest, HttpResponse, JsonResponse

PATH = "/health/"
log = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def _shipped() -> tuple[tuple[tuple[str, str], frozenset[tuple[str, str]]], ...]:
    """Each migration of this version, with the migrations a squashed one replaces (either counts as
    applied)."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return tuple(
        (key, frozenset(loader.disk_migrations[key].replaces or ()))
        for key in sorted(loader.graph.nodes)
        if key in loader.disk_migrations
    )


def pending_migrations() -> int:
    """How many migrations of this version are not applied (one query)."""
    applied = set(MigrationRecorder(connection).applied_migrations())
    return sum(
        1 for key, replaces in _shipped() if key not in applied and not (replaces and replaces <= applied)
    )


def check() -> tuple[int, dict[str, object]]:
    """(HTTP status, body) of the health check."""
    try:
        pending = pending_migrations()
    except DatabaseError as exc:
        log.warning("health check: the database is unavailable: %s", type(exc).__name__)
        return 503, {"status": "error", "database": "unavailable"}
    if pending:
        return 503, {"status": "error", "database": "ok", "migrations": "pending", "pending": pending}
    return 200, {"status": "ok", "database": "ok", "migrations": "ok"}


def health(request: HttpRequest) -> HttpResponse:
    status, body = check()
    response = JsonResponse(body, status=status)
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    # the access log writes the probes at DEBUG only
    response.jetpm_health = True  # type: ignore[attr-defined]
    return response


class HealthCheckMiddleware:
    """Answers ``GET``/``HEAD /health/`` before the rest of the stack (hosts, HTTPS redirect, sessions,
    lockout, second factor), so a probe by the server's own address, over plain HTTP, gets its answer."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path == PATH and request.method in ("GET", "HEAD"):
            return health(request)
        return self.get_response(request)
