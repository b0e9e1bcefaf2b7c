"""Recording audit events. Called by services inside their transaction, never by views."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db.models import Model

from jetpm.core.models import AuditEvent, Organisation, Person, User


def _plain(value: Any) -> Any:
    if isinstance(value, Model):
        return value.pk
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain(v) for v in value]
    return value


def snapshot(obj: Model, fields: list[str]) -> dict[str, Any]:
    """The values of ``fields`` of ``obj`` as JSON-ready data (foreign keys as ids)."""
    out: dict[str, Any] = {}
    for name in fields:
        f = obj._meta.get_field(name)
        out[name] = _plain(getattr(obj, getattr(f, "attname", name)))
    return out


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """``{field: [before, after]}`` for each field whose value changed."""
    return {
        k: [before.get(k), after.get(k)]
        for k in sorted(set(before) | set(after))
        if before.get(k) != after.get(k)
    }


def record(
    *,
    actor: User | None,
    action: str,
    obj: Model,
    changes: dict[str, Any] | None = None,
    organisation: Organisation | int | None = None,
    person: Person | int | None = None,
) -> AuditEvent:
    org_id = organisation.pk if isinstance(organisation, Model) else organisation
    person_id = person.pk if isinstance(person, Model) else person
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.pk else None,
        actor_label=(actor.get_username() if actor is not None and actor.pk else "system")[:200],
        action=action,
        object_type=obj._meta.label,
        object_id=str(obj.pk),
        object_label=str(obj)[:300],
        organisation_id=org_id,
        person_id=person_id,
        changes={k: _plain(v) for k, v in (changes or {}).items()},
    )
