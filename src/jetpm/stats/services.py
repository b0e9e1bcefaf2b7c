"""Writes of the statistics pages: only the audit of every download."""

from __future__ import annotations

from django.db import transaction

from jetpm.core import audit
from jetpm.core.models import User


@transaction.atomic
def record_stats_export(
    *, actor: User, fmt: str, table: str, from_fy: int, to_fy: int, fiscal_year: int, rows: int
) -> None:
    """Every download of the statistics is audited (action ``stats.export``), the actor as its object."""
    details = {
        "format": fmt,
        "table": table,
        "from_fy": from_fy,
        "to_fy": to_fy,
        "fiscal_year": fiscal_year,
        "rows": rows,
    }
    audit.record(
        actor=actor, action="stats.export", obj=actor, changes={k: [None, v] for k, v in details.items()}
    )
