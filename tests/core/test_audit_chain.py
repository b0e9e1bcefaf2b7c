"""The audit log's hash chain: ``jetpm audit verify`` finds a changed, deleted or inserted event, and
concurrent writers never fork the chain (shared/formats/trust.md)."""

from __future__ import annotations

import io
import itertools

import pytest
from django.core.management import call_command
from django.db import transaction

from jetpm.core import audit, chain, services
from jetpm.core.models import AuditChainHead, AuditEvent, Organisation
from tests.sites import Site


def verify() -> tuple[int, str]:
    out = io.StringIO()
    try:
        call_command("audit", "verify", stdout=out)
    except SystemExit as exc:
        return int(exc.code or 0), out.getvalue()
    return 0, out.getvalue()


def _events(world, n: int = 6) -> list[AuditEvent]:
    user = world.users["mic.staff"]
    for i in range(n):
        services.set_user_language(actor=user, language="ja" if i % 2 == 0 else "en")
    return list(AuditEvent.objects.order_by("seq"))


@pytest.mark.django_db
def test_an_intact_log_verifies_with_its_count(world):
    events = _events(world)
    code, out = verify()
    assert code == 0
    assert out.strip() == f"{len(events)} events verified"
    assert [e.seq for e in events] == list(range(1, len(events) + 1))
    assert events[0].prev_hash == chain.GENESIS
    assert all(b.prev_hash == a.hash for a, b in itertools.pairwise(events))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "change",
    [
        {"action": "user.password"},
        {"object_id": "999999"},
        {"changes": {"language": ["en", "fr"]}},
        {"actor_label": "someone.else"},
    ],
)
def test_a_changed_event_is_found(world, change):
    events = _events(world)
    target = events[len(events) // 2]
    AuditEvent.objects.filter(pk=target.pk).update(**change)
    code, out = verify()
    assert code == 1
    assert str(target.pk) in out.split()[1]


@pytest.mark.django_db
def test_a_deleted_event_is_found_at_the_next_one(world):
    events = _events(world)
    AuditEvent.objects.filter(pk=events[2].pk).delete()
    code, out = verify()
    assert code == 1
    assert out.split()[1] == str(events[3].pk)


@pytest.mark.django_db
def test_deleting_the_last_event_is_found(world):
    events = _events(world)
    AuditEvent.objects.filter(pk=events[-1].pk).delete()
    code, out = verify()
    assert code == 1
    assert "missing at the end" in out


@pytest.mark.django_db
def test_an_event_inserted_outside_the_chain_is_found(world):
    events = _events(world)
    forged = AuditEvent.objects.bulk_create(
        [AuditEvent(action="user.language", object_type="core.User", object_id="1", changes={})]
    )[0]
    code, out = verify()
    assert code == 1 and out.split()[1] == str(forged.pk)
    # and one appended after the head with a guessed link: its hash cannot match
    AuditEvent.objects.filter(pk=forged.pk).update(
        seq=len(events) + 1, prev_hash=events[-1].hash, hash="0" * 64
    )
    code, out = verify()
    assert code == 1 and out.split()[1] == str(forged.pk)


@pytest.mark.django_db
def test_redacted_personal_values_still_verify(world):
    """A purge blanks the labels and changes of an event (marked redacted): the chain still holds."""
    events = _events(world)
    AuditEvent.objects.filter(pk=events[1].pk).update(
        actor_label="", object_label="", changes={}, redacted=True
    )
    assert verify()[0] == 0
    # but changing what the hash covers directly is still found
    AuditEvent.objects.filter(pk=events[1].pk).update(action="forged")
    assert verify()[0] == 1


@pytest.mark.django_db
def test_bulk_writers_join_the_chain(world):
    _events(world, 2)
    org = Organisation.objects.first()
    batch = [
        AuditEvent(
            action="bulk.test", object_type="core.Organisation", object_id=str(org.pk), changes={"n": i}
        )
        for i in range(5)
    ]
    with transaction.atomic():
        audit.record_many(batch)
    total = AuditEvent.objects.count()
    assert verify() == (0, f"{total} events verified\n")
    head = AuditChainHead.objects.get(pk=1)
    assert head.last_seq == total and head.last_hash == AuditEvent.objects.get(seq=total).hash
    assert list(
        AuditEvent.objects.filter(action="bulk.test").order_by("seq").values_list("changes", flat=True)
    ) == [{"n": i} for i in range(5)]


_WRITER = """
import time
from django.db import transaction
from jetpm.core import audit
from jetpm.core.models import Organisation
org = Organisation.objects.get(code="mic")
start = time.time() + 2  # the four writers start together
while time.time() < start:
    time.sleep(0.01)
for i in range(25):
    with transaction.atomic():
        audit.record(actor=None, action="concurrency.test", obj=org, changes={"i": i})
"""


@pytest.mark.slow
def test_concurrent_writers_never_fork_the_chain(tmp_path):
    """Four processes write audit events at the same moment into one database (PostgreSQL queues them on
    the chain head's row lock, SQLite on its write lock): every event lands once and the chain stays one
    line. Separate processes, a scratch database: the test's own database is not flushed."""
    site = Site(tmp_path, "chain")
    try:
        site.ok("migrate", "--no-input", "-v0")
        site.ok(
            "shell",
            "-c",
            "from jetpm.core.models import Organisation; "
            "Organisation.objects.create(kind='mic', name_ja='総務省', name_en='MIC', code='mic')",
        )
        writers = [site.start("shell", "-c", _WRITER) for _ in range(4)]
        for w in writers:
            _out, err = w.communicate(timeout=300)
            assert w.returncode == 0, err
        assert site.ok("audit", "verify") == "100 events verified\n"
        seqs = site.ok(
            "shell",
            "-c",
            "from jetpm.core.models import AuditEvent; "
            "print(sorted(AuditEvent.objects.values_list('seq', flat=True)) == list(range(1, 101)))",
        )
        assert seqs.strip().endswith("True")
    finally:
        site.drop()


@pytest.mark.django_db
def test_the_chain_page_shows_its_state_to_national_staff_only(world, client):
    from django.urls import reverse

    events = _events(world)
    url = reverse("core:audit_chain")
    client.force_login(world.users["mic.staff"])
    page = client.get(url).content.decode()
    # no verification recorded yet: the page checks the chain from the first event (up to its limit)
    assert "Intact so far." in page and f"({AuditEvent.objects.count()} events)" in page
    assert url in client.get(reverse("core:audit_list")).content.decode()
    AuditEvent.objects.filter(pk=events[2].pk).update(action="forged")
    page = client.get(url).content.decode()
    assert "Broken" in page and f"#{events[2].pk}" in page
    client.force_login(world.users["mission_a.admin"])
    assert client.get(url).status_code == 404
    assert url not in client.get(reverse("core:audit_list")).content.decode()
