"""The retention pages: the schedules (the national bodies read, the national administrators edit, with
every error at once, audited) and the legal hold on a person's page (national staff, a reason, a
confirmation to lift, audited); everyone else gets 404. The person reads the schedules on "My data"."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from jetpm.core import services
from jetpm.core.models import AuditEvent, LegalHold, RetentionSchedule
from jetpm.core.states import Role
from tests.world import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def mic_admin(world):
    user = make_user("mic.admin")
    services.add_membership(actor=None, user=user, organisation=world.orgs["mic"], role=Role.ADMIN)
    return user


def _form(**changes: str) -> dict[str, str]:
    data = {}
    for s in RetentionSchedule.objects.all():
        for name in ("months", "action", "basis_ja", "basis_en", "note"):
            data[f"{s.kind}-{name}"] = str(getattr(s, name))
    data.update(changes)
    return data


def test_who_reads_and_who_edits_the_schedules(world, mic_admin, client):
    list_url, edit_url = reverse("core:retention_list"), reverse("core:retention_edit")
    for username in ("mic.staff", "council.approver"):
        client.force_login(world.users[username])
        page = client.get(list_url)
        assert page.status_code == 200
        text = page.content.decode()
        assert "Unsuccessful applicants" in text and "unsuccessful_applicant" not in text
        assert client.get(edit_url).status_code == 404
    for username in ("mission_a.admin", "co_a.coordinator", "chapter_a.officer", "applicant_a", "panelist_a"):
        client.force_login(world.users[username])
        assert client.get(list_url).status_code == 404, username
        assert client.get(edit_url).status_code == 404, username
        assert client.post(edit_url, _form()).status_code == 404, username
    client.force_login(mic_admin)
    assert client.get(edit_url).status_code == 200


def test_every_error_is_reported_at_once_and_nothing_is_saved(world, mic_admin, client):
    client.force_login(mic_admin)
    before = list(RetentionSchedule.objects.values_list("kind", "months", "action", "basis_ja"))
    page = client.post(
        reverse("core:retention_edit"),
        _form(**{
            "reviews-basis_ja": "",
            "participant-months": "5000",
            "applicant_documents-months": "48",  # longer than the applicants' 36
            "alumnus_withdrawn-months": "soon",
            "referee_letters-action": "shred",
        }),
    )  # fmt: skip
    assert page.status_code == 400
    text = page.content.decode()
    assert "Screening reviews: give the reason and legal basis in Japanese." in text
    assert "Former participants: the period is from 0 to 1200 months." in text
    assert "Uploaded documents are kept at most as long as the unsuccessful applicants&#x27; records" in text
    assert "(3 years): they go with them." in text
    assert "Enter a whole number." in text
    assert "Select a valid choice." in text
    assert list(RetentionSchedule.objects.values_list("kind", "months", "action", "basis_ja")) == before
    assert not AuditEvent.objects.filter(action="privacy.schedule.update").exists()


def test_a_change_is_saved_and_audited(world, mic_admin, client):
    client.force_login(mic_admin)
    page = client.post(
        reverse("core:retention_edit"),
        _form(**{"reviews-months": "24", "reviews-action": "anonymise", "reviews-note": "Council 4"}),
    )
    assert page.status_code == 302
    reviews = RetentionSchedule.objects.get(kind="reviews")
    assert (reviews.months, reviews.action, reviews.updated_by) == (24, "anonymise", mic_admin)
    event = AuditEvent.objects.get(action="privacy.schedule.update")
    assert event.changes["months"] == [36, 24] and event.changes["action"] == ["delete", "anonymise"]
    assert AuditEvent.objects.filter(action="privacy.schedule.update").count() == 1  # only what changed
    text = client.get(reverse("core:retention_list")).content.decode()
    assert "2 years" in text and "Anonymise" in text and "mic.admin" in text


def test_a_legal_hold_is_placed_with_a_reason_and_lifted_after_a_confirmation(world, client):
    person = world.persons["applicant_a"]
    url = reverse("core:person_detail", kwargs={"person_id": person.pk})
    place = reverse("core:hold_place", kwargs={"person_id": person.pk})
    lift = reverse("core:hold_lift", kwargs={"person_id": person.pk})
    client.force_login(world.users["mission_a.staff"])  # sees the person, may not hold
    assert client.post(place, {"reason": "x"}).status_code == 404
    client.force_login(world.users["mic.staff"])
    client.post(place, {"reason": "  "})
    assert not LegalHold.objects.exists()
    client.post(place, {"reason": "Case 2031-17 at the Tokyo District Court"})
    hold = LegalHold.objects.get()
    assert hold.person == person and hold.placed_by == world.users["mic.staff"]
    event = AuditEvent.objects.get(action="privacy.hold.place")
    assert event.person_id == person.pk and event.changes["reason"].startswith("Case 2031-17")
    text = client.get(url).content.decode()
    assert 'data-testid="legal-hold"' in text and "Case 2031-17" in text
    # the mission sees that a hold stands, not the reason nor the forms
    client.force_login(world.users["mission_a.staff"])
    text = client.get(url).content.decode()
    assert 'data-testid="legal-hold"' in text and "Case 2031-17" not in text
    client.force_login(world.users["mic.staff"])
    ask = client.post(lift, {"reason": "Case closed"})
    assert ask.status_code == 200 and 'data-testid="confirm"' in ask.content.decode()
    assert LegalHold.objects.get().lifted_at is None
    client.post(lift, {"reason": "Case closed", "confirmed": "yes"})
    hold.refresh_from_db()
    assert hold.lifted_at is not None and hold.lift_reason == "Case closed"
    assert AuditEvent.objects.filter(action="privacy.hold.lift", person_id=person.pk).count() == 1
    assert 'data-testid="legal-hold"' not in client.get(url).content.decode()


def test_the_person_reads_how_long_their_data_is_kept(world, client):
    client.force_login(world.users["applicant_a"])
    text = client.get(reverse("core:my_data")).content.decode()
    assert 'data-testid="my-retention"' in text and "Former participants" in text and "5 years" in text
    # unrecorded uploads are deleted once a day old (as the reason says), not "at once"
    row = re.search(r"Uploaded files without a record</th><td>([^<]*)</td>", text)
    assert row is not None and row.group(1) == "after one day"


def test_a_rule_across_kinds_is_checked_against_a_form_with_an_invalid_field(world, mic_admin, client):
    """The applicants' period is typed (12 months) on a form whose action does not parse: the documents'
    24 months are still reported as longer than the applicants', with the parse error, at once; a kind's
    action that the rules refuse is said by the rule (not the form's generic message)."""
    client.force_login(mic_admin)
    page = client.post(
        reverse("core:retention_edit"),
        _form(**{
            "unsuccessful_applicant-months": "12",
            "unsuccessful_applicant-action": "shred",
            "applicant_documents-months": "24",
            "participant-action": "delete",
        }),
    )  # fmt: skip
    assert page.status_code == 400
    text = page.content.decode()
    assert "Select a valid choice." in text
    assert "Uploaded documents are kept at most as long as the unsuccessful applicants&#x27; records" in text
    assert "(1 year): they go with them." in text
    assert "Former participants can only be: Anonymise." in text
    assert not AuditEvent.objects.filter(action="privacy.schedule.update").exists()
