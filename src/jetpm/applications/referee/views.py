"""The referee's page: no account, a one-time link, one letter upload (then the link answers 410)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from jetpm.applications.portal.forms import LetterForm
from jetpm.applications.services import referees
from jetpm.applications.views import attempt
from jetpm.core.errors import DomainError, NotFound

# The link's own refusals: a page of their own (404 unknown, 410 used or expired); any other goes on the form.
LINK_REFUSALS = (referees.LinkUsed, referees.LinkExpired, NotFound)


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
    referee, refused = attempt(lambda: referees.referee_for_token(token))
    if referee is None:
        assert refused is not None
        if request.method == "GET" and request.GET.get("done") and isinstance(refused, referees.LinkUsed):
            return render(request, "applications/referee/thanks.html")
        return _refused(request, refused)
    form = LetterForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            _letter, refused = attempt(
                lambda: referees.upload_letter(token=token, upload=form.cleaned_data.get("file"))
            )
            if refused is None:
                return redirect(request.path + "?done=1")
            if isinstance(refused, LINK_REFUSALS):
                return _refused(request, refused)
            form.add_error("file", refused.message)  # the one field: every other refusal is about the file
        status = 400
    response = render(
        request,
        "applications/referee/upload.html",
        {"referee": referee, "application": referee.application, "form": form},
        status=status,
    )
    response["Referrer-Policy"] = "same-origin"  # not "no-referrer": Origin would be "null" (CSRF)
    return response
