"""Fast writes for the demo world's large tables: multi-row INSERTs on the connection's own cursor, for the
steps that write tens of thousands of rows (the programme's history, the alumni's profiles)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.core.management.color import no_style
from django.db import connection
from django.db.models import Max, Model
from django.utils import timezone


def next_id(model: type[Model]) -> int:
    return int(model._default_manager.aggregate(n=Max("pk"))["n"] or 0) + 1


def insert_rows(
    model: type[Model], fields: Sequence[str], rows: Iterable[Sequence[Any]], *, first_id: int
) -> int:
    """Write ``rows`` (values of ``fields`` as the database takes them: dates adapted, relations as ids) with
    ids from ``first_id``, every other field with its default, in multi-row INSERTs on the connection's own
    cursor: what ``bulk_create`` writes without its cost per object (most of the step's time on the
    history's 400,000 rows at full scale). The ids are taken in the world's one transaction on an empty
    database; PostgreSQL's sequences are set after them."""
    meta = model._meta
    given = [meta.get_field(n) for n in fields]
    others = [f for f in meta.concrete_fields if not f.primary_key and f.name not in fields]
    now = timezone.now()
    fixed: list[Any] = []
    for f in others:
        auto = getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
        fixed.append(f.get_db_prep_save(now if auto else f.get_default(), connection))
    assert meta.pk is not None
    columns = [str(meta.pk.column)] + [str(f.column) for f in given] + [str(f.column) for f in others]  # type: ignore[union-attr]
    per_statement = max(1, min(500, 30_000 // len(columns)))
    qn = connection.ops.quote_name
    mark = "?" if connection.vendor == "sqlite" else "%s"  # the driver's own placeholder
    head = f"INSERT INTO {qn(meta.db_table)} ({', '.join(qn(c) for c in columns)}) VALUES "  # noqa: S608  (model names)
    one = "(" + ", ".join([mark] * len(columns)) + ")"
    connection.ensure_connection()
    cursor = connection.connection.cursor()
    written = 0
    batch: list[Any] = []
    n_batch = 0
    try:
        for row in rows:
            batch.append(first_id + written)
            batch.extend(row)
            batch.extend(fixed)
            written += 1
            n_batch += 1
            if n_batch == per_statement:
                cursor.execute(head + ", ".join([one] * n_batch), batch)
                batch, n_batch = [], 0
        if n_batch:
            cursor.execute(head + ", ".join([one] * n_batch), batch)
        if connection.vendor == "postgresql" and written:
            for sql in connection.ops.sequence_reset_sql(no_style(), [model]):
                cursor.execute(sql)
    finally:
        cursor.close()
    return written
