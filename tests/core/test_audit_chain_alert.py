"""A full verification that finds the audit chain broken is mailed to the platform's administrators (the
superusers and the national bodies' administrators), each in their language, after the commit; nothing is sent
when the chain holds, and nobody else is told (core/chain_alert.py)."""

from __future__ import annotations

import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone, translation
from django.utils.formats import date_format

from jetpm.core import services, tasks
from jetpm.core.models import AuditEvent, ChainVerification, Membership
from jetpm.core.services_chain import run_verification
from jetpm.core.states import Role
from tests.world import make_user

pytestmark = pytest.mark.django_db
CHAIN_URL = "http://chain.example.org/audit/chain/"


@pytest.fixture
def admins(world):
    """A national administrator reading Japanese (MIC), besides the world's superuser (English)."""
    mic_admin = make_user("mic.admin", language="ja")
    Membership.objects.create(user=mic_admin, organisation=world.orgs["mic"], role=Role.ADMIN)
    return {"mic.admin": mic_admin, "superuser": world.users["superuser"]}


def _events(world, n: int = 6) -> list[AuditEvent]:
    user = world.users["mic.staff"]
    for i in range(n):
        services.set_user_language(actor=user, language="ja" if i % 2 == 0 else "en")
    return list(AuditEvent.objects.order_by("seq"))


def _tamper(world) -> AuditEvent:
    events = _events(world)
    target = events[len(events) // 2]
    AuditEvent.objects.filter(pk=target.pk).update(action="user.password")
    return target


def _body_to(address: str) -> str:
    return next(m.body for m in mail.outbox if m.to == [address])


def _verify_command() -> int:
    try:
        call_command("audit", "verify", stdout=io.StringIO())
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0


@override_settings(JETPM_BASE_URL="http://chain.example.org/")
def test_a_broken_chain_is_mailed_to_each_administrator_in_their_language(
    world, admins, django_capture_on_commit_callbacks
):
    target = _tamper(world)
    with django_capture_on_commit_callbacks(execute=True):
        assert _verify_command() == 1
    run = ChainVerification.objects.get()
    assert run.intact is False and run.first_bad_event_id == target.pk
    by_address = {m.to[0]: m for m in mail.outbox}
    assert sorted(by_address) == ["mic.admin@example.org", "superuser@example.org"]
    assert len(mail.outbox) == 2
    when = timezone.localtime(run.finished_at)
    with translation.override("en"):
        when_en = date_format(when, "DATETIME_FORMAT")
    with translation.override("ja"):
        when_ja = date_format(when, "DATETIME_FORMAT")
    assert when_en != when_ja

    en = by_address["superuser@example.org"]
    assert en.subject.startswith("JETPM: the audit log has been changed (verification of ")
    assert en.subject == f"JETPM: the audit log has been changed (verification of {when_en})"
    assert f"The first event that does not match is #{target.pk}: its content was changed." in en.body
    assert f"Events verified before the break: {run.verified}." in en.body
    assert "(started by: Command line)" in en.body
    assert CHAIN_URL in en.body

    ja = by_address["mic.admin@example.org"]
    assert ja.subject.startswith("JETPM：監査ログの改ざんを検出しました（")
    assert ja.subject == f"JETPM：監査ログの改ざんを検出しました（{when_ja} の検証）"
    assert f"{when.year}年{when.month}月{when.day}日" in ja.subject
    assert f"最初に一致しなかったイベントは #{target.pk} です：内容が変更されています。" in ja.body
    assert "（実行の契機：コマンド）" in ja.body and "監査ログの完全性の画面" in ja.body
    assert CHAIN_URL in ja.body


def test_an_intact_chain_is_mailed_to_nobody(world, admins, django_capture_on_commit_callbacks):
    _events(world)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert _verify_command() == 0
    assert ChainVerification.objects.get().intact is True
    assert callbacks == [] and mail.outbox == []


def test_the_mail_is_sent_after_the_commit_and_not_when_rolled_back(world, admins):
    _tamper(world)
    with pytest.raises(RuntimeError), transaction.atomic():
        run_verification(trigger="command")
        raise RuntimeError("rolled back")
    assert mail.outbox == []


def test_only_superusers_and_national_administrators_are_told(
    world, admins, django_capture_on_commit_callbacks
):
    # an organisation's own administrator, national staff, an inactive national administrator: not told
    gone = make_user("mext.admin.gone")
    gone.is_active = False
    gone.save(update_fields=["is_active"])
    Membership.objects.create(user=gone, organisation=world.orgs["mext"], role=Role.ADMIN)
    # an administrator of two national bodies and a superuser too: one mail
    Membership.objects.create(user=admins["mic.admin"], organisation=world.orgs["mofa"], role=Role.ADMIN)
    Membership.objects.create(user=world.users["superuser"], organisation=world.orgs["mic"], role=Role.ADMIN)
    _tamper(world)
    with django_capture_on_commit_callbacks(execute=True):
        run_verification(trigger="command")
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == ["mic.admin@example.org", "superuser@example.org"]
    for username in ("mission_a.admin", "mic.staff", "clair.staff", "mext.admin.gone"):
        assert f"{username}@example.org" not in recipients


def test_verify_now_tells_the_administrators_too(world, admins, client, django_capture_on_commit_callbacks):
    target = _tamper(world)
    with django_capture_on_commit_callbacks(execute=True):  # what the worker does
        tasks.verify_requested.call(ChainVerification.objects.create(trigger="page").pk)
    assert len(mail.outbox) == 2 and all(f"#{target.pk}" in m.body for m in mail.outbox)
    assert "(started by: Asked for on the page)" in _body_to("superuser@example.org")

    mail.outbox.clear()
    client.force_login(world.users["mic.staff"])
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post("/audit/chain/").status_code == 302
    run = ChainVerification.objects.order_by("-pk").first()
    assert run is not None and run.trigger == "page" and run.intact is False
    assert sorted(m.to[0] for m in mail.outbox) == ["mic.admin@example.org", "superuser@example.org"]


@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
def test_the_daily_task_mails_a_break(world, admins, django_capture_on_commit_callbacks):
    _tamper(world)
    with django_capture_on_commit_callbacks(execute=True):
        tasks.daily_verification.call(timezone.localdate().isoformat())
    assert ChainVerification.objects.get().trigger == "task"
    assert len(mail.outbox) == 2
    assert "(started by: Daily task)" in _body_to("superuser@example.org")
