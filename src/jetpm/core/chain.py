"""The audit log's hash chain (pure: no Django). See shared/formats/trust.md, ``jetpm audit verify``.

Every event stores ``hash = SHA-256(previous hash, its sequence number, its content)``. Personal values
(the actor's and the record's display labels, the changes) are hashed apart into ``personal_digest``, so a
purge of personal data may blank them while the chain still verifies: the event hash covers the digest,
and the digest is checked against the values only while they are still there (not redacted).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

GENESIS = ""


def canonical_json(value: Any) -> str:
    """One spelling of a JSON value: sorted keys, no spaces, UTF-8 text as is."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def normalise_changes(changes: dict[str, Any]) -> dict[str, Any]:
    """The changes as they read back from a JSON column (keys as strings, tuples as lists)."""
    loaded: dict[str, Any] = json.loads(canonical_json(changes))
    return loaded


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def personal_digest(*, actor_label: str, object_label: str, changes: dict[str, Any]) -> str:
    return personal_digest_of(
        actor_label=actor_label, object_label=object_label, changes_json=canonical_json(changes)
    )


def personal_digest_of(*, actor_label: str, object_label: str, changes_json: str) -> str:
    """The digest of ``{"actor": …, "changes": …, "record": …}`` in canonical JSON, with the changes given
    already in canonical JSON (a writer that has just encoded them): the keys in their sorted order."""
    actor, record = canonical_json(actor_label), canonical_json(object_label)
    return _sha256('{"actor":' + actor + ',"changes":' + changes_json + ',"record":' + record + "}")


def timestamp(at: datetime) -> str:
    return at.astimezone(UTC).isoformat(timespec="microseconds")


@dataclass(frozen=True)
class Content:
    """What one event's hash covers."""

    seq: int
    at: datetime
    actor_id: int | None
    action: str
    object_type: str
    object_id: str
    organisation_id: int | None
    person_id: int | None
    personal_digest: str


def event_hash(prev_hash: str, c: Content) -> str:
    return _sha256(
        canonical_json(
            [
                prev_hash,
                c.seq,
                timestamp(c.at),
                c.actor_id,
                c.action,
                c.object_type,
                c.object_id,
                c.organisation_id,
                c.person_id,
                c.personal_digest,
            ]
        )
    )


@dataclass(frozen=True)
class Stored:
    """One event as stored, for verification."""

    id: int
    seq: int | None
    prev_hash: str
    hash: str
    content: Content | None  # None when seq is missing (an event written outside the chain)
    digest_of_values: str | None  # the digest recomputed from the values; None when redacted


@dataclass(frozen=True)
class Verdict:
    verified: int
    first_bad_id: int | None = None
    reason: str = ""

    @property
    def intact(self) -> bool:
        return self.first_bad_id is None and not self.reason


def verify(events: Iterable[Stored], *, head_seq: int, head_hash: str) -> Verdict:
    """Walk the events in sequence order from the first; stop at the first that does not match."""
    prev = GENESIS
    expected = 1
    count = 0
    for e in events:
        if e.seq is None or e.content is None:
            return Verdict(count, e.id, "not in the chain")
        if e.seq != expected:
            return Verdict(count, e.id, "a gap or a repeat in the sequence before it")
        if e.prev_hash != prev:
            return Verdict(count, e.id, "link to the previous event does not match")
        if e.digest_of_values is not None and e.digest_of_values != e.content.personal_digest:
            return Verdict(count, e.id, "content changed")
        if event_hash(prev, e.content) != e.hash:
            return Verdict(count, e.id, "content changed")
        prev = e.hash
        expected += 1
        count += 1
    if count != head_seq or prev != head_hash:
        return Verdict(count, None, "events missing at the end of the chain")
    return Verdict(count)
