"""The readable page of a subject-access export: ``summary.html`` beside ``person.json`` in the ZIP.

``person.json`` is for machines (field names, stored values); the person reads ``summary.html``: every record
of the export under its kind's name, each field by its label with its value as the pages show it (choices by
their label, dates in the reader's format and time zone, a linked record by its name, Yes/No), in the
person's language, and the log of changes to their records with its actions in words. Secrets are left out
as in the JSON.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.db import models
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from jetpm.core.audit_labels import SYSTEM, action_label, actor_label, record_label

if TYPE_CHECKING:
    from jetpm.core.privacy import Export

EMPTY = "—"


@dataclass(frozen=True)
class Record:
    title: str
    rows: list[tuple[str, str]]


@dataclass(frozen=True)
class Section:
    title: str
    records: list[Record]


def _when(value: date | datetime) -> str:
    if isinstance(value, datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        return date_format(local, "DATETIME_FORMAT")
    return date_format(value, "DATE_FORMAT")


def display(obj: models.Model, field: models.Field[Any, Any], *, secret: bool = False) -> str:
    """A field's value as a person reads it."""
    if secret:
        return ""
    if field.choices:
        value = getattr(obj, f"get_{field.name}_display")()
        return str(value) if value not in (None, "") else EMPTY
    if isinstance(field, models.ForeignKey):
        related = getattr(obj, field.name, None)
        return str(related) if related is not None else EMPTY
    value = getattr(obj, field.attname)
    if value is None or value == "":
        return EMPTY
    if isinstance(field, models.BooleanField):
        return _("Yes") if value else _("No")
    if isinstance(value, date | datetime):
        return _when(value)
    if isinstance(field, models.FileField):
        return value.name.rsplit("/", 1)[-1] if hasattr(value, "name") else str(value)
    if isinstance(value, dict):
        return "\n".join(f"{k}: {json.dumps(v, ensure_ascii=False, default=str)}" for k, v in value.items())
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def _record(obj: models.Model, is_secret: Any) -> Record:
    rows: list[tuple[str, str]] = []
    if not obj._meta.app_config.name.startswith("jetpm"):  # a library's record (a second-factor device)
        return Record(str(obj), rows)  # named only: its internals are in person.json
    for field in obj._meta.concrete_fields:
        if field.primary_key or is_secret(field.name):
            continue
        rows.append((str(capfirst(field.verbose_name)), display(obj, field)))
    return Record(str(obj), rows)


def sections(export: Export, is_secret: Any) -> list[Section]:
    out = []
    for objs in export.objects.values():
        if not objs:
            continue
        title = str(capfirst(objs[0]._meta.verbose_name_plural))
        out.append(Section(title, [_record(o, is_secret) for o in objs]))
    return sorted(out, key=lambda s: s.title)


def summary_html(export: Export, is_secret: Any, *, language: str) -> str:
    """The readable page, in ``language``."""
    with translation.override(language):
        events = [
            {
                "at": _when(e.at),
                "who": actor_label(e.actor_label) if e.actor_label else str(SYSTEM),
                "action": action_label(e.action, e.object_type),
                "record": record_label(e.object_label, e.object_type, e.object_id),
            }
            for e in export.events
        ]
        return render_to_string(
            "core/privacy_summary.html",
            {
                "person": export.person,
                "sections": sections(export, is_secret),
                "events": events,
                "exported_at": _when(timezone.now()),
                "language": language,
            },
        )
