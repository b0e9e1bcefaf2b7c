"""The applicant portal end to end: start, every step, uploads, referees, submission, receipt, and after."""

from __future__ import annotations

import re

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from jetpm.applications.models import Application, Document, Notice, Referee
from jetpm.applications.portal import selectors as application_selectors
from jetpm.applications.receipt import receipt_pdf
from jetpm.core.models import AuditEvent
from tests.applications.portal_support import (
    INSIDE_WINDOW,
    fill_steps,
    media,  # noqa: F401  (fixture)
    new_applicant,
    pdf,
    png,
    step_data,
    step_url,
)
from tests.pdf_support import assert_embeds_fonts_and_shows
from tests.planning.guidelines_support import approved

pytestmark = pytest.mark.django_db


def _link(message) -> str:  # type: ignore[no-untyped-def]
    return re.search(r"https?://\S+", message.body).group(0)


def _start(client, world) -> Application:  # type: ignore[no-untyped-def]
    response = client.post(reverse("applications:portal_start"), {"intake_year": 2027})
    assert response.status_code == 302
    return Application.objects.get(person__user__username="newbie")


def _invite(client, app, order, capture, **values) -> str:  # type: ignore[no-untyped-def]
    data = {
        "order": order,
        f"r{order}-name": values.get("name", f"Referee {order}"),
        f"r{order}-email": values.get("email", f"ref{order}@example.org"),
        f"r{order}-relationship": "Professor",
        "invite": "1",
    }
    before = len(mail.outbox)
    with capture(execute=True):
        response = client.post(step_url(app, "referees"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert len(mail.outbox) == before + 1
    return _link(mail.outbox[-1])


def complete_draft(client, world, capture) -> tuple[Application, list[str]]:  # type: ignore[no-untyped-def]
    app = _start(client, world)
    fill_steps(client, app)
    for kind in ("transcript", "degree", "nationality"):
        response = client.post(step_url(app, "documents"), {"kind": kind, "file": pdf(f"{kind}.pdf")})
        assert response.status_code == 302, response.content.decode()[:2000]
    client.post(step_url(app, "documents"), {"kind": "certificate", "file": png("tefl.png")})
    links = [_invite(client, app, order, capture) for order in (1, 2)]
    app.refresh_from_db()
    return app, links


def test_apply_end_to_end(world, client, media, django_capture_on_commit_callbacks):  # noqa: F811
    approved(world, 2027)
    user = new_applicant(world)
    client.force_login(user)
    with time_machine.travel(INSIDE_WINDOW):
        home = client.get(reverse("applications:portal"))
        assert home.status_code == 200 and 'data-testid="start-2027"' in home.content.decode()
        app, links = complete_draft(client, world, django_capture_on_commit_callbacks)
        assert re.fullmatch(r"2027-GB-[A-Z2-7]{6}", app.reference)
        assert app.status == "draft" and app.eligibility_failures == []
        assert set(app.steps_done) >= {"personal", "statement", "declarations"}
        assert Document.objects.filter(application=app).count() == 4
        assert AuditEvent.objects.filter(action="application.step.save", object_id=str(app.pk)).count() == 11
        steps = client.get(step_url(app, "documents")).content.decode()
        for slug in ("documents", "referees", "statement"):  # uploads and invitations count as done too
            assert f'class="tag tag-open" data-testid="step-{slug}"' in steps

        # the referee's one-time page: no account, applicant's name and job type, one upload
        referee_client = Client()
        page = referee_client.get(links[0])
        assert page.status_code == 200 and "NEWPERSON Alex Jo" in page.content.decode()
        assert referee_client.post(links[0], {"file": pdf("letter.pdf")}).status_code == 302
        assert referee_client.get(links[0] + "?done=1").status_code == 200
        assert referee_client.get(links[0]).status_code == 410
        assert referee_client.post(links[0], {"file": pdf("again.pdf")}).status_code == 410
        assert Document.objects.filter(application=app, kind="reference").count() == 1
        letter_event = AuditEvent.objects.get(action="application.referee.letter")
        assert letter_event.actor is None
        referee = Referee.objects.get(application=app, order=1)
        assert referee.received_at is not None and referee.letter is not None
        assert len(referee.token_digest or "") == 64
        # the applicant sees when the letter came, never the letter itself
        page = client.get(step_url(app, "referees")).content.decode()
        assert "Letter received on" in page
        assert f"document_id={referee.letter_id}" not in page
        assert f"/applications/documents/{referee.letter_id}/" not in page

        review = client.get(reverse("portal:application", kwargs={"application_id": app.pk}))
        assert review.status_code == 200 and 'data-testid="missing"' not in review.content.decode()
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("applications:portal_submit", kwargs={"application_id": app.pk}))
        assert response.status_code == 302
    app.refresh_from_db()
    assert app.status == "submitted" and app.submitted_at is not None and app.duplicate_of is None
    assert Notice.objects.filter(application=app, kind="received").exists()
    assert app.reference in mail.outbox[-1].subject

    receipt = client.get(reverse("applications:portal_receipt", kwargs={"application_id": app.pk}))
    assert receipt.status_code == 200 and receipt.content.startswith(b"%PDF")
    assert_embeds_fonts_and_shows(receipt.content, app.reference)
    with translation.override("ja"):  # the receipt in Japanese embeds its font too, and shows the text
        documents = application_selectors.documents_of(app)
        japanese = receipt_pdf(app, documents, application_selectors.referees_of(app))
    assert_embeds_fonts_and_shows(japanese, f"応募受付票 {app.reference}")
    assert receipt["Content-Disposition"].startswith("attachment")
    assert AuditEvent.objects.filter(action="application.receipt.export", object_id=str(app.pk)).exists()

    detail = client.get(reverse("portal:application", kwargs={"application_id": app.pk}))
    body = detail.content.decode()
    assert detail.status_code == 200 and 'data-testid="timeline"' in body and "Submitted" in body
    assert "We received your application" in body

    # after submission: a step POST is refused and changes nothing; contact details may change
    response = client.post(step_url(app, "statement"), {"statement": "Changed"}, follow=True)
    assert "only the contact details can still be changed" in response.content.decode()
    app.refresh_from_db()
    assert app.statement == step_data(app)["statement"]["statement"]
    response = client.post(step_url(app, "documents"), {"kind": "certificate", "file": pdf("late.pdf")})
    assert response.status_code == 302 and not Document.objects.filter(original_name="late.pdf").exists()
    client.post(
        reverse("applications:portal_contact", kwargs={"application_id": app.pk}),
        {"email": "Moved@Example.ORG", "phone": "123", "address": "2 Low St"},
    )
    app.refresh_from_db()
    assert app.email == "moved@example.org" and app.statement.startswith("I want")
    assert AuditEvent.objects.filter(action="application.contact.update", object_id=str(app.pk)).exists()
    client.post(reverse("applications:portal_notices_read", kwargs={"application_id": app.pk}))
    assert not Notice.objects.filter(application=app, read_at__isnull=True).exists()

    # withdraw with a reason
    client.post(
        reverse("applications:portal_withdraw", kwargs={"application_id": app.pk}), {"reason": "A job"}
    )
    app.refresh_from_db()
    assert app.status == "withdrawn" and app.status_reason == "A job"


@pytest.mark.parametrize("language", ["ja", "en"])
def test_every_portal_page_renders_in_both_languages(
    world,
    client,
    media,  # noqa: F811
    language,
    django_capture_on_commit_callbacks,
):
    approved(world, 2027)
    user = new_applicant(world)
    user.language = language
    user.save()
    client.force_login(user)
    client.cookies["jetpm_language"] = language
    with time_machine.travel(INSIDE_WINDOW):
        app, links = complete_draft(client, world, django_capture_on_commit_callbacks)
        pages = [reverse("applications:portal"), reverse("portal:application", args=[app.pk])]
        pages += [step_url(app, s) for s in [*step_data(app), "documents", "referees"]]
        for url in pages:
            assert client.get(url).status_code == 200, url
        anonymous = Client()
        anonymous.cookies["jetpm_language"] = language
        assert anonymous.get(links[0]).status_code == 200
        client.post(reverse("applications:portal_submit", args=[app.pk]))
        assert client.get(reverse("portal:application", args=[app.pk])).status_code == 200
        assert client.get(reverse("applications:portal_receipt", args=[app.pk])).content.startswith(b"%PDF")
    assert f'<html lang="{language}">' in client.get(reverse("applications:portal")).content.decode()


def test_home_explains_missions(world, client):
    approved(world, 2027)
    client.force_login(new_applicant(world, "fr", nationality="FR"))
    with time_machine.travel(INSIDE_WINDOW):
        body = client.get(reverse("applications:portal")).content.decode()
    assert 'data-testid="no-mission"' in body and "start-2027" not in body
    # without an approved guideline nothing can be started
    client.force_login(new_applicant(world, "gb2"))
    from jetpm.planning.models import Guideline

    Guideline.objects.all().delete()
    with time_machine.travel(INSIDE_WINDOW):
        body = client.get(reverse("applications:portal")).content.decode()
        assert 'data-testid="no-opening"' in body
        response = client.post(reverse("applications:portal_start"), {"intake_year": 2027}, follow=True)
    assert "not open" in response.content.decode()
    assert not Application.objects.filter(person__user__username="gb2").exists()


def test_several_missions_the_applicant_chooses(world, client):
    from tests.world import org

    approved(world, 2027)
    second = org("mission-gb-edinburgh", "mission", "Consulate-General of Japan in Edinburgh")
    second.countries.add(world.orgs["mission_a"].countries.get())
    client.force_login(new_applicant(world))
    with time_machine.travel(INSIDE_WINDOW):
        body = client.get(reverse("applications:portal")).content.decode()
        assert "Edinburgh" in body and "Embassy of Japan in the UK" in body
        response = client.post(reverse("applications:portal_start"), {"intake_year": 2027}, follow=True)
        assert "Choose the mission" in response.content.decode()
        client.post(reverse("applications:portal_start"), {"intake_year": 2027, "mission": second.pk})
    assert Application.objects.get(person__user__username="newbie").mission == second


def test_portal_home_runs_a_bounded_number_of_queries(world, client, django_assert_max_num_queries):
    from jetpm.core.models import Language

    approved(world, 2027)
    user = new_applicant(world)
    person = user.person
    en = Language.objects.get(code="en")
    for year in range(2015, 2027):
        a = Application.objects.create(
            reference=f"{year}-GB-AAAAA{year % 10}",
            person=person,
            intake_year=year,
            mission=world.orgs["mission_a"],
            country=person.nationality,
            job_type="ALT",
            language=en,
            nationality=person.nationality,
            status="not_selected",
        )
        Notice.objects.create(application=a, kind="x", subject="s", body="b")
    client.force_login(user)
    with time_machine.travel(INSIDE_WINDOW), django_assert_max_num_queries(25):
        response = client.get(reverse("applications:portal"))
    assert response.status_code == 200 and response.content.decode().count("-GB-AAAAA") == 12


def test_dashboard_task_for_a_draft(world, client):
    import datetime

    import jetpm.applications.dashboard  # noqa: F401  (registers the provider)
    from jetpm.core.dashboard import tasks_for

    approved(world, 2027)
    user = new_applicant(world)
    client.force_login(user)
    with time_machine.travel(INSIDE_WINDOW):
        app = _start(client, world)
    titles = [t.title for t in tasks_for(user, datetime.date(2026, 10, 1), [])]
    assert f"Finish your application {app.reference} before 13 November 2026" in titles
    assert not [t for t in tasks_for(user, datetime.date(2026, 11, 20), []) if app.reference in t.title]


def test_review_page_reads_the_guideline_and_the_preferences_once(world, client):
    """The review page asks for the year's guideline for the steps, the missing items, the eligibility and
    the word limit: one query; the three preferences come with the application."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    approved(world, 2027)
    client.force_login(new_applicant(world))
    with time_machine.travel(INSIDE_WINDOW):
        app = _start(client, world)
        fill_steps(client, app)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(reverse("portal:application", kwargs={"application_id": app.pk}))
    assert response.status_code == 200
    sql = [q["sql"] for q in ctx.captured_queries]
    assert sum('FROM "planning_guideline"' in q for q in sql) == 1, sql
    assert not [q for q in sql if q.startswith('SELECT "core_prefecture"')], sql
    assert len(sql) <= 20


def test_the_referee_mail_gives_the_link_s_last_day_in_the_applicant_s_language(
    world,
    client,
    media,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    approved(world, 2027)
    user = new_applicant(world)  # English
    client.force_login(user)
    with time_machine.travel(INSIDE_WINDOW):
        app = _start(client, world)
        _invite(client, app, 1, django_capture_on_commit_callbacks)
        last = timezone.localtime(Referee.objects.get(application=app, order=1).expires_at).date()
        body = mail.outbox[-1].body
        assert f"until {last.day} {last.strftime('%B')} {last.year}:" in body
        assert last.isoformat() not in body
        user.language = "ja"
        user.save(update_fields=["language"])
        _invite(client, app, 1, django_capture_on_commit_callbacks)
        body = mail.outbox[-1].body
        assert f"{last.year}年{last.month}月{last.day}日" in body and last.isoformat() not in body
