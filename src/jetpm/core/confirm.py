"""Irreversible decisions ask first: the first POST of such a form answers with a confirmation page that
says what will happen and to whom; only the POST from that page (``confirmed=yes``, every field of the
original form carried along) runs the service. No script: it works without a CDN and under the CSP."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

CONFIRM_FIELD = "confirmed"


def confirmed(request: HttpRequest) -> bool:
    """Whether the POST comes from the confirmation page."""
    return request.method == "POST" and request.POST.get(CONFIRM_FIELD) == "yes"


def ask(
    request: HttpRequest,
    *,
    title: str,
    consequences: list[str],
    confirm_label: str,
    cancel_url: str,
    heading: str | None = None,
) -> HttpResponse:
    """The confirmation page of the POST being made: the consequences, a button that repeats the POST
    confirmed, and a way back that changes nothing. ``heading`` replaces "this cannot be undone" for an
    action that is only long (a full verification)."""
    fields = [
        (name, value)
        for name in request.POST
        if name not in ("csrfmiddlewaretoken", CONFIRM_FIELD)
        for value in request.POST.getlist(name)
    ]
    return render(
        request,
        "confirm.html",
        {
            "title": title,
            "consequences": consequences,
            "confirm_label": confirm_label,
            "cancel_url": cancel_url,
            "action": request.get_full_path(),
            "fields": fields,
            "confirm_field": CONFIRM_FIELD,
            "heading": heading,
        },
    )
