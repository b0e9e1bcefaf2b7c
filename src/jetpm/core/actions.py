"""One action path for pages: a view runs a service through :func:`perform` (or :func:`perform_form` when it
has a form), and the service's refusals are mapped in one place:

- not visible (:class:`~jetpm.core.errors.NotFound`) or not allowed
  (:class:`~jetpm.core.errors.PermissionDenied`) → 404, the same answer as a record outside the scope;
- not available in this state, or any other rule → the message (every one of a ``FieldErrors``);
- with a form, an error naming one of its fields goes onto that field, so the form shows all its errors.

The API maps the same errors to status codes (``api/api.py``: 404, 403, 409, 422)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.contrib import messages
from django.http import Http404, HttpRequest

from jetpm.core.errors import DomainError, FieldErrors, NotFound, PermissionDenied

T = TypeVar("T")


@dataclass(frozen=True)
class Outcome(Generic[T]):
    """What a service did for a page: ``ok`` with its ``value``, or refused (the page was told why; ``error``
    is the refusal, for a page that shows more of it, such as every refused row of an upload)."""

    ok: bool
    value: T | None = None
    error: DomainError | None = None


def _refused_as_404(exc: DomainError) -> None:
    if isinstance(exc, NotFound | PermissionDenied):
        raise Http404 from exc


def report(request: HttpRequest, exc: DomainError) -> None:
    """Every error of a refusal as a message."""
    if isinstance(exc, FieldErrors):
        for _field, message in exc.errors:
            messages.error(request, message)
    else:
        messages.error(request, exc.message)


def domain_error_to_form(request: HttpRequest, form: Any, exc: DomainError) -> None:
    """A rule refused a form's data: on the field it names when the form has it, else as a message (every
    error of a ``FieldErrors``)."""
    if isinstance(exc, FieldErrors):
        for field, message in exc.errors:
            domain_error_to_form(request, form, DomainError(message, field=field))
        return
    if exc.field and exc.field in form.fields:
        form.add_error(exc.field, exc.message)
    else:
        messages.error(request, exc.message)


def perform(request: HttpRequest, call: Callable[[], T], *, success: str | None = None) -> Outcome[T]:
    """Run one service for a page: its outcome (when refused, the page has been told why)."""
    try:
        result = call()
    except DomainError as exc:
        _refused_as_404(exc)
        report(request, exc)
        return Outcome(ok=False, error=exc)
    if success:
        messages.success(request, success)
    return Outcome(ok=True, value=result)


def perform_form(
    request: HttpRequest, form: Any, call: Callable[[], T], *, success: str | None = None
) -> Outcome[T]:
    """Run one service with a form's data: refusals go onto the form's fields (all of them at once)."""
    try:
        result = call()
    except DomainError as exc:
        _refused_as_404(exc)
        domain_error_to_form(request, form, exc)
        return Outcome(ok=False, error=exc)
    if success:
        messages.success(request, success)
    return Outcome(ok=True, value=result)
