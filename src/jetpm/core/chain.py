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


# What can be wrong with the chain, by code (stored with a recorded verification: core.states.ChainProblem
# names them in the reader's language) and in the words of ``jetpm audit verify`` (shared/formats/trust.md).
NOT_IN_CHAIN = "unsealed"
SEQUENCE = "sequence"
LINK = "link"
CONTENT = "content"
MISSING_END = "missing_end"
# an event a recorded verification found intact no longer has the hash it had then (the page's check)
VERIFIED_CHANGED = "verified_changed"
REASONS = {
    NOT_IN_CHAIN: "not in the chain",
    SEQUENCE: "a gap or a repeat in the sequence before it",
    LINK: "link to the previous event does not match",
    CONTENT: "content changed",
    MISSING_END: "events missing at the end of the chain",
    VERIFIED_CHANGED: "changed or deleted since it was verified",
}


@dataclass(frozen=True)
class Verdict:
    """How far a walk along the chain went: the events verified, the last of them (its sequence number and
    hash), and the first event that does not match with the problem's code (none when intact).
    ``complete`` is False when the walk stopped at its limit before the chain's head."""

    verified: int
    first_bad_id: int | None = None
    problem: str = ""
    last_seq: int = 0
    last_hash: str = GENESIS
    complete: bool = True

    @property
    def intact(self) -> bool:
        return self.first_bad_id is None and not self.problem

    @property
    def reason(self) -> str:
        return REASONS.get(self.problem, self.problem)


def verify(
    events: Iterable[Stored],
    *,
    head_seq: int,
    head_hash: str,
    after_seq: int = 0,
    after_hash: str = GENESIS,
    limit: int | None = None,
) -> Verdict:
    """Walk the events in sequence order from the one after ``after_seq`` (whose hash is ``after_hash``;
    from the first event by default); stop at the first that does not match, or after ``limit`` events.

    The walk must reach the head (``head_seq``, ``head_hash``, read before the events): events appended
    since are walked too (each must link to the one before it), so a writer adding events meanwhile is no
    false alarm, while an event forged after the head cannot have a matching hash."""
    prev = after_hash
    expected = after_seq + 1
    count = 0
    at_head = after_hash if head_seq == after_seq else None  # the hash of the head's event, once walked
    for e in events:
        if limit is not None and count >= limit:
            return Verdict(count, last_seq=expected - 1, last_hash=prev, complete=False)
        if e.seq is None or e.content is None:
            return Verdict(count, e.id, NOT_IN_CHAIN, expected - 1, prev)
        if e.seq != expected:
            return Verdict(count, e.id, SEQUENCE, expected - 1, prev)
        if e.prev_hash != prev:
            return Verdict(count, e.id, LINK, expected - 1, prev)
        if e.digest_of_values is not None and e.digest_of_values != e.content.personal_digest:
            return Verdict(count, e.id, CONTENT, expected - 1, prev)
        if event_hash(prev, e.content) != e.hash:
            return Verdict(count, e.id, CONTENT, expected - 1, prev)
        prev = e.hash
        if e.seq == head_seq:
            at_head = prev
        expected += 1
        count += 1
    if at_head is None or at_head != head_hash:
        return Verdict(count, None, MISSING_END, expected - 1, prev)
    return Verdict(count, last_seq=expected - 1, last_hash=prev)
