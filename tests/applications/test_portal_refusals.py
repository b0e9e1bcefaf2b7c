"""What the portal refuses: late submission, bad files, a second application, someone else's application,
ineligible or incomplete drafts, steps after submission, transitions outside the table."""

from __future__ import annotations

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from jetpm.applications.models import Application, Document
from jetpm.applications.services import portal, transitions
from jetpm.core.errors import DomainError, IllegalTransition
from tests.applications.portal_support import (
    AFTER_WINDOW,
    INSIDE_WINDOW,
    PDF,
    files_on_disk,
    fill_steps,
    media,  # noqa: F401  (fixture)
    new_applicant,
    pdf,
    step_url,
)
from tests.applications.test_portal import complete_draft
from tests.planning.guidelines_support import approved

pytestmark = pytest.mark.django_db


@pytest.fixture
def newbie(world, client):  # type: ignore[no-untyped-def]
    approved(world, 2027)
    user = new_applicant(world)
    client.force_login(user)
    return user


def _draft(client) -> Application:  # type: ignore[no-untyped-def]
    with time_machine.travel(INSIDE_WINDOW):
        client.post(reverse("applications:portal_start"), {"intake_year": 2027})
    return Application.objects.get(person__user__username="newbie")


def test_late_submission_is_refused_with_the_closing_date(
    world,
    client,
    newbie,
    media,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    with time_machine.travel(INSIDE_WINDOW):
        app, _links = complete_draft(client, world, django_capture_on_commit_callbacks)
    with time_machine.travel(AFTER_WINDOW):
        response = client.post(reverse("applications:portal_submit", args=[app.pk]), follow=True)
    body = response.content.decode()
    assert "closed on 13 November 2026" in body
    app.refresh_from_db()
    assert app.status == "draft" and app.submitted_at is None


def test_text_renamed_pdf_and_oversized_files_are_refused(world, client, newbie, media):  # noqa: F811
    app = _draft(client)
    fake = SimpleUploadedFile("transcript.pdf", b"just some text, not a PDF", content_type="application/pdf")
    response = client.post(step_url(app, "documents"), {"kind": "transcript", "file": fake})
    assert response.status_code == 400
    assert "“transcript.pdf” is not a PDF, JPEG or PNG file" in response.content.decode()
    exe = SimpleUploadedFile("cv.pdf", b"MZ\x90\x00" + b"\x00" * 100, content_type="application/pdf")
    response = client.post(step_url(app, "documents"), {"kind": "degree", "file": exe})
    assert response.status_code == 400 and "cv.pdf" in response.content.decode()
    big = SimpleUploadedFile("big.pdf", PDF[:-7] + b"\x00" * (50 * 1024 * 1024) + b"%%EOF\n")
    response = client.post(step_url(app, "documents"), {"kind": "degree", "file": big})
    assert response.status_code == 400 and "the limit is 10.0" in response.content.decode()
    assert Document.objects.filter(application=app).count() == 0
    assert files_on_disk(media) == []
    # a good file goes in, and may be removed while a draft
    assert client.post(step_url(app, "documents"), {"kind": "degree", "file": pdf()}).status_code == 302
    doc = Document.objects.get(application=app)
    assert len(files_on_disk(media)) == 1
    assert client.get(reverse("applications:document_download", args=[doc.pk])).status_code == 200
    client.post(reverse("applications:portal_document_remove", args=[app.pk, doc.pk]))
    assert not Document.objects.filter(application=app).exists()


def test_second_application_in_the_same_year_is_refused(world, client, newbie):
    app = _draft(client)
    with time_machine.travel(INSIDE_WINDOW):
        response = client.post(reverse("applications:portal_start"), {"intake_year": 2027}, follow=True)
        assert "one application per person and year" in response.content.decode()
        with pytest.raises(DomainError):
            portal.start_application(
                actor=newbie, intake_year=2027, mission_id=None, today=app.created_at.date()
            )
    assert Application.objects.filter(person__user=newbie).count() == 1


def test_someone_elses_application_answers_404(world, client, newbie, media):  # noqa: F811
    app = _draft(client)
    client.force_login(world.users["applicant_a"])
    for url in [
        reverse("portal:application", args=[app.pk]),
        step_url(app, "personal"),
        step_url(app, "documents"),
        step_url(app, "referees"),
        reverse("applications:portal_receipt", args=[app.pk]),
    ]:
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("applications:portal_submit", args=[app.pk])).status_code == 404
    assert client.post(step_url(app, "statement"), {"statement": "x"}).status_code == 404
    # staff have no portal
    client.force_login(world.users["mission_a.staff"])
    assert client.get(reverse("applications:portal")).status_code == 404


def test_eligibility_failures_are_explained_and_block_submission(
    world,
    client,
    newbie,
    media,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    from jetpm.core.models import Country

    with time_machine.travel(INSIDE_WINDOW):
        app, _links = complete_draft(client, world, django_capture_on_commit_callbacks)
        ie = Country.objects.get(code="IE")
        data = {
            "passport_family_name": "Newperson",
            "passport_given_names": "Alex",
            "birth_date": "1999-03-03",
            "sex": "X",
            "nationality": ie.pk,
            "job_type": "ALT",
            "language": app.language_id,
        }
        client.post(step_url(app, "personal"), data)
        client.post(
            step_url(app, "education"),
            {
                "degree": "bachelor",
                "degree_subject": "History",
                "institution": "York",
                "degree_date": "2027-09-01",
                "degree_expected": "on",
            },
        )
        app.refresh_from_db()
        assert set(app.eligibility_failures) == {"nationality", "degree"}
        page = client.get(step_url(app, "personal")).content.decode()
        assert "Applicants must hold the nationality of the country they apply in (GB)" in page
        page = client.get(step_url(app, "education")).content.decode()
        assert "A bachelor&#x27;s degree is required by the arrival date" in page
        review = client.get(reverse("portal:application", args=[app.pk])).content.decode()
        assert 'data-code="nationality"' in review and 'data-code="degree"' in review
        response = client.post(reverse("applications:portal_submit", args=[app.pk]), follow=True)
        assert "does not meet the year&#x27;s eligibility rules" in response.content.decode()
    app.refresh_from_db()
    assert app.status == "draft"


def test_incomplete_draft_lists_what_is_missing(world, client, newbie):
    app = _draft(client)
    with time_machine.travel(INSIDE_WINDOW):
        review = client.get(reverse("portal:application", args=[app.pk])).content.decode()
        assert 'data-testid="missing"' in review and "Proof of degree" in review
        assert step_url(app, "documents") in review
        response = client.post(reverse("applications:portal_submit", args=[app.pk]), follow=True)
        assert "The application is not complete" in response.content.decode()
    app.refresh_from_db()
    assert app.status == "draft"


def test_step_rules_name_the_field(world, client, newbie):
    from jetpm.core.models import Prefecture
    from jetpm.planning.models import Guideline

    app = _draft(client)
    gifu = Prefecture.objects.get(code="21").pk
    response = client.post(step_url(app, "preferences"), {"preference_1": gifu, "preference_2": gifu})
    assert response.status_code == 400 and "chosen twice" in response.content.decode()
    response = client.post(step_url(app, "partner"), {"partner_reference": app.reference})
    assert response.status_code == 400 and "not your own" in response.content.decode()
    response = client.post(step_url(app, "partner"), {"partner_reference": "2027-GB-NOSUCH"})
    assert response.status_code == 400 and "No application 2027-GB-NOSUCH" in response.content.decode()
    assert client.post(step_url(app, "partner"), {"partner_reference": "2027-ie-test0b"}).status_code == 302
    Guideline.objects.update(statement_max_words=5)
    response = client.post(step_url(app, "statement"), {"statement": "one two three four five six seven"})
    assert response.status_code == 400 and "has 7 words; the limit is 5" in response.content.decode()
    response = client.post(
        step_url(app, "history"), {"former_participant": "on", "years_in_japan_last_10": 0}
    )
    assert response.status_code == 400 and "Former participants give" in response.content.decode()
    response = client.post(step_url(app, "personal"), {"birth_date": "not a date"})
    assert response.status_code == 400 and "Enter a valid date" in response.content.decode()
    app.refresh_from_db()
    assert app.partner_reference == "2027-IE-TEST0B" and app.statement == ""
    assert app.steps_done == ["partner"]


def test_duplicate_is_flagged_on_submission(world, client, newbie, media, django_capture_on_commit_callbacks):  # noqa: F811
    with time_machine.travel(INSIDE_WINDOW):
        app, _links = complete_draft(client, world, django_capture_on_commit_callbacks)
        fill_steps(
            client,
            app,
            personal={"passport_family_name": "TESTPERSON-APPLICANT_A", "birth_date": "1998-05-01"},
        )
        client.post(reverse("applications:portal_submit", args=[app.pk]))
    app.refresh_from_db()
    assert app.status == "submitted" and app.duplicate_of.reference == "2027-GB-TEST0A"


def test_referee_links_expire_and_are_replaced(
    world,
    client,
    newbie,
    media,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    from django.test import Client

    from tests.applications.test_portal import _invite

    app = _draft(client)
    with time_machine.travel(INSIDE_WINDOW):
        first = _invite(client, app, 1, django_capture_on_commit_callbacks)
        second = _invite(client, app, 1, django_capture_on_commit_callbacks, email="right@example.org")
    anonymous = Client(HTTP_ACCEPT_LANGUAGE="en")  # a referee whose browser asks for English
    with time_machine.travel(INSIDE_WINDOW):
        assert anonymous.get(first).status_code == 404  # replaced by the new invitation
        assert anonymous.get(second).status_code == 200
        assert anonymous.get("/applications/reference/not-a-token/").status_code == 404
    with time_machine.travel("2026-11-27 23:00:00+09:00"):
        assert anonymous.get(second).status_code == 200  # until 14 days after the close (Nov 13)
        fake = SimpleUploadedFile("letter.pdf", b"hello")
        response = anonymous.post(second, {"file": fake})
        assert response.status_code == 400 and "is not a PDF" in response.content.decode()
    with time_machine.travel("2026-11-28 00:30:00+09:00"):
        response = anonymous.get(second)
        assert response.status_code == 410 and "expired" in response.content.decode()
        assert anonymous.post(second, {"file": pdf()}).status_code == 410
    assert not Document.objects.filter(application=app, kind="reference").exists()


def test_transition_outside_the_table_is_illegal(world, client, newbie):
    app = _draft(client)
    with pytest.raises(IllegalTransition):
        transitions.transition(actor=newbie, application_id=app.pk, to="shortlisted")
    app.refresh_from_db()
    assert app.status == "draft"


def test_upload_quota_per_application_names_the_limit(world, client, newbie, media, settings):  # noqa: F811
    """An applicant's documents are limited in number and in total size; the refusal names the limit, and a
    removed file frees its place."""
    settings.JETPM_UPLOAD_MAX_FILES_PER_APPLICATION = 2
    app = _draft(client)
    for _ in range(2):
        assert (
            client.post(step_url(app, "documents"), {"kind": "certificate", "file": pdf()}).status_code == 302
        )
    response = client.post(step_url(app, "documents"), {"kind": "certificate", "file": pdf()})
    assert response.status_code == 400
    assert "at most 2 files" in response.content.decode()
    assert Document.objects.filter(application=app).count() == 2 and len(files_on_disk(media)) == 2
    doc = Document.objects.filter(application=app).first()
    client.post(reverse("applications:portal_document_remove", args=[app.pk, doc.pk]))
    assert client.post(step_url(app, "documents"), {"kind": "certificate", "file": pdf()}).status_code == 302
    # the total size
    settings.JETPM_UPLOAD_MAX_FILES_PER_APPLICATION = 20
    settings.JETPM_UPLOAD_MAX_BYTES_PER_APPLICATION = len(PDF) * 3
    assert client.post(step_url(app, "documents"), {"kind": "certificate", "file": pdf()}).status_code == 302
    response = client.post(step_url(app, "documents"), {"kind": "degree", "file": pdf()})
    assert response.status_code == 400
    assert f"an application holds at most {len(PDF) * 3}\xa0bytes in all" in response.content.decode()
    assert Document.objects.filter(application=app).count() == 3
