"""Recording audit events. Called by services inside their transaction, never by views.

Every event joins the hash chain (core/chain.py): the writer takes the chain's head row with an UPDATE
first (a row lock on PostgreSQL, the write lock on SQLite), so concurrent transactions queue there and the
chain never forks; the lock is held until the caller's transaction commits.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone

from jetpm.core import bulk, chain
from jetpm.core.models import AuditChainHead, AuditEvent, Organisation, Person, User


def _plain(value: Any) -> Any:
    kind = type(value)
    if kind is str or kind is int or value is None or kind is bool:  # the usual case, first
        return value
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


def save_changes(
    obj: Model,
    values: Mapping[str, Any],
    *,
    fields: list[str],
    actor: User | None,
    action: str,
    organisation: Organisation | int | None = None,
    person: Person | int | None = None,
) -> dict[str, list[Any]]:
    """Set ``values`` on ``obj``; when any of ``fields`` changed, save it and record ``action`` with the
    changes. The changes (``{field: [before, after]}``), empty when nothing changed (nothing is written)."""
    before = snapshot(obj, fields)
    for name, value in values.items():
        setattr(obj, name, value)
    changes = diff(before, snapshot(obj, fields))
    if changes:
        obj.save()
        record(actor=actor, action=action, obj=obj, changes=changes, organisation=organisation, person=person)
    return changes


def record(
    *,
    actor: User | None,
    action: str,
    obj: Model,
    changes: dict[str, Any] | None = None,
    organisation: Organisation | int | None = None,
    person: Person | int | None = None,
) -> AuditEvent:
    built = event(
        actor=actor, action=action, obj=obj, changes=changes, organisation=organisation, person=person
    )
    record_many([built])
    return built


def label_of(obj: Model) -> str:
    """The record's name as the event keeps it: its ``audit_label()`` when it has one (a name with a date or
    a time, kept as ISO text or in UTC and shown to each reader in their language and zone by
    ``core.audit_labels.record_label``), else its ``str``."""
    audit_label = getattr(obj, "audit_label", None)
    return str(audit_label() if callable(audit_label) else obj)[:300]


def event(
    *,
    actor: User | None,
    action: str,
    obj: Model,
    changes: dict[str, Any] | None = None,
    organisation: Organisation | int | None = None,
    person: Person | int | None = None,
) -> AuditEvent:
    """An audit event not yet written (for :func:`record_many`, when one step writes many)."""
    known = actor is not None and actor.pk
    values = {
        "at": timezone.now(),
        "actor_id": actor.pk if known else None,  # type: ignore[union-attr]
        "actor_label": (actor.get_username() if known else "system")[:200],  # type: ignore[union-attr]
        "action": action,
        "object_type": obj._meta.label,
        "object_id": str(obj.pk),
        "object_label": label_of(obj),
        "organisation_id": organisation.pk if isinstance(organisation, Model) else organisation,
        "person_id": person.pk if isinstance(person, Model) else person,
        "changes": {k: _plain(v) for k, v in (changes or {}).items()},
    }
    # positionally, every field in its order: the model's quick way in (a third of the time of keywords, for
    # the bulk steps' hundreds of thousands of events)
    return AuditEvent(*(values.get(name, default) for name, default in _event_fields()))


_FIELDS: list[tuple[str, Any]] = []


def _event_fields() -> list[tuple[str, Any]]:
    """(attname, value when not given) of every concrete field of AuditEvent, in the model's order."""
    if not _FIELDS:
        _FIELDS.extend(
            (f.attname, None if f.primary_key or not f.has_default() else f.get_default())
            for f in AuditEvent._meta.concrete_fields
        )
    return _FIELDS


_TAKE_HEAD = (
    "UPDATE core_auditchainhead SET last_seq = last_seq + %s WHERE id = 1 RETURNING last_seq, last_hash"
)


def _take_head(count: int) -> tuple[int, str]:
    """Reserve ``count`` sequence numbers; return the first and the hash of the event before it."""
    with connection.cursor() as cursor:
        cursor.execute(_TAKE_HEAD, [count])
        row = cursor.fetchone()
        if row is None:  # a database created without the head row (it is made by a migration)
            AuditChainHead.objects.get_or_create(pk=1)
            cursor.execute(_TAKE_HEAD, [count])
            row = cursor.fetchone()
    last_seq, last_hash = int(row[0]), str(row[1])
    return last_seq - count + 1, last_hash


def seal(event: AuditEvent, *, seq: int, prev_hash: str) -> str:
    """Fill an unsaved event's chain fields; return its hash."""
    _seal(event, seq=seq, prev_hash=prev_hash)
    return event.hash


def _seal(event: AuditEvent, *, seq: int, prev_hash: str) -> str:
    """:func:`seal`, returning the changes in canonical JSON (encoded once: normalised, digested, stored)."""
    text = chain.canonical_json(event.changes or {})
    event.changes = json.loads(text)  # as they read back from the JSON column (string keys, lists)
    event.seq = seq
    event.prev_hash = prev_hash
    event.personal_digest = chain.personal_digest_of(
        actor_label=event.actor_label, object_label=event.object_label, changes_json=text
    )
    event.hash = chain.event_hash(prev_hash, content_of(event))
    return text


def content_of(event: AuditEvent) -> chain.Content:
    assert event.seq is not None
    return chain.Content(
        seq=event.seq,
        at=event.at,
        actor_id=event.actor_id,
        action=event.action,
        object_type=event.object_type,
        object_id=event.object_id,
        organisation_id=event.organisation_id,
        person_id=event.person_id,
        personal_digest=event.personal_digest,
    )


def record_many(events: Sequence[AuditEvent], *, stamp: bool = True, batch_size: int = 2000) -> None:
    """Chain and save unsaved events in their order (bulk writers: one lock, one insert per batch).

    ``stamp`` sets their time to the moment they join the chain (a historical import passes False)."""
    if not events:
        return
    # inside the caller's transaction (no savepoint of its own); a transaction of its own when called alone
    with transaction.atomic(savepoint=False):
        seq, prev = _take_head(len(events))
        now = timezone.now()
        texts = []
        for i, event in enumerate(events):
            if stamp or event.at is None:
                event.at = now
            texts.append(_seal(event, seq=seq + i, prev_hash=prev))
            prev = event.hash
        AuditChainHead.objects.filter(pk=1).update(last_hash=prev)
        if len(events) == 1:
            events[0].save(force_insert=True)
        else:  # the changes as JSON text (both drivers send text of an unknown type: the column parses it)
            bulk.insert_many(events, batch_size=batch_size, prepared={"changes": texts})


_COLUMNS = (
    "id",
    "seq",
    "prev_hash",
    "hash",
    "at",
    "actor_id",
    "actor_label",
    "action",
    "object_type",
    "object_id",
    "object_label",
    "organisation_id",
    "person_id",
    "changes",
    "personal_digest",
    "redacted",
)


def chain_head() -> tuple[int, str]:
    """The chain's last sequence number and hash, as the writers left them."""
    head = AuditChainHead.objects.filter(pk=1).values_list("last_seq", "last_hash").first()
    return (int(head[0]), str(head[1])) if head else (0, chain.GENESIS)


def _first_unsealed() -> int | None:
    """An event written outside the chain (no sequence number), the first by id: reported first, whatever
    the order of NULLs."""
    return AuditEvent.objects.filter(seq__isnull=True).order_by("id").values_list("id", flat=True).first()


def verify_chain() -> chain.Verdict:
    """Recompute the whole chain from the first event (``jetpm audit verify``, the daily verification)."""
    head_seq, head_hash = chain_head()
    unsealed = _first_unsealed()
    if unsealed is not None:
        return chain.Verdict(0, unsealed, chain.NOT_IN_CHAIN)
    rows = AuditEvent.objects.order_by("seq", "id").values_list(*_COLUMNS).iterator(chunk_size=5000)
    verdict = chain.verify((_stored(r) for r in rows), head_seq=head_seq, head_hash=head_hash)
    return _written_meanwhile(verdict, head_seq)


def verify_after(*, seq: int, hash_: str, limit: int, head: tuple[int, str] | None = None) -> chain.Verdict:
    """Check the chain from a point a verification found intact: the event at ``seq`` still has the hash
    ``hash_`` it had then (and its content still gives that hash), then at most ``limit`` events after it,
    linked from it. A bounded amount of work (four queries) whatever the length of the chain; the events
    before ``seq`` are the full verification's to check."""
    head_seq, head_hash = head or chain_head()
    if seq:
        row = AuditEvent.objects.filter(seq=seq).values_list(*_COLUMNS).first()
        anchor = _stored(row) if row is not None else None
        if anchor is None:  # deleted: the break is where the full verification would find it
            after = _next_id(seq)
            problem = chain.SEQUENCE if after is not None else chain.MISSING_END
            return chain.Verdict(0, after, problem, seq - 1, complete=False)
        if anchor.hash != hash_ or anchor.content is None:
            return chain.Verdict(0, anchor.id, chain.VERIFIED_CHANGED, seq - 1, complete=False)
        digest_ok = anchor.digest_of_values in (None, anchor.content.personal_digest)
        if not digest_ok or chain.event_hash(anchor.prev_hash, anchor.content) != anchor.hash:
            return chain.Verdict(0, anchor.id, chain.VERIFIED_CHANGED, seq - 1, complete=False)
    unsealed = _first_unsealed()
    if unsealed is not None:
        return chain.Verdict(0, unsealed, chain.NOT_IN_CHAIN, seq, hash_)
    rows = AuditEvent.objects.filter(seq__gt=seq).order_by("seq").values_list(*_COLUMNS)[: limit + 1]
    verdict = chain.verify(
        (_stored(r) for r in rows.iterator(chunk_size=2000)),
        head_seq=head_seq,
        head_hash=head_hash,
        after_seq=seq,
        after_hash=hash_,
        limit=limit,
    )
    return _written_meanwhile(verdict, head_seq)


def _written_meanwhile(verdict: chain.Verdict, head_seq: int) -> chain.Verdict:
    """A walk that went past the head it read first: the events beyond were written meanwhile only if the
    head has moved on to them since (writers move it in the same transaction); an event beyond the head as
    it is now was written outside the chain, whatever its hash."""
    if not verdict.intact or verdict.last_seq <= head_seq:
        return verdict
    now_seq, _now_hash = chain_head()
    if verdict.last_seq <= now_seq:
        return verdict
    beyond = AuditEvent.objects.filter(seq=now_seq + 1).values_list("id", flat=True).first()
    last_hash = AuditEvent.objects.filter(seq=now_seq).values_list("hash", flat=True).first()
    verified = max(0, verdict.verified - (verdict.last_seq - now_seq))
    return chain.Verdict(verified, beyond, chain.NOT_IN_CHAIN, now_seq, last_hash or chain.GENESIS)


def _next_id(seq: int) -> int | None:
    """The event after a deleted one (where the chain is broken), if any."""
    return AuditEvent.objects.filter(seq__gt=seq).order_by("seq").values_list("id", flat=True).first()


def _stored(r: tuple[Any, ...]) -> chain.Stored:
    (pk, seq, prev_hash, hash_, at, actor_id, actor_label, action, object_type, object_id, object_label,
     organisation_id, person_id, changes, digest, redacted) = r  # fmt: skip
    content = chain.Content(
        seq=seq,
        at=at,
        actor_id=actor_id,
        action=action,
        object_type=object_type,
        object_id=object_id,
        organisation_id=organisation_id,
        person_id=person_id,
        personal_digest=digest,
    )
    values = (
        None
        if redacted
        else chain.personal_digest(actor_label=actor_label, object_label=object_label, changes=changes or {})
    )
    return chain.Stored(pk, seq, prev_hash, hash_, content, values)
