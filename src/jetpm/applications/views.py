"""The one way a document leaves the platform: a permission-checked, audited download."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404

from jetpm.applications.models import Document
from jetpm.applications.services.documents import record_download
from jetpm.core.http import AuthedRequest
from jetpm.core.scoping import get_visible_or_404


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
