"""Inserting many new rows at once: what ``bulk_create`` writes — every concrete field but an automatic
primary key, auto-now stamps set, the ids set on the objects from ``RETURNING`` in order, as it does — with
each value prepared by its field only where the driver cannot take it as it is (dates and times, decimals,
JSON, files, enumerations). For the writers of tens of thousands of rows (the audit trail of a bulk step, the
demo world), where the ORM's insert compiler costs more than the database."""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections, models
from django.db.models import Model
from django.utils import timezone

# fields whose Python values both drivers take as they are (an enumeration member is turned into its value)
_PLAIN = (
    models.CharField,
    models.TextField,
    models.IntegerField,
    models.BigIntegerField,
    models.SmallIntegerField,
    models.PositiveIntegerField,
    models.PositiveSmallIntegerField,
    models.PositiveBigIntegerField,
    models.BooleanField,
    models.FloatField,
)
MAX_PARAMS = 30_000  # under SQLite's 32,766 variables per statement (PostgreSQL's limit is 65,535)


def _plain(value: Any) -> Any:
    return value.value if isinstance(value, enum.Enum) else value


def _datetime_preparer(f: models.DateTimeField, conn: Any) -> Callable[[Model], Any]:
    """An aware datetime straight to the driver's form; anything else (naive, a string) through the field."""
    attname, adapt = f.attname, conn.ops.adapt_datetimefield_value

    def prepare(obj: Model) -> Any:
        value = getattr(obj, attname)
        if value is None:
            return None
        if type(value) is datetime and value.utcoffset() is not None:
            return adapt(value)
        return f.get_db_prep_save(value, conn)

    return prepare


def _date_preparer(f: models.DateField, conn: Any) -> Callable[[Model], Any]:
    """A date straight to the driver's form; anything else (a datetime, a string) through the field."""
    attname, adapt = f.attname, conn.ops.adapt_datefield_value

    def prepare(obj: Model) -> Any:
        value = getattr(obj, attname)
        if value is None:
            return None
        if type(value) is date:
            return adapt(value)
        return f.get_db_prep_save(value, conn)

    return prepare


def _related_id(obj: Model, f: models.ForeignKey[Any, Any]) -> Any:
    """The relation's id, taken from the related object when it was saved after being assigned (as
    ``bulk_create`` does)."""
    value = getattr(obj, f.attname)
    if value is None and f.is_cached(obj):
        related = f.get_cached_value(obj)
        if related is not None:
            setattr(obj, f.name, related)  # the id and the cached object, as ``bulk_create`` sets them
            value = related.pk
    return value


def insert_many(
    objs: Sequence[Model], *, batch_size: int = 2000, prepared: Mapping[str, Sequence[Any]] | None = None
) -> None:
    """Insert ``objs`` (new instances of one model with an automatic primary key) in multi-row INSERTs.

    ``prepared`` gives some fields' values (by attribute name) already in the driver's form, one per object in
    order, for a writer that has them at hand (the audit trail's changes, encoded once for the hash chain)."""
    if not objs:
        return
    model = type(objs[0])
    meta = model._meta
    assert meta.pk is not None
    fields = [f for f in meta.concrete_fields if f is not meta.pk]
    # the connection itself, not the proxy ``django.db.connection`` (a thread-local lookup per attribute)
    conn = connections[DEFAULT_DB_ALIAS]
    now = timezone.now()
    given = prepared or {}
    preparers: list[Callable[[Model], Any] | Sequence[Any]] = []
    for f in fields:
        attname = f.attname
        if attname in given:
            if len(given[attname]) != len(objs):
                raise ValueError(f"{attname}: {len(given[attname])} prepared values for {len(objs)} objects")
            preparers.append(given[attname])
            continue
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            for obj in objs:
                setattr(obj, attname, now)
        if isinstance(f, models.ForeignKey):
            preparers.append(lambda obj, f=f: _related_id(obj, f))  # type: ignore[misc]
        elif isinstance(f, _PLAIN):
            preparers.append(lambda obj, a=attname: _plain(getattr(obj, a)))  # type: ignore[misc]
        elif isinstance(f, models.DateTimeField):  # auto stamps were set above, as their pre_save would
            preparers.append(_datetime_preparer(f, conn))
        elif type(f) is models.DateField:
            preparers.append(_date_preparer(f, conn))
        else:
            preparers.append(lambda obj, f=f: f.get_db_prep_save(f.pre_save(obj, True), conn))  # type: ignore[misc]
    qn = conn.ops.quote_name
    columns = ", ".join(qn(str(f.column)) for f in fields)
    head = f"INSERT INTO {qn(meta.db_table)} ({columns}) VALUES "  # noqa: S608  (names of the model)
    tail = f" RETURNING {qn(str(meta.pk.column))}"
    one = "(" + ", ".join(["%s"] * len(fields)) + ")"
    per_statement = max(1, min(batch_size, MAX_PARAMS // max(len(fields), 1)))
    with conn.cursor() as cursor:
        for start in range(0, len(objs), per_statement):
            batch = objs[start : start + per_statement]
            values: list[Sequence[Any]] = [
                prepare[start : start + len(batch)]
                if not callable(prepare)
                else [prepare(obj) for obj in batch]
                for prepare in preparers
            ]
            params = [value for row in zip(*values, strict=True) for value in row]
            cursor.execute(head + ", ".join([one] * len(batch)) + tail, params)
            for obj, (pk,) in zip(batch, cursor.fetchall(), strict=True):
                obj.pk = pk
                obj._state.adding = False
                obj._state.db = conn.alias
