"""The portal reads each stage through its ``for_person()``: the applicant's own records only, as plain data;
and the intake's actions are refused (404) to a role that sees the application but may not manage it."""

from __future__ import annotations

from django.urls import reverse

from jetpm.applications.models import Application
from jetpm.applications.portal import selectors as applications
from jetpm.core.errors import NotFound
from jetpm.portal.selectors import application_page
from jetpm.screening.models import Interview
from jetpm.screening.selectors import person as screening
from jetpm.selection import selectors as selection


def test_each_stage_answers_for_the_persons_own_application_only(world):
    mine = Application.objects.get(person=world.persons["applicant_a"])
    other = Application.objects.get(person=world.persons["applicant_b"])
    Interview.objects.filter(application=mine).update(invited_at="2027-01-05T09:00:00Z")
    applicant = world.users["applicant_a"]

    page = application_page(applicant, mine.pk)
    assert page.own.application == mine and not page.own.editable
    assert page.next_steps.interview is not None and page.next_steps.interview.place
    offer = page.next_steps.offer
    assert offer is not None and offer.awaiting_reply and offer.status_label == "Awaiting the reply"

    # someone else's application: nothing from any stage
    assert screening.for_person(applicant, application_id=other.pk).interview is None
    assert selection.for_person(applicant, application_id=other.pk).offer is None
    staff = world.users["mission_a.staff"]  # sees the application, but it is not theirs
    assert screening.for_person(staff, application_id=mine.pk).interview is None
    assert selection.for_person(staff, application_id=mine.pk).offer is None
    for user, pk in ((applicant, other.pk), (staff, mine.pk)):
        try:
            applications.for_person(user, application_id=pk)
        except NotFound:
            pass
        else:
            raise AssertionError(f"{user} read application {pk}")


def test_the_offer_awaits_no_reply_once_answered(world):
    from jetpm.selection.models import Offer

    mine = Application.objects.get(person=world.persons["applicant_a"])
    Offer.objects.filter(application=mine).update(status="accepted")
    offer = selection.for_person(world.users["applicant_a"], application_id=mine.pk).offer
    assert offer is not None and not offer.awaiting_reply


def test_an_intake_action_is_404_to_a_role_that_sees_but_may_not_manage(world, client):
    a = Application.objects.get(person=world.persons["applicant_a"])
    client.force_login(world.users["mext.staff"])  # a national body: sees every application, manages none
    detail = reverse("applications:intake_detail", kwargs={"application_id": a.pk})
    assert client.get(detail).status_code == 200
    for name, data in (
        ("applications:intake_status", {"to": "eligible", "reason": ""}),
        ("applications:intake_document_problem", {"document": a.documents.get().pk, "problem": "blurred"}),
        ("applications:intake_document_clear", {"document": a.documents.get().pk}),
    ):
        url = reverse(name, kwargs={"application_id": a.pk})
        assert client.post(url, data).status_code == 404, name
    a.refresh_from_db()
    assert a.status == "submitted" and not a.documents.filter(problem__gt="").exists()
