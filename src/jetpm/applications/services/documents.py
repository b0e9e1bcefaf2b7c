"""Documents of an application: upload (checked by content, stored outside static files), and the audited
download through a permission-checked view."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Count, Sum
from django.utils.translation import gettext as _

from jetpm.applications.models import Application, Document
from jetpm.applications.permissions import is_hq, is_mission_staff, is_own
from jetpm.applications.states import (
    AFTER_ACCEPTANCE_UPLOADS,
    APPLICANT_UPLOADS,
    EDITABLE,
    ApplicationStatus,
    DocumentKind,
)
from jetpm.core import audit
from jetpm.core.errors import DomainError, PermissionDenied
from jetpm.core.models import User
from jetpm.core.scoping import scope_of
from jetpm.core.uploads import CheckedFile, check_quota, check_upload

# After acceptance the candidate sends the certificate of health and the criminal-record check.
AFTER_ACCEPTANCE_STATUSES = frozenset({ApplicationStatus.ACCEPTED})


def store(*, application: Application, kind: str, checked: CheckedFile, uploaded_by: User | None) -> Document:
    """Write a checked file and its record (inside the caller's transaction). A file whose transaction
    rolls back later stays on disk unreferenced; ``jetpm`` operators may sweep such orphans."""
    doc = Document(
        application=application,
        kind=kind,
        original_name=checked.name,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=uploaded_by if uploaded_by is not None and uploaded_by.pk else None,
    )
    doc.file.save(checked.name, ContentFile(checked.content), save=False)
    name, storage = doc.file.name, doc.file.storage
    try:
        doc.save()
    except Exception:
        storage.delete(name)
        raise
    return doc


def _may_upload(user: User, application: Application, kind: str) -> bool:
    scope = scope_of(user)
    if is_own(scope, application):
        if kind in APPLICANT_UPLOADS:
            return application.status in EDITABLE
        if kind in AFTER_ACCEPTANCE_UPLOADS:
            return application.status in AFTER_ACCEPTANCE_STATUSES
        return False
    # the mission (or HQ) may file a document received by post, at any open stage
    return is_mission_staff(scope, application.mission_id) or is_hq(scope)


@transaction.atomic
def add_document(*, actor: User, application_id: int, kind: str, upload: UploadedFile | None) -> Document:
    """Upload one document to an application the actor may write to."""
    application = Application.objects.select_for_update(of=("self",)).get(pk=application_id)
    if kind not in DocumentKind.values or kind == DocumentKind.REFERENCE:
        raise DomainError(_("Choose the kind of document."), field="kind")
    scope = scope_of(actor)
    if not (is_own(scope, application) or is_mission_staff(scope, application.mission_id) or is_hq(scope)):
        raise PermissionDenied(_("This document cannot be uploaded to the application now."))
    if not _may_upload(actor, application, kind):  # the applicant's own, in a state that takes no such file
        raise DomainError(_("This document cannot be uploaded to the application now."))
    checked = check_upload(upload)
    if is_own(scope_of(actor), application):
        # the applicant's quota (the mission filing papers received by post is not limited by it)
        held = Document.objects.filter(application=application).exclude(kind=DocumentKind.REFERENCE)
        totals = held.aggregate(files=Count("pk"), total=Sum("size"))
        check_quota(files=totals["files"], total=totals["total"] or 0, new_size=checked.size)
    doc = store(application=application, kind=kind, checked=checked, uploaded_by=actor)
    audit.record(
        actor=actor,
        action="application.document.upload",
        obj=doc,
        changes={"kind": kind, "size": doc.size, "content_type": doc.content_type, "sha256": doc.sha256},
        organisation=application.mission_id,
        person=application.person_id,
    )
    return doc


@transaction.atomic
def remove_document(*, actor: User, document_id: int) -> None:
    """The applicant removes a document of their draft (e.g. uploaded the wrong file)."""
    doc = Document.objects.select_related("application").select_for_update(of=("self",)).get(pk=document_id)
    application = doc.application
    if not is_own(scope_of(actor), application):
        raise PermissionDenied(_("This document can no longer be removed."))
    if application.status not in EDITABLE:
        raise DomainError(_("This document can no longer be removed."))
    if doc.kind == DocumentKind.REFERENCE:
        raise DomainError(_("A referee's letter cannot be removed by the applicant."))
    audit.record(
        actor=actor,
        action="application.document.remove",
        obj=doc,
        changes={"kind": doc.kind, "sha256": doc.sha256},
        organisation=application.mission_id,
        person=application.person_id,
    )
    name, storage = doc.file.name, doc.file.storage
    doc.delete()
    transaction.on_commit(lambda: storage.delete(name))


def record_download(*, actor: User, document: Document) -> None:
    """Every download of a document is personal data leaving the platform: audited."""
    audit.record(
        actor=actor,
        action="application.document.download",
        obj=document,
        changes={"kind": document.kind},
        organisation=document.application.mission_id,
        person=document.application.person_id,
    )
