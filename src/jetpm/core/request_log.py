"""Request ids and structured logs.

``RequestIdMiddleware`` (first in ``MIDDLEWARE``) gives every request an id: the ``X-Request-ID`` header
when the request comes from a reverse proxy listed in ``JETPM_TRUSTED_PROXIES`` (the proxy or load balancer
made it, so one id follows the request through the proxy's log and ours), otherwise a new random one. The id
is sent back in the response's ``X-Request-ID`` header and put on every log record written while the request
is served (a context variable read by :class:`RequestContextFilter`), with the request's method, path and
user id. When the response has been sent, one access line (logger ``jetpm.request``): method, path, status,
duration in milliseconds (until the last byte, for a streamed download too), user id.

:class:`JsonFormatter` writes one JSON object per line (``JETPM_LOG_FORMAT=json``, the default):
``time`` (UTC, ISO 8601), ``level``, ``logger``, ``message``, ``request_id``, ``user_id``, ``method``,
``path``, ``status``, ``duration_ms``, and ``exception`` with the traceback when there is one. No request
bodies, query strings, headers or names are logged: the path is the only part of the request written
(paths carry record ids, never personal data).
"""

from __future__ import annotations

import json
import logging
import re
import time
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from django.core.signals import request_finished
from django.http import HttpRequest, HttpResponse
from django.utils.functional import empty

HEADER = "X-Request-ID"
# A proxy's id is believed only if it looks like an id (no spaces, quotes or line breaks in the logs).
_VALID_ID = re.compile(r"[A-Za-z0-9._:@/+=-]{1,128}")

access_log = logging.getLogger("jetpm.request")


@dataclass
class RequestContext:
    request_id: str
    method: str
    path: str
    request: HttpRequest
    started: float = field(default_factory=time.perf_counter)
    status: int | None = None
    health: bool = False

    @property
    def user_id(self) -> int | None:
        """The signed-in user's id, once the request has read its user (never a query of its own)."""
        user = self.request.__dict__.get("user")
        if user is None:
            return None
        wrapped = getattr(user, "_wrapped", user)  # django's lazy user: read only if already loaded
        if wrapped is empty or not getattr(wrapped, "is_authenticated", False):
            return None
        return getattr(wrapped, "pk", None)


_current: ContextVar[RequestContext | None] = ContextVar("jetpm_request", default=None)


def current_request_id() -> str | None:
    """The id of the request being served in this thread, if any."""
    ctx = _current.get()
    return ctx.request_id if ctx else None


def _from_trusted_proxy(request: HttpRequest) -> bool:
    from django.conf import settings

    from jetpm.core.client_ip import _address, _networks

    trusted = _networks(tuple(getattr(settings, "JETPM_TRUSTED_PROXIES", ()) or ()))
    remote = _address(request.META.get("REMOTE_ADDR") or "")
    return bool(trusted) and remote is not None and any(remote in n for n in trusted)


def request_id_of(request: HttpRequest) -> str:
    """The proxy's ``X-Request-ID`` when a trusted proxy sent a well-formed one, else a new random id."""
    given = request.META.get("HTTP_X_REQUEST_ID", "").strip()
    if given and _VALID_ID.fullmatch(given) and _from_trusted_proxy(request):
        return given
    return uuid.uuid4().hex


class RequestIdMiddleware:
    """Gives the request its id and sends it back. The context stays set until the response is closed
    (``request_finished``): Django logs a 4xx after the middleware has returned, and a streamed download
    is still being sent; the access line is written then, with the whole duration."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        request_finished.connect(_finished, dispatch_uid="jetpm.core.request_log")

    def __call__(self, request: HttpRequest) -> HttpResponse:
        ctx = RequestContext(
            request_id=request_id_of(request), method=request.method or "", path=request.path, request=request
        )
        request.request_id = ctx.request_id  # type: ignore[attr-defined]
        _current.set(ctx)
        ctx.status = 500  # unless a response comes back
        response = self.get_response(request)
        response[HEADER] = ctx.request_id
        ctx.status = response.status_code
        ctx.health = getattr(response, "jetpm_health", False)
        return response


def _finished(**kwargs: Any) -> None:
    """The response was sent (or the client went away): write the access line, leave the request's
    context."""
    ctx = _current.get()
    if ctx is None:
        return
    try:
        # the health checks of the load balancers (every few seconds) only at DEBUG
        level = logging.DEBUG if ctx.health else logging.INFO
        if access_log.isEnabledFor(level):
            ms = round((time.perf_counter() - ctx.started) * 1000, 1)
            access_log.log(
                level,
                "%s %s %s %.1f ms",
                ctx.method,
                ctx.path,
                ctx.status,
                ms,
                extra={"status": ctx.status, "duration_ms": ms},
            )
    finally:
        _current.set(None)


class RequestContextFilter(logging.Filter):
    """Puts the current request's id, method, path and user id on each record (``None`` outside requests)."""

    def filter(self, record: logging.LogRecord) -> bool:
        ctx = _current.get()
        record.request_id = ctx.request_id if ctx else None
        record.method = ctx.method if ctx else None
        record.path = ctx.path if ctx else None
        record.user_id = ctx.user_id if ctx else None
        return True


FIELDS = ("request_id", "user_id", "method", "path", "status", "duration_ms")


class JsonFormatter(logging.Formatter):
    """One JSON object per line (see the module's docstring for the keys)."""

    def format(self, record: logging.LogRecord) -> str:
        out: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key in FIELDS:
            value = getattr(record, key, None)
            if value is not None:
                out[key] = value
        if record.exc_info:
            out["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            out["exception"] = record.exc_text
        return json.dumps(out, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    """For a developer's terminal (``JETPM_LOG_FORMAT=text``): time, level, logger, request id, message."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        if not hasattr(record, "request_id"):
            record.request_id = None
        return super().format(record)
