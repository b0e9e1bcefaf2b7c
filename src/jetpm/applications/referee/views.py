"""The referee's page: no account, a one-time link, one letter upload (then the link answers 410)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from jetpm.applications.portal.forms import LetterForm
from jetpm.applications.services import referees
from jetpm.core.errors import DomainError, NotFound


def _refused(request: HttpRequest, exc: DomainError) -> HttpResponse:
    status = 404 if isinstance(exc, NotFound) else exc.status_code
    return render(
        request,
        "applications/referee/invalid.html",
        {"message": exc.message, "used": isinstance(exc, referees.LinkUsed)},
        status=status,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def reference_upload(request: HttpRequest, token: str) -> HttpResponse:
    try:
        referee = referees.referee_for_token(token)
    except (referees.LinkUsed, referees.LinkExpired, NotFound) as exc:
        if request.method == "GET" and request.GET.get("done") and isinstance(exc, referees.LinkUsed):
            return render(request, "applications/referee/thanks.html")
        return _refused(request, exc)
    form = LetterForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                referees.upload_letter(token=token, upload=form.cleaned_data.get("file"))
            except (referees.LinkUsed, referees.LinkExpired, NotFound) as exc:
                return _refused(request, exc)
            except DomainError as exc:
                form.add_error("file", exc.message)
            else:
                return redirect(request.path + "?done=1")
        status = 400
    response = render(
        request,
        "applications/referee/upload.html",
        {"referee": referee, "application": referee.application, "form": form},
        status=status,
    )
    response["Referrer-Policy"] = "same-origin"  # not "no-referrer": Origin would be "null" (CSRF)
    return response
