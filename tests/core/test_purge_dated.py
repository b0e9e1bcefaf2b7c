"""The purge of what is no person's file (core/purge_dated.py): sign-in records (django-axes), expired
sessions and uploaded files that no record refers to. Each goes after its period and stays before it; a
legal hold keeps the held person's sign-in records; a session still valid, an attempt the lockout still
counts, a file of the last day, a file a record names and anything behind a symbolic link stay; the run
counts them in its report and its audit event (no personal values), and the statistics keep their figures."""

from __future__ import annotations

import io
import json
import os
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import empty

from jetpm.applications.models import Document, private_storage
from jetpm.core import purge, retention, services
from jetpm.core.audit import verify_chain
from jetpm.core.models import AuditEvent, Country, LegalHold, PendingFileRemoval, PurgeRun, RetentionSchedule
from jetpm.core.states import RECORD_KIND_STARTS
from tests.core.purge_support import PurgeWorld, _application, _document, _person, build_purge_world
from tests.core.test_purge import _figures
from tests.world import make_user

pytestmark = pytest.mark.django_db

SIGN_INS = "Sign-in records (records)"
SESSIONS = "Expired sessions (sessions)"
FILES = "Uploaded files without a record (files)"


@pytest.fixture
def media(settings, tmp_path: Path) -> Iterator[Path]:
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = str(root)
    private_storage._wrapped = empty  # rebuilt on the temporary folder
    yield root
    private_storage._wrapped = empty


@pytest.fixture
def pw(world, media: Path) -> PurgeWorld:
    return build_purge_world(world)


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("privacy", "purge", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def _rows(report: str) -> dict[str, list[str]]:
    """The report's table: {kind label (unit): [action, count, kept under hold]}."""
    rows = {}
    for line in report.splitlines()[2:]:
        label, sep, rest = line.partition(")")
        if sep and rest.split() and rest.split()[0] in ("delete", "anonymise", "-"):
            rows[label + ")"] = rest.split()
    return rows


def _ago(**kw: float) -> object:
    return timezone.now() - timedelta(**kw)


def _sign_in(model: type, username: str | None, when: object, ip: str = "203.0.113.7") -> tuple[str, int]:
    extra = {"get_data": "", "post_data": "", "failures_since_start": 1} if model is AccessAttempt else {}
    row = model.objects.create(
        username=username,
        ip_address=ip,
        user_agent=f"Browser of {username}",
        http_accept="*/*",
        path_info="/login/",
        **extra,
    )
    model.objects.filter(pk=row.pk).update(attempt_time=when)  # auto_now_add
    return model.__name__, row.pk


def _old(path: Path, days: float = 3) -> Path:
    t = (timezone.now() - timedelta(days=days)).timestamp()
    os.utime(path, (t, t), follow_symlinks=False)
    return path


def _file(path: Path, data: bytes = b"%PDF-1.4\n", days: float = 3) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return _old(path, days)


def test_the_defaults_come_from_the_migration():
    got = {
        s.kind: (s.months, s.action, bool(s.basis_ja and s.basis_en))
        for s in RetentionSchedule.objects.filter(kind__in=retention.RECORD_DATED_KINDS)
    }
    assert got == {
        retention.SIGN_IN_RECORDS: (6, "delete", True),
        retention.EXPIRED_SESSIONS: (0, "delete", True),
        retention.ORPHAN_FILES: (0, "delete", True),
    }


def test_sign_in_records_go_after_their_period_and_a_hold_keeps_the_held_persons(pw, world):
    today = timezone.localdate()
    held = pw.persons["held"]
    account = make_user("held_account")
    held.user = account
    held.save(update_fields=["user"])
    due = [
        _sign_in(AccessLog, "someone@example.org", _ago(days=200)),
        _sign_in(AccessFailureLog, "someone@example.org", _ago(days=200)),
        _sign_in(AccessAttempt, "someone@example.org", _ago(days=200)),
        _sign_in(AccessLog, None, _ago(days=400)),  # a record without a username
    ]
    kept = [
        _sign_in(AccessLog, "recent@example.org", _ago(days=150)),
        _sign_in(AccessFailureLog, "recent@example.org", _ago(days=150)),
    ]
    held_rows = [
        _sign_in(AccessLog, "HELD_ACCOUNT", _ago(days=300)),  # the account's username, in other case
        _sign_in(AccessFailureLog, held.email, _ago(days=300)),  # the person's e-mail typed
    ]
    dry = _rows(_run("--dry-run", "--today", today.isoformat()))
    assert dry[SIGN_INS] == ["delete", "4", "2"]
    assert AccessLog.objects.count() == 4 and AccessAttempt.objects.count() == 1  # a dry run changes nothing
    out = _run("--today", today.isoformat())
    assert _rows(out)[SIGN_INS] == ["delete", "4", "2"]
    left = {
        (m.__name__, pk)
        for m in (AccessLog, AccessFailureLog, AccessAttempt)
        for pk in m.objects.values_list("pk", flat=True)
    }
    assert not left & set(due) and set(kept) | set(held_rows) <= left
    assert not AccessAttempt.objects.exists()
    run = PurgeRun.objects.get()
    assert run.done[retention.SIGN_IN_RECORDS] == 4 and run.held[retention.SIGN_IN_RECORDS] == 2
    # the hold lifted: the next purge takes them
    LegalHold.objects.update(lifted_at=timezone.now())
    assert purge.plan(today=today).due[retention.SIGN_IN_RECORDS] == 2


def test_an_attempt_the_lockout_still_counts_stays_whatever_the_schedule(world):
    RetentionSchedule.objects.filter(kind=retention.SIGN_IN_RECORDS).update(months=0)
    counting = _sign_in(AccessAttempt, "locked@example.org", _ago(minutes=10))
    over = _sign_in(AccessAttempt, "locked@example.org", _ago(hours=2), ip="203.0.113.8")
    _run("--today", timezone.localdate().isoformat())
    assert [("AccessAttempt", pk) for pk in AccessAttempt.objects.values_list("pk", flat=True)] == [counting]
    assert over != counting


def test_expired_sessions_go_after_their_period_and_valid_ones_stay(world):
    def session(key: str, expires: object) -> None:
        Session.objects.create(session_key=key, session_data="e30:signed", expire_date=expires)

    today = timezone.localdate()
    session("expired-an-hour-ago", _ago(hours=1))
    session("expired-40-days-ago", _ago(days=40))
    session("expired-10-days-ago", _ago(days=10))
    session("valid", timezone.now() + timedelta(hours=3))
    # at once (the default): every expired session; a future day does not remove a valid one
    tomorrow = (today + timedelta(days=1)).isoformat()
    assert _rows(_run("--dry-run", "--today", tomorrow))[SESSIONS] == ["delete", "3", "0"]
    # a month: only the one expired 40 days ago
    RetentionSchedule.objects.filter(kind=retention.EXPIRED_SESSIONS).update(months=1)
    assert _rows(_run("--today", today.isoformat()))[SESSIONS] == ["delete", "1", "0"]
    assert set(Session.objects.values_list("session_key", flat=True)) == {
        "expired-an-hour-ago",
        "expired-10-days-ago",
        "valid",
    }
    RetentionSchedule.objects.filter(kind=retention.EXPIRED_SESSIONS).update(months=0)
    _run("--today", today.isoformat())
    assert list(Session.objects.values_list("session_key", flat=True)) == ["valid"]


def test_files_without_a_record_go_and_nothing_else(world, media: Path, tmp_path: Path):
    # a document whose file is old: named by its record, it stays
    gb = Country.objects.get(code="GB")
    person = _person("files", "applicant", gb, mission=world.orgs["mission_a"])
    app = _application(person, 2031, "eligible", world.orgs["mission_a"], 9)
    doc = _document(app, "transcript", "kept-transcript")
    referenced = _old(Path(doc.file.path))
    orphan = _file(media / "applications" / "2031" / "05" / "rolled-back.pdf")
    replaced = _file(media / "jetaa" / "2031" / "05" / "replaced.png", b"\x89PNG")
    fresh = _file(media / "applications" / "2031" / "05" / "uploading.pdf", days=0.5)  # under a day old
    pending = _file(media / "applications" / "2031" / "05" / "pending.pdf")
    PendingFileRemoval.objects.create(
        model="applications.Document", field="file", name=str(pending.relative_to(media))
    )
    # outside the root, reached only through links: neither followed nor removed
    outside = tmp_path / "elsewhere"
    target = _file(outside / "secret.pdf")
    _file(outside / "folder" / "inner.pdf")
    link = media / "applications" / "link.pdf"
    link.symlink_to(target)
    _old(link)
    (media / "linked-folder").symlink_to(outside / "folder", target_is_directory=True)
    today = timezone.localdate().isoformat()

    dry = _rows(_run("--dry-run", "--today", today))
    assert dry[FILES] == ["delete", "2", "0"]
    assert orphan.exists() and replaced.exists()
    figures = _figures()
    out = _run("--today", today)
    assert _rows(out)[FILES] == ["delete", "2", "0"]  # the pending removal is done first, as its own
    assert not orphan.exists() and not replaced.exists() and not pending.exists()
    assert referenced.exists() and fresh.exists()
    assert link.is_symlink() and target.exists() and (outside / "folder" / "inner.pdf").exists()
    assert (media / "linked-folder").is_symlink()
    assert Document.objects.filter(pk=doc.pk).exists()
    run = PurgeRun.objects.get()
    assert run.done[retention.ORPHAN_FILES] == 2 and run.files == 2
    assert "files removed: 2;" in out
    assert _figures() == figures
    # a longer period keeps a file of three days
    RetentionSchedule.objects.filter(kind=retention.ORPHAN_FILES).update(months=1)
    _file(media / "applications" / "2031" / "05" / "another.pdf")
    assert purge.plan(today=timezone.localdate()).due.get(retention.ORPHAN_FILES, 0) == 0


def test_the_run_is_audited_with_counts_only_and_the_figures_stay(pw):
    today = timezone.localdate()
    _sign_in(AccessLog, "robin@purge.example.org", _ago(days=200), ip="198.51.100.23")
    Session.objects.create(session_key="gone", session_data="e30:signed", expire_date=_ago(days=2))
    orphan = _file(Path(private_storage.location) / "applications" / "orphan.pdf")
    figures = _figures()
    _run("--today", today.isoformat())
    assert not orphan.exists() and not Session.objects.exists() and not AccessLog.objects.exists()
    event = AuditEvent.objects.get(action="privacy.purge")
    for kind in retention.RECORD_DATED_KINDS:
        assert event.changes["due"][kind] == 1, kind
    text = json.dumps(event.changes)
    assert "robin" not in text and "198.51.100.23" not in text and "orphan.pdf" not in text
    assert verify_chain().intact
    assert _figures() == figures


def test_the_schedules_page_lists_the_kinds_in_both_languages(world, client):
    for language, expected in (
        ("en", ["Sign-in records", "Expired sessions", "Uploaded files without a record", "at once"]),
        (
            "ja",
            [
                "ログインの記録",
                "有効期限の切れたセッション",
                "どの記録からも参照されていないアップロードファイル",
                "ただちに",
            ],
        ),
    ):
        user = make_user(f"mic.staff.{language}", language=language)
        services.add_membership(actor=None, user=user, organisation=world.orgs["mic"], role="staff")
        client.force_login(user)
        with translation.override(language):
            text = client.get(reverse("core:retention_list")).content.decode()
            starts = [str(RECORD_KIND_STARTS[k]) for k in retention.RECORD_DATED_KINDS]
        for word in expected:
            assert word in text, (language, word)
        for start in starts:
            assert start.replace("'", "&#x27;") in text, (language, start)
        assert "sign_in_records" not in text and "orphan_files" not in text
