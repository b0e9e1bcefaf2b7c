"""One action path for pages: a view runs a service through :func:`perform` (or :func:`perform_form` when it
has a form), and the service's refusals are mapped in one place:

- not visible (:class:`~jetpm.core.errors.NotFound`) or not allowed
  (:class:`~jetpm.core.errors.PermissionDenied`) → 404, the same answer as a record outside the scope;
- not available in this state, or any other rule → the message (every one of a ``FieldErrors``);
- with a form, an error naming one of its fields goes onto that field, so the form shows all its errors.

The API maps the same errors to status codes (``api/api.py``: 404, 403, 409, 422).

Most pages' steps share one shape, and :func:`form_page` and :func:`button_step` are that shape, so a view
states only what differs (the record in scope, the service, the message, where to go next):

- a form: a valid POST (confirmed first when the step asks) runs the service with the form's values; once
  saved, the message and the redirect; else the page again with the form's errors;
- a button: confirmed first when the step asks, the service, its message (or the refusal) and the redirect."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from jetpm.core.confirm import confirmed
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


Next = str | Callable[[Any], str]


def _values(form: Any) -> dict[str, Any]:
    """What a form hands its service: its ``values()`` when it shapes them, else its cleaned data."""
    values = getattr(form, "values", None)
    return dict(values()) if callable(values) else dict(form.cleaned_data)


def form_page(
    request: HttpRequest,
    form: Any,
    save: Callable[..., Any],
    *,
    done: Next,
    template: str | None = None,
    context: dict[str, Any] | None = None,
    invalid: Callable[[Any], HttpResponse] | None = None,
    success: str | Callable[[Any], str] | None = None,
    ask: Callable[[dict[str, Any]], HttpResponse | None] | None = None,
    invalid_status: int = 400,
) -> HttpResponse:
    """A form's step: a valid POST calls ``save(**values)`` (the form's ``values()`` or cleaned data), first
    answering with ``ask(values)``'s confirmation page unless confirmed (``ask`` may answer None: nothing
    to confirm yet, such as a form whose service will name what is missing). Refusals go onto the form's
    fields. Once saved: the success message (or ``success(saved value)``) and the redirect to ``done`` (or
    ``done(saved value)``). Otherwise the page again: ``invalid(form)`` for a form shown on another page,
    else ``template`` with the form and ``context`` (``invalid_status`` after a POST)."""
    if request.method == "POST" and form.is_valid():
        values = _values(form)
        if ask is not None and not confirmed(request):
            question = ask(values)
            if question is not None:
                return question
        message = success if isinstance(success, str) else None
        saved = perform_form(request, form, lambda: save(**values), success=message)
        if saved.ok:
            if callable(success):
                messages.success(request, success(saved.value))
            return redirect(done(saved.value) if callable(done) else done)
    if invalid is not None and request.method == "POST":
        return invalid(form)
    if template is None:
        raise ValueError("form_page needs a template or an invalid page")
    return render(
        request,
        template,
        {"form": form, **(context or {})},
        status=invalid_status if request.method == "POST" else 200,
    )


def button_step(
    request: HttpRequest,
    call: Callable[[], T],
    *,
    done: Next,
    success: str | None = None,
    ask: Callable[[], HttpResponse] | None = None,
) -> HttpResponse:
    """A button's step (no form): confirmed first when ``ask`` is given, then the service, its message or its
    refusal, and the redirect to ``done`` (or ``done(the service's value, None when refused)``)."""
    if ask is not None and not confirmed(request):
        return ask()
    outcome = perform(request, call, success=success)
    return redirect(done(outcome.value) if callable(done) else done)
