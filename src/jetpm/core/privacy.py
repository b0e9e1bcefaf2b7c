"""Personal data by the law (APPI / GDPR): everything the platform holds about one person, for a
subject-access request (``jetpm privacy export``, and the person's own download).

What is "about the person" is found from the models, not listed by hand, so a stage added later is
exported without anyone remembering: every record that points to the person (or to their user account),
and the records that hang off those (an application's documents, referees, reviews, offers; a
participant's terms and training), up to three steps away, plus the audit events about them and their
uploaded files. Secrets (password hashes, token digests, second-factor keys) are never exported.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models import Model, Q

from jetpm.core import audit
from jetpm.core.models import AuditEvent, Person, User
from jetpm.core.privacy_summary import summary_html

FORMAT = "jetpm-subject-access"
VERSION = 1
DEPTH = 3
SECRET_FIELDS = frozenset({"password", "key", "digest", "token_digest", "secret", "otp_secret"})
# Records that name a person or user but are not about them (the log is exported on its own; memberships
# of organisations other people administer are theirs to see, still the person's own record).
SKIP_MODELS = frozenset({"core.AuditEvent", "core.AuditChainHead", "admin.LogEntry", "sessions.Session"})
PAGE = 2000


@dataclass
class Export:
    person: Person
    records: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    objects: dict[str, list[Model]] = field(default_factory=dict)  # the same records, for the readable page
    events: list[AuditEvent] = field(default_factory=list)
    files: list[tuple[str, Any]] = field(default_factory=list)  # (name in the archive, FieldFile)

    @property
    def record_count(self) -> int:
        return sum(len(v) for v in self.records.values())


def _is_secret(name: str) -> bool:
    return name in SECRET_FIELDS or "digest" in name or "secret" in name or "password" in name


def _serialise(objs: list[Model]) -> list[dict[str, Any]]:
    out = []
    for obj in objs:
        data = serializers.serialize("python", [obj])[0]
        fields = {k: v for k, v in data["fields"].items() if not _is_secret(k)}
        out.append({"id": data["pk"], **fields})
    return out


def _reverse_relations(model: type[Model]) -> Iterable[models.ForeignObjectRel]:
    for rel in model._meta.related_objects:
        related = rel.related_model
        if not isinstance(related, type) or related._meta.label in SKIP_MODELS:
            continue
        if rel.many_to_many:
            continue
        yield rel


def collect(person: Person) -> Export:
    """The person's records, breadth first from the person and their user account."""
    export = Export(person=person)
    seen: dict[str, set[Any]] = {}
    frontier: list[Model] = [person]
    if person.user_id:
        frontier.append(User.objects.get(pk=person.user_id))
    for obj in frontier:
        seen.setdefault(obj._meta.label, set()).add(obj.pk)
    for _depth in range(DEPTH):
        by_model: dict[type[Model], list[Any]] = {}
        for obj in frontier:
            by_model.setdefault(type(obj), []).append(obj.pk)
        frontier = []
        for model, pks in by_model.items():
            for rel in _reverse_relations(model):
                related = rel.related_model
                assert isinstance(related, type)
                label = related._meta.label
                q = Q(**{f"{rel.field.name}__in": pks})
                found = [
                    o
                    for o in related._default_manager.filter(q).order_by("pk")
                    if o.pk not in seen.get(label, set())
                ]
                if not found:
                    continue
                seen.setdefault(label, set()).update(o.pk for o in found)
                frontier.extend(found)
    # the records, grouped by kind, and their files
    for label, ids in sorted(seen.items()):
        model = apps.get_model(label)
        objs = list(model._default_manager.filter(pk__in=ids).order_by("pk"))
        export.records[label] = _serialise(objs)
        export.objects[label] = objs
        for obj in objs:
            for f in obj._meta.concrete_fields:
                if isinstance(f, models.FileField):
                    value = getattr(obj, f.attname)
                    if value:
                        export.files.append(
                            (f"files/{label}/{obj.pk}/{value.name.rsplit('/', 1)[-1]}", value)
                        )
    events = AuditEvent.objects.filter(
        Q(person_id=person.pk) | Q(object_type="core.Person", object_id=str(person.pk))
    ).order_by("seq", "id")
    export.events = list(events)
    export.records["core.AuditEvent"] = [
        {
            "id": e.pk,
            "at": e.at,
            "who": e.actor_label,
            "action": e.action,
            "record_type": e.object_type,
            "record_id": e.object_id,
            "record": e.object_label,
            "changes": e.changes,
        }
        for e in export.events
    ]
    return export


def write_zip(export: Export, target: io.BufferedIOBase | Any, *, language: str | None = None) -> None:
    """The export as a ZIP: ``person.json`` (every record, by kind), ``summary.html`` (the same, to read, in
    ``language``: the person's own by default) and the uploaded files."""
    document = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "person_id": export.person.pk,
        "records": export.records,
        "files": [name for name, _f in export.files],
    }
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("person.json", json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2))
        z.writestr(
            "summary.html", summary_html(export, _is_secret, language=language or _language_of(export))
        )
        for name, value in export.files:
            try:
                with value.open("rb") as f:
                    z.writestr(name, f.read())
            except FileNotFoundError:
                z.writestr(name + ".missing.txt", "The file is recorded but no longer stored.\n")


def _language_of(export: Export) -> str:
    if export.person.user_id is None:
        return settings.LANGUAGE_CODE
    language = User.objects.filter(pk=export.person.user_id).values_list("language", flat=True).first()
    return language or settings.LANGUAGE_CODE


@transaction.atomic
def export_person(*, actor: Any, person_id: int, target: Any, language: str | None = None) -> Export:
    """Write the subject-access export of one person and record it in the audit log (its readable page in
    ``language``, by default the person's)."""
    person = Person.objects.get(pk=person_id)
    export = collect(person)
    write_zip(export, target, language=language)
    audit.record(
        actor=actor if isinstance(actor, User) else None,
        action="privacy.export",
        obj=person,
        changes={"records": export.record_count, "files": len(export.files)},
        person=person,
    )
    return export
