"""Writes of the outcomes and fairness pages: only the audit of every download."""

from __future__ import annotations

from django.db import transaction

from jetpm.core import audit
from jetpm.core.models import User


@transaction.atomic
def record_export(*, actor: User, page: str, fmt: str, fiscal_year: int, by: str, rows: int) -> None:
    """Every download is audited (action ``evaluation.export``), the actor as its object."""
    details = {"page": page, "format": fmt, "fiscal_year": fiscal_year, "by": by, "rows": rows}
    audit.record(
        actor=actor, action="evaluation.export", obj=actor, changes={k: [None, v] for k, v in details.items()}
    )
