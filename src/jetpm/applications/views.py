"""The one way a document leaves the platform (a permission-checked, audited download), and the one place the
app's pages catch a refusal themselves (:func:`attempt`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404

from jetpm.applications.models import Document
from jetpm.applications.services.documents import record_download
from jetpm.core.errors import DomainError
from jetpm.core.http import AuthedRequest
from jetpm.core.scoping import get_visible_or_404

T = TypeVar("T")


@login_required
def document_download(request: AuthedRequest, document_id: int) -> FileResponse:
    doc = get_visible_or_404(request.user, Document.objects.select_related("application"), pk=document_id)
    try:
        handle = doc.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    record_download(actor=request.user, document=doc)
    response = FileResponse(
        handle, content_type=doc.content_type, as_attachment=True, filename=doc.original_name
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def attempt(call: Callable[[], T]) -> tuple[T | None, DomainError | None]:
    """Run a service for one of the public pages without an account (self-registration, the referee's link):
    its value, or the refusal. These pages answer a refusal with the refusal's own status code and page (429
    throttled, 410 a link used or expired), which ``core.actions`` does not; this is the app's one
    ``except DomainError``."""
    try:
        return call(), None
    except DomainError as exc:
        return None, exc
