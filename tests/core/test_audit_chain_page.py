"""The audit chain's recorded verifications and its page (issue 15): every full verification is recorded
(command, daily task, "Verify now"); the page checks only the events after the last intact verification, in
a bounded number of queries, and shows a break prominently with its first event."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult

from jetpm.core import audit, chain, selectors, tasks
from jetpm.core.models import AuditEvent, ChainVerification, Organisation, ScheduledVerification

pytestmark = pytest.mark.django_db
URL = "/audit/chain/"
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _add_events(n: int) -> list[AuditEvent]:
    """``n`` more events at the end of the chain (one bulk write), in their order."""
    org = Organisation.objects.order_by("pk").first()
    batch = [
        AuditEvent(
            action="bulk.test", object_type="core.Organisation", object_id=str(org.pk), changes={"n": i}
        )
        for i in range(n)
    ]
    with transaction.atomic():
        audit.record_many(batch)
    return list(AuditEvent.objects.filter(pk__in=[e.pk for e in batch]).order_by("seq"))


def _verify_command() -> tuple[int, str]:
    out = io.StringIO()
    try:
        call_command("audit", "verify", stdout=out)
    except SystemExit as exc:
        return int(exc.code or 0), out.getvalue()
    return 0, out.getvalue()


def _page(client: Client, **params: str) -> str:
    response = client.get(URL, params)
    assert response.status_code == 200
    return response.content.decode()


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_command_records_each_verification_and_prints_as_before(world):
    events = _add_events(5)
    total = AuditEvent.objects.count()
    assert _verify_command() == (0, f"{total} events verified\n")
    run = ChainVerification.objects.get()
    last = AuditEvent.objects.get(seq=total)
    assert run.trigger == "command" and run.actor is None and run.intact is True
    assert (run.verified, run.last_seq, run.last_hash) == (total, total, last.hash)
    assert run.started_at is not None and run.finished_at is not None and run.problem == ""
    # a broken chain: exit 1, the first bad event printed, and recorded with it
    AuditEvent.objects.filter(pk=events[2].pk).update(action="forged")
    code, out = _verify_command()
    assert code == 1 and out == f"event {events[2].pk} does not match: content changed\n"
    broken = ChainVerification.objects.order_by("-id").first()
    assert (
        broken.intact is False and broken.first_bad_event_id == events[2].pk and broken.problem == "content"
    )
    assert broken.verified == events[2].seq - 1 and broken.last_seq == events[2].seq - 1
    assert broken.last_hash == AuditEvent.objects.get(seq=events[2].seq - 1).hash


def test_the_page_runs_the_same_queries_for_50_and_500_events(world, client):
    """The page reads the head, the recorded verifications (one page of them) and the events after the last
    intact one: the same queries whatever the length of the chain and of the list."""
    client.force_login(world.users["mic.staff"])
    assert "No daily verification is booked" in _page(client)
    _add_events(50)
    _verify_command()
    _add_events(50)
    _page(client)  # sessions, translations: warmed
    with CaptureQueriesContext(connection) as small:
        html = _page(client)
    anchor = ChainVerification.objects.get()
    assert "Checked just now: events" in _text(html)
    assert f"#{anchor.last_seq + 1:,} to #{anchor.last_seq + 50:,} (50 events)" in _text(html)

    _add_events(450)
    for _ in range(3):
        _verify_command()
    _add_events(500)
    with CaptureQueriesContext(connection) as large:
        html = _page(client)
    anchor = ChainVerification.objects.order_by("-last_seq").first()
    assert f"#{anchor.last_seq + 1:,} to #{anchor.last_seq + 500:,} (500 events)" in _text(html)
    assert len(large) == len(small), [q["sql"] for q in large.captured_queries]
    assert len(large) <= 16


def test_the_page_checks_at_most_its_limit_and_says_what_is_left(world):
    _add_events(10)
    _verify_command()
    first_new = _add_events(30)[0]
    state = selectors.audit_chain_state(world.users["mic.staff"], limit=12)
    assert state.checked.intact and not state.checked.complete
    assert (state.checked_from, state.checked_to) == (first_new.seq, first_new.seq + 11)
    assert state.unchecked == 18
    # the whole tail when it is under the limit
    state = selectors.audit_chain_state(world.users["mic.staff"])
    assert state.checked.complete and state.checked.verified == 30 and state.unchecked == 0
    assert state.head_seq == AuditEvent.objects.count()


def test_a_row_changed_after_the_last_verification_is_found_by_the_page(world, client):
    _add_events(20)
    _verify_command()
    new = _add_events(20)
    client.force_login(world.users["mic.staff"])
    assert "Intact." in _page(client)
    AuditEvent.objects.filter(pk=new[7].pk).update(object_id="999999")
    html = _page(client)
    assert 'data-testid="chain-broken"' in html and 'data-testid="chain-state"' not in html
    text = _text(html)
    assert f"The first event that does not match is #{new[7].pk} : its content was changed." in text
    assert "Found just now by this page's check" in text
    assert reverse("core:audit_detail", kwargs={"event_id": new[7].pk}) in html


def test_a_row_changed_before_the_last_verification_is_found_by_the_full_verification(world, client):
    old = _add_events(20)
    _verify_command()
    _add_events(5)
    client.force_login(world.users["mic.staff"])
    AuditEvent.objects.filter(pk=old[4].pk).update(changes={"n": "forged"})
    # the page checks only what came after the last verification: it cannot see this one
    assert 'data-testid="chain-broken"' not in _page(client)
    response = client.post(URL)
    assert response.status_code == 302 and response["Location"] == URL
    run = ChainVerification.objects.order_by("-id").first()
    assert run.trigger == "page" and run.actor == world.users["mic.staff"] and run.finished_at is not None
    assert run.intact is False and run.first_bad_event_id == old[4].pk and run.problem == "content"
    html = _page(client)
    text = _text(html)
    assert 'data-testid="chain-broken"' in html
    assert f"The first event that does not match is #{old[4].pk} : its content was changed." in text
    assert "Found by the full verification of" in text


def test_the_verified_event_itself_changed_or_deleted_is_found_by_the_page(world, client):
    events = _add_events(10)
    _verify_command()
    client.force_login(world.users["mic.staff"])
    # the event the verification ended at: its content changed, then its hash rewritten too
    last = events[-1]
    AuditEvent.objects.filter(pk=last.pk).update(object_id="999999")
    text = _text(_page(client))
    assert f"#{last.pk} : changed or deleted since a verification found it intact." in text
    AuditEvent.objects.filter(pk=last.pk).update(action="forged", hash="f" * 64)
    text = _text(_page(client))
    assert f"#{last.pk} : changed or deleted since a verification found it intact." in text
    # deleted, with an event after it: the break is at that event, as the full verification finds it
    after = _add_events(1)[0]
    AuditEvent.objects.filter(pk=last.pk).delete()
    text = _text(_page(client))
    assert f"#{after.pk} : a gap or a repeat in the sequence before it." in text
    assert (
        _verify_command()[1]
        == f"event {after.pk} does not match: a gap or a repeat in the sequence before it\n"
    )
    # deleted at the end of the chain
    AuditEvent.objects.filter(pk=after.pk).delete()
    ChainVerification.objects.filter(intact=False).delete()
    assert "Events are missing at the end of the chain." in _text(_page(client))


def test_verify_now_is_recorded_with_an_audit_event_and_asks_to_confirm_a_long_one(
    world, client, monkeypatch
):
    _add_events(5)
    client.force_login(world.users["clair.staff"])
    monkeypatch.setattr(selectors, "CONFIRM_VERIFICATION_ABOVE", 3)
    html = client.post(URL).content.decode()
    assert 'data-testid="confirm"' in html and "Please confirm: this takes a while" in html
    assert not ChainVerification.objects.exists()
    response = client.post(URL, {"confirmed": "yes"}, follow=True)
    run = ChainVerification.objects.get()
    assert run.trigger == "page" and run.intact is True and run.verified == run.last_seq
    event = AuditEvent.objects.get(action="audit.verify.request")
    assert event.actor == world.users["clair.staff"] and event.object_id == str(run.pk)
    assert event.object_label == str(run) and event.object_label.startswith("Audit log verification of ")
    assert "The full verification was asked for" in response.content.decode()
    text = _text(response.content.decode())
    assert "Asked for on the page (clair.staff)" in text and "Intact" in text


def test_a_verification_is_named_by_its_japan_time_in_the_readers_language():
    run = ChainVerification(trigger="command", requested_at=datetime(2026, 4, 1, 15, 30, tzinfo=UTC))
    with translation.override("en"):
        assert str(run) == "Audit log verification of 2 Apr 2026, 00:30"
    with translation.override("ja"):
        assert str(run) == "2026/04/02 00:30 の監査ログの検証"


def test_verify_now_is_refused_while_another_is_waiting(world, client):
    client.force_login(world.users["mic.staff"])
    waiting = ChainVerification.objects.create(trigger="page", actor=world.users["mic.staff"])
    html = _page(client)
    assert 'data-testid="chain-pending"' in html and 'data-testid="chain-verify"' not in html
    response = client.post(URL, follow=True)
    assert "has not finished yet" in response.content.decode()
    assert ChainVerification.objects.count() == 1
    # one lost long ago (its worker stopped) no longer holds the button back
    ChainVerification.objects.filter(pk=waiting.pk).update(requested_at=timezone.now() - timedelta(hours=2))
    assert 'data-testid="chain-verify"' in _page(client)
    client.post(URL)
    assert ChainVerification.objects.filter(finished_at__isnull=False).count() == 1


@override_settings(TASKS=DB_TASKS)
def test_verify_now_queues_the_worker_in_the_same_transaction(world, client):
    client.force_login(world.users["mic.staff"])
    client.post(URL)
    run = ChainVerification.objects.get()
    queued = DBTaskResult.objects.get()
    assert run.finished_at is None and run.task_id == str(queued.id)
    assert queued.task_path == "jetpm.core.tasks.verify_requested"
    assert queued.args_kwargs == {"args": [run.pk], "kwargs": {}}
    assert "is waiting for the background worker" in _page(client)
    tasks.verify_requested.call(run.pk)  # what the worker does
    run.refresh_from_db()
    assert run.intact is True and run.verified == AuditEvent.objects.count()


def test_only_national_staff_see_the_page_and_verify(world):
    for username in ("mission_a.admin", "mission_a.staff"):
        c = Client()
        c.force_login(world.users[username])
        assert c.get(URL).status_code == 404
        assert c.post(URL).status_code == 404
    assert not ChainVerification.objects.exists()
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(world.users["mic.staff"])
    assert strict.post(URL).status_code == 403
    assert not ChainVerification.objects.exists()
    superuser = Client()
    superuser.force_login(world.users["superuser"])
    assert superuser.get(URL).status_code == 200


def test_the_recorded_verifications_are_listed_a_page_at_a_time(world, client, settings):
    settings.JETPM_PAGE_SIZE = 3
    for _ in range(4):
        _verify_command()
    client.force_login(world.users["mic.staff"])
    first = _page(client)
    assert first.count("Command line") == 3 and "Page 1 of 2" in first
    assert _page(client, page="2").count("Command line") == 1


@override_settings(TASKS=DB_TASKS)
def test_the_daily_verification_records_and_books_exactly_one_next_run(world, client):
    today = timezone.localdate()
    tasks.daily_verification.call(today.isoformat())
    run = ChainVerification.objects.get()
    assert run.trigger == "task" and run.intact is True and run.verified == AuditEvent.objects.count()
    tomorrow = today + timedelta(days=1)
    slot = ScheduledVerification.objects.get()
    assert slot.run_on == tomorrow
    queued = DBTaskResult.objects.get()
    assert str(queued.id) == slot.task_id and queued.task_path == "jetpm.core.tasks.daily_verification"
    assert timezone.localtime(queued.run_after) == timezone.make_aware(
        datetime.combine(tomorrow, tasks.VERIFY_AT)
    )
    tasks.daily_verification.call(today.isoformat())  # run again (a retry): nothing more is booked
    assert ScheduledVerification.objects.count() == 1 and DBTaskResult.objects.count() == 1
    client.force_login(world.users["mic.staff"])
    text = _text(_page(client))
    assert "The next daily verification is booked for" in text and "Daily task" in text


@override_settings(TASKS=DB_TASKS)
def test_the_schedule_command_books_the_daily_verification_once():
    out = io.StringIO()
    call_command("audit", "schedule", stdout=out)
    assert "daily verification booked: next run" in out.getvalue()
    call_command("audit", "schedule", stdout=out)
    assert "already booked" in out.getvalue()
    assert ScheduledVerification.objects.count() == 1 and DBTaskResult.objects.count() == 1


def test_the_page_reads_in_japanese(world, client):
    _add_events(3)
    _verify_command()
    user = world.users["mic.staff"]
    user.language = "ja"
    user.save(update_fields=["language"])
    client.force_login(user)
    html = _page(client)
    assert (
        "監査ログの完全性" in html
        and "記録された検証" in html
        and "コマンド" in html
        and "改ざんはありません。" in html
    )


def test_the_pure_walk_starts_after_a_verified_point_and_accepts_events_written_meanwhile():
    """chain.verify from a point (the page's check), and events appended after the head it read (a writer
    meanwhile) walked too, not taken for events missing at the end."""
    at = timezone.now()

    def stored(seq: int, prev: str) -> chain.Stored:
        content = chain.Content(seq, at, None, "x", "core.User", "1", None, None, "d")
        return chain.Stored(seq, seq, prev, chain.event_hash(prev, content), content, None)

    events, prev = [], chain.GENESIS
    for seq in range(1, 8):
        events.append(stored(seq, prev))
        prev = events[-1].hash
    full = chain.verify(events, head_seq=5, head_hash=events[4].hash)
    assert full.intact and full.verified == 7 and full.last_seq == 7 and full.last_hash == events[6].hash
    tail = chain.verify(
        events[3:], head_seq=7, head_hash=events[6].hash, after_seq=3, after_hash=events[2].hash
    )
    assert tail.intact and tail.verified == 4
    limited = chain.verify(
        events[3:], head_seq=7, head_hash=prev, after_seq=3, after_hash=events[2].hash, limit=2
    )
    assert limited.intact and not limited.complete and limited.last_seq == 5
    short = chain.verify(events[:4], head_seq=7, head_hash=prev)
    assert short.problem == chain.MISSING_END and short.verified == 4
    wrong_start = chain.verify(events[3:], head_seq=7, head_hash=prev, after_seq=3, after_hash="0" * 64)
    assert wrong_start.first_bad_id == events[3].id and wrong_start.problem == chain.LINK


def test_an_event_forged_after_the_head_with_a_matching_hash_is_not_in_the_chain(world, client):
    """Writers move the head in the same transaction as their events: an event beyond the head, however well
    its hash is computed, was written outside the chain (for the full verification and the page alike)."""
    _add_events(5)
    _verify_command()
    last = AuditEvent.objects.order_by("-seq").first()
    forged = AuditEvent(action="user.language", object_type="core.User", object_id="1", changes={})
    forged.at = timezone.now()
    audit.seal(forged, seq=last.seq + 1, prev_hash=last.hash)
    forged.save(force_insert=True)
    client.force_login(world.users["mic.staff"])
    text = _text(_page(client))
    assert f"#{forged.pk} : written outside the chain." in text
    assert _verify_command() == (1, f"event {forged.pk} does not match: not in the chain\n")
    run = ChainVerification.objects.order_by("-id").first()
    assert run.intact is False and run.verified == last.seq and run.last_hash == last.hash


def test_the_page_words_a_first_check_a_single_event_and_large_counts(world, client, monkeypatch):
    """No verification yet: the checked events "are intact" (there is nothing they follow on from); one
    event is one event, never "#n to #n (1 events)"; counts are grouped by three."""
    user = world.users["mic.staff"]
    client.force_login(user)
    text = _text(_page(client))
    assert "Checked just now: events #1 to #" in text and "are intact." in text and "from it" not in text
    _verify_command()
    (one,) = _add_events(1)
    text = _text(_page(client))
    assert f"Checked just now: event #{one.seq:,}, the only one since, follows on from it." in text
    assert f"#{one.seq:,} to" not in text and "(1 events)" not in text
    user.language = "ja"
    user.save(update_fields=["language"])
    ja = _text(_page(client))
    assert f"#{one.seq:,} から" not in ja and "（1 件）" not in ja and f"#{one.seq:,}" in ja
    user.language = "en"
    user.save(update_fields=["language"])
    _add_events(1200)
    monkeypatch.setattr(selectors, "PAGE_CHECK_LIMIT", 10)
    text = _text(_page(client))
    assert "1,191 newer events are left" in text
