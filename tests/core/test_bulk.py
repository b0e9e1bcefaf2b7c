"""Writing many rows at once (core/bulk.py) and the audit trail's bulk writer: the values read back as the
ORM would have written them, and the hash chain's digests are those of the canonical encoding."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, date, datetime

import pytest
from django.db import transaction

from jetpm.core import audit, bulk, chain
from jetpm.core.models import AuditEvent, Country, Milestone, Organisation, RecruitmentCycle


def test_the_digest_of_canonical_changes_is_the_digest_of_the_whole_record():
    changes = {"理由": [None, "書類不備"], "n": [1, 2], "nested": {"b": [True, None], "a": "x"}}
    whole = json.dumps(
        {"actor": "担当者", "record": "申請 GB-2027-0001", "changes": changes},
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    expected = hashlib.sha256(whole.encode("utf-8")).hexdigest()
    assert (
        chain.personal_digest(actor_label="担当者", object_label="申請 GB-2027-0001", changes=changes)
        == expected
    )
    assert (
        chain.personal_digest_of(
            actor_label="担当者", object_label="申請 GB-2027-0001", changes_json=chain.canonical_json(changes)
        )
        == expected
    )


@pytest.mark.django_db
def test_bulk_events_store_their_changes_as_read_back_and_verify(world):
    org = Organisation.objects.first()
    batch = [
        AuditEvent(
            action="bulk.test",
            object_type="core.Organisation",
            object_id=str(org.pk),
            object_label="東京都",
            changes={"理由": [None, f"第{i}回"], "pair": ("a", "b"), "when": {"on": "2026-12-06"}},
        )
        for i in range(3)
    ]
    with transaction.atomic():
        audit.record_many(batch)
    stored = list(AuditEvent.objects.filter(action="bulk.test").order_by("seq"))
    assert [e.changes for e in stored] == [
        {"理由": [None, f"第{i}回"], "pair": ["a", "b"], "when": {"on": "2026-12-06"}} for i in range(3)
    ]
    assert [e.changes for e in batch] == [e.changes for e in stored]  # the objects hold what was stored
    assert [e.pk for e in batch] == [e.pk for e in stored]
    assert audit.verify_chain().reason == ""


@pytest.mark.django_db
def test_insert_many_writes_dates_times_and_prepared_values(world):
    cycle = RecruitmentCycle.objects.order_by("intake_year").first()
    aware = datetime(2026, 12, 6, 9, 30, tzinfo=UTC)
    rows = [
        Milestone(cycle=cycle, kind=kind, starts_on=date(2026, 12, 1), ends_on=date(2027, 1, 31))
        for kind in ("bulk_a", "bulk_b")
    ]
    with transaction.atomic():
        bulk.insert_many(rows)
    assert all(r.pk for r in rows)
    assert (
        list(Milestone.objects.filter(pk__in=[r.pk for r in rows]).values_list("starts_on", flat=True))
        == [date(2026, 12, 1)] * 2
    )
    events = [AuditEvent(action="t", object_type="x", object_id="1", at=aware, changes={}) for _ in range(2)]
    with transaction.atomic():
        bulk.insert_many(events, prepared={"changes": ['{"k":1}', '{"k":2}']})
    assert [e.at for e in AuditEvent.objects.filter(pk__in=[e.pk for e in events]).order_by("pk")] == [
        aware
    ] * 2
    assert [e.changes for e in AuditEvent.objects.filter(pk__in=[e.pk for e in events]).order_by("pk")] == [
        {"k": 1},
        {"k": 2},
    ]


@pytest.mark.django_db
def test_insert_many_refuses_prepared_values_that_do_not_match_the_objects(world):
    country = Country.objects.first()
    events = [AuditEvent(action="t", object_type="x", object_id=str(country.pk)) for _ in range(3)]
    with pytest.raises(ValueError, match="changes: 2 prepared values for 3 objects"):
        bulk.insert_many(events, prepared={"changes": ["{}", "{}"]})
    assert not AuditEvent.objects.filter(action="t").exists()
