"""Uploaded files checked by their content, not their name: PDF, JPEG and PNG only, within a size limit.

Images are opened and verified with Pillow; a PDF must start with its header and carry an end-of-file
marker. The content type stored and served is the one found here, never the browser's claim."""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from jetpm.core.errors import DomainError

PDF, JPEG, PNG = "application/pdf", "image/jpeg", "image/png"
EXTENSIONS = {PDF: ".pdf", JPEG: ".jpg", PNG: ".png"}


def max_upload_bytes() -> int:
    return int(getattr(settings, "JETPM_UPLOAD_MAX_BYTES", 10 * 1024 * 1024))


@dataclass(frozen=True)
class CheckedFile:
    content: bytes
    content_type: str
    sha256: str
    name: str  # a safe name: the original stem (ASCII letters, digits, - and _) and the true extension

    @property
    def size(self) -> int:
        return len(self.content)


def sniff(head: bytes) -> str | None:
    """The content type told by the first bytes, or None."""
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    return None


def _valid_image(content: bytes) -> bool:
    from PIL import Image

    try:
        with Image.open(io.BytesIO(content)) as img:
            img.verify()
        return True
    except Exception:  # Pillow raises many kinds of error on a broken file
        return False


def _safe_name(original: str, content_type: str) -> str:
    stem = original.rsplit("/", 1)[-1].rsplit("\\", 1)[-1].rsplit(".", 1)[0]
    cleaned = "".join(ch if ch.isascii() and (ch.isalnum() or ch in "-_") else "_" for ch in stem)[:60]
    return (cleaned.strip("_") or "document") + EXTENSIONS[content_type]


def check_upload(upload: UploadedFile | None, *, field: str = "file") -> CheckedFile:
    """Read and check an upload; raise :class:`DomainError` naming the problem otherwise."""
    if upload is None:
        raise DomainError(_("Choose a file to upload."), field=field)
    limit = max_upload_bytes()
    if upload.size is not None and upload.size > limit:
        raise DomainError(
            _("The file is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            field=field,
        )
    content = upload.read(limit + 1)
    if len(content) > limit:
        raise DomainError(
            _("The file is larger than the limit of %(limit)s.") % {"limit": filesizeformat(limit)},
            field=field,
        )
    if not content:
        raise DomainError(_("The file is empty."), field=field)
    kind = sniff(content[:16])
    ok = (kind == PDF and b"%%EOF" in content[-2048:]) or (kind in (JPEG, PNG) and _valid_image(content))
    if kind is None or not ok:
        raise DomainError(
            _("“%(name)s” is not a PDF, JPEG or PNG file (its content was checked, not its name).")
            % {"name": upload.name or ""},
            field=field,
        )
    return CheckedFile(
        content=content,
        content_type=kind,
        sha256=hashlib.sha256(content).hexdigest(),
        name=_safe_name(upload.name or "document", kind),
    )


def max_files_per_application() -> int:
    return int(getattr(settings, "JETPM_UPLOAD_MAX_FILES_PER_APPLICATION", 15))


def max_bytes_per_application() -> int:
    return int(getattr(settings, "JETPM_UPLOAD_MAX_BYTES_PER_APPLICATION", 50 * 1024 * 1024))


def check_quota(*, files: int, total: int, new_size: int, field: str = "file") -> None:
    """An applicant's quota: ``files`` documents of ``total`` bytes are held; may one of ``new_size`` join
    them? Raise :class:`DomainError` naming the limit otherwise."""
    most_files, most_bytes = max_files_per_application(), max_bytes_per_application()
    if files >= most_files:
        raise DomainError(
            _(
                "An application holds at most %(limit)s files and this one has %(count)s. Remove a file "
                "you no longer need before adding another."
            )
            % {"limit": most_files, "count": files},
            field=field,
        )
    if total + new_size > most_bytes:
        raise DomainError(
            _(
                "With this file (%(size)s) your documents would take %(total)s; an application holds at "
                "most %(limit)s in all. Remove a file you no longer need, or upload a smaller scan."
            )
            % {
                "size": filesizeformat(new_size),
                "total": filesizeformat(total + new_size),
                "limit": filesizeformat(most_bytes),
            },
            field=field,
        )
