"""Bulletins: recipients by consent, delivery and opening recorded, the opt-out link (no login, audited)
stops the next bulletin."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from jetpm.alumni.bulletins import services
from jetpm.alumni.bulletins.models import BulletinDelivery
from jetpm.alumni.bulletins.services import BulletinInput
from jetpm.alumni.models import AlumnusProfile
from jetpm.core.errors import PermissionDenied
from jetpm.core.models import AuditEvent
from tests.alumni_outreach.helpers import uk_jurisdiction

NEWS = BulletinInput(
    kind="news", subject="Japan this month", body="Cherry blossoms.", to_chapters=True, to_alumni=True
)


def _send(world, capture, data=NEWS):
    with capture(execute=True):
        return services.send_bulletin(
            actor=world.users["mission_a.staff"], sender_id=world.orgs["mission_a"].pk, data=data
        )


@pytest.mark.django_db
def test_only_consenting_alumni_and_the_jurisdictions_chapters_receive_it(
    world, django_capture_on_commit_callbacks
):
    j = uk_jurisdiction(world)
    bulletin = _send(world, django_capture_on_commit_callbacks)
    persons = set(bulletin.deliveries.filter(person__isnull=False).values_list("person_id", flat=True))
    assert persons == {j.alumni["ava"].pk, j.alumni["cara"].pk, j.alumni["dan"].pk}  # ben: no consent to news
    assert list(bulletin.deliveries.filter(chapter__isnull=False).values_list("chapter_id", flat=True)) == [
        j.chapter.pk
    ]
    assert {m.to[0] for m in mail.outbox} == {
        "ava@example.org",
        "cara@example.org",
        "dan@example.org",
        "london@example.org",
    }
    assert all(d.delivered_at for d in bulletin.deliveries.all())
    alumni_mail = next(m for m in mail.outbox if m.to == ["ava@example.org"])
    assert "/alumni/bulletins/stop/" in alumni_mail.body and "/alumni/bulletins/o/" in alumni_mail.body
    with pytest.raises(PermissionDenied):
        services.send_bulletin(
            actor=world.users["mission_b.staff"], sender_id=world.orgs["mission_a"].pk, data=NEWS
        )


@pytest.mark.django_db
def test_the_opt_out_link_works_without_login_is_audited_and_stops_the_next_bulletin(
    world, django_capture_on_commit_callbacks
):
    j = uk_jurisdiction(world)
    _send(world, django_capture_on_commit_callbacks)
    body = next(m for m in mail.outbox if m.to == ["cara@example.org"]).body
    stop = re.search(r"https?://[^\s]+/alumni/bulletins/stop/[^\s]+/", body).group(0)
    path = stop[stop.index("/alumni/") :]
    anonymous = Client()
    asked = anonymous.get(path).content.decode()
    assert 'method="post"' in asked and "opt-out-done" not in asked  # it asks first: nothing withdrawn yet
    assert AlumnusProfile.objects.get(person=j.alumni["cara"]).consents_to_news is True
    done = anonymous.post(path)
    assert done.status_code == 200 and "opt-out-done" in done.content.decode()
    profile = AlumnusProfile.objects.get(person=j.alumni["cara"])
    assert profile.consents_to_news is False and profile.consent_updated_at is not None
    event = AuditEvent.objects.get(action="alumnus.consent_withdrawn", person=j.alumni["cara"])
    assert event.changes["consents_to_news"] == [True, False]
    # a forged token does nothing
    assert anonymous.post(path[:-3] + "xx/").status_code == 404
    mail.outbox.clear()
    second = _send(world, django_capture_on_commit_callbacks)
    assert not second.deliveries.filter(person=j.alumni["cara"]).exists()
    assert "cara@example.org" not in {m.to[0] for m in mail.outbox}


@pytest.mark.django_db
def test_opening_is_recorded_by_the_link_and_by_mark_as_read(
    world, client, django_capture_on_commit_callbacks
):
    j = uk_jurisdiction(world)
    bulletin = _send(world, django_capture_on_commit_callbacks)
    dan = BulletinDelivery.objects.get(bulletin=bulletin, person=j.alumni["dan"])
    body = next(m for m in mail.outbox if m.to == ["dan@example.org"]).body
    link = re.search(r"https?://[^\s]+(/alumni/bulletins/o/[^\s]+/)", body).group(1)
    assert "Cherry blossoms" in Client().get(link).content.decode()
    dan.refresh_from_db()
    assert dan.opened_at is not None
    ava = BulletinDelivery.objects.get(bulletin=bulletin, person=j.alumni["ava"])
    client.force_login(world.users["alumnus_ava"])
    page = client.get(reverse("alumni:bulletins:index"))
    assert "Japan this month" in page.content.decode()
    assert client.post(reverse("alumni:bulletins:read", kwargs={"delivery_id": ava.pk})).status_code == 302
    ava.refresh_from_db()
    assert ava.opened_at is not None
    # the sender sees the counts; another alumnus cannot open Ava's delivery
    client.force_login(world.users["mission_a.staff"])
    detail = client.get(reverse("alumni:bulletins:detail", kwargs={"bulletin_id": bulletin.pk}))
    assert detail.status_code == 200
    client.force_login(world.users["alumnus_a"])
    assert client.get(reverse("alumni:bulletins:read", kwargs={"delivery_id": ava.pk})).status_code == 404


@pytest.mark.django_db
def test_the_compose_form_asks_for_confirmation_then_sends(world, client, django_capture_on_commit_callbacks):
    uk_jurisdiction(world)
    client.force_login(world.users["mission_a.staff"])
    url = reverse("alumni:bulletins:create")
    bad = client.post(url, {"sender": world.orgs["mission_a"].pk})
    assert bad.status_code == 400 and bad.content.decode().count('class="error"') >= 4
    data = {
        "sender": world.orgs["mission_a"].pk,
        "kind": "events",
        "subject": "Matsuri",
        "body": "Come",
        "to_chapters": "on",
    }
    asked = client.post(url, data)
    assert "cannot be called back" in asked.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(url, {**data, "confirmed": "yes"})
    assert done.status_code == 302
    assert AuditEvent.objects.filter(action="bulletin.send").count() == 1
