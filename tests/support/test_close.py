"""Closing a case asks first: the confirmation page says what happens and to whom; once confirmed the case
takes nothing more and whoever opened it is told by mail when the answering side closed it."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from jetpm.core.errors import IllegalTransition
from jetpm.support import services
from jetpm.support.models import Case

pytestmark = pytest.mark.django_db


def _question(world) -> Case:  # type: ignore[no-untyped-def]
    return services.ask_question(
        actor=world.users["applicant_a"], category="departure", subject="Visa", body="When do I apply?"
    )


def test_the_mission_closing_a_question_is_asked_first_and_the_candidate_told(
    world, client, django_capture_on_commit_callbacks
):  # type: ignore[no-untyped-def]
    case = _question(world)
    url = reverse("support:case_close", kwargs={"case_id": case.pk})
    client.force_login(world.users["mission_a.staff"])
    page = client.post(url)
    body = page.content.decode()
    assert page.status_code == 200 and 'data-testid="confirm"' in body
    assert "takes no further answer or follow-up" in body
    assert str(world.persons["applicant_a"]) in body and "is told by e-mail" in body
    assert "never answered" in body
    assert Case.objects.get(pk=case.pk).status == "open"  # nothing done yet

    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(url, {"confirmed": "yes"})
    assert done.status_code == 302
    case.refresh_from_db()
    assert case.status == "closed" and case.closed_at is not None
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["applicant_a@example.org"]
    assert "closed" in mail.outbox[0].subject and "Visa" not in mail.outbox[0].body
    with pytest.raises(IllegalTransition):
        services.answer_case(actor=world.users["mission_a.staff"], case_id=case.pk, body="Late")


def test_the_candidate_closing_their_own_question_is_not_mailed(
    world, client, django_capture_on_commit_callbacks
):  # type: ignore[no-untyped-def]
    case = _question(world)
    services.answer_case(actor=world.users["mission_a.staff"], case_id=case.pk, body="In June.")
    mail.outbox.clear()
    url = reverse("support:case_close", kwargs={"case_id": case.pk})
    client.force_login(world.users["applicant_a"])
    body = client.post(url).content.decode()
    assert "sees that you closed it" in body and "is told by e-mail" not in body
    assert "FAQ" not in body  # the mission's affair, not the candidate's
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"confirmed": "yes"})
    assert Case.objects.get(pk=case.pk).status == "closed" and mail.outbox == []


def test_another_mission_cannot_reach_the_confirmation(world, client):  # type: ignore[no-untyped-def]
    case = _question(world)
    client.force_login(world.users["mission_b.staff"])
    url = reverse("support:case_close", kwargs={"case_id": case.pk})
    assert client.post(url).status_code == 404
    assert client.post(url, {"confirmed": "yes"}).status_code == 404
    assert Case.objects.get(pk=case.pk).status == "open"
