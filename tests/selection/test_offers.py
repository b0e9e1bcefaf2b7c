from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from jetpm.applications.models import Application, Notice
from jetpm.applications.services import documents
from jetpm.applications.services.transitions import transition
from jetpm.core.dashboard import tasks_for
from jetpm.core.errors import DomainError, PermissionDenied
from jetpm.core.models import AuditEvent, Country
from jetpm.selection.models import Offer, SelectionList, Vacancy
from jetpm.selection.services import lists, offers, vacancies
from jetpm.selection.states import OfferStatus, VacancyStatus
from tests.selection.conftest import post
from tests.selection.support import YEAR, pdf_upload

pytestmark = pytest.mark.django_db
TODAY = date(2027, 3, 10)
DEADLINE = date(2027, 3, 31)
ACCEPT = {
    "departure_airport": "London Heathrow",
    "passport_number": "123456789",
    "passport_expires_on": "2030-01-31",
    "dependants": "",
}


@pytest.fixture
def published(world, gb):  # type: ignore[no-untyped-def]
    lists.prepare_all(actor=world.users["mofa.staff"], intake_year=YEAR)
    for s in SelectionList.objects.filter(intake_year=YEAR):
        lists.propose(actor=world.users["mofa.staff"], selection_id=s.pk)
        lists.approve(actor=world.users["council.approver"], selection_id=s.pk)
    lists.publish(actor=world.users["mofa.staff"], intake_year=YEAR, deadline=DEADLINE, today=TODAY)
    mail.outbox.clear()
    return gb


def _app(gb, name: str) -> Application:  # type: ignore[no-untyped-def]
    return Application.objects.get(reference=f"2027-GB-{name.upper()}")


def _user(gb, name: str):  # type: ignore[no-untyped-def]
    return next(u for u in gb.users if u.username == f"cand-{name}")


def _offer(gb, name: str) -> Offer:  # type: ignore[no-untyped-def]
    return Offer.objects.get(application=_app(gb, name))


def test_accept_needs_the_reply_form_and_the_deadline(world, published, client):
    offer = _offer(published, "dan")
    url = reverse("selection:offer_accept", args=[offer.pk])
    with time_machine.travel(TODAY):
        client.force_login(_user(published, "dan"))
        page = client.get(reverse("selection:offer", args=[offer.pk]))
        assert page.status_code == 200 and b'data-testid="offer-accept"' in page.content
        r = client.post(url, {"departure_airport": ""})
        assert r.status_code == 400
        html = r.content.decode()
        assert "Departure airport" in html and "Passport number" in html and "This field is required" in html
        r = client.post(url, {**ACCEPT, "passport_expires_on": "2027-07-01"})
        assert r.status_code == 400 and "valid after your arrival in Japan" in r.content.decode()
        # someone else may not answer it
        client.force_login(_user(published, "ben"))
        assert client.post(url, ACCEPT).status_code == 404
        client.force_login(world.users["mission_a.staff"])
        assert client.post(url, ACCEPT).status_code == 404
    with time_machine.travel(date(2027, 4, 1)):
        client.force_login(_user(published, "dan"))
        r = client.post(url, ACCEPT)
        assert "The reply deadline was" in r.content.decode()
    offer.refresh_from_db()
    assert offer.status == OfferStatus.OPEN
    with time_machine.travel(TODAY):
        r = client.post(url, ACCEPT)
        assert r.status_code == 302
    offer.refresh_from_db()
    assert offer.status == OfferStatus.ACCEPTED and offer.passport_expires_on == date(2030, 1, 31)
    assert _app(published, "dan").status == "accepted"
    assert AuditEvent.objects.filter(action="selection.offer.accept", object_id=str(offer.pk)).exists()


def test_dual_nationality_must_be_renounced(world, published):
    app = _app(published, "ben")
    app.other_nationalities.add(Country.objects.get(code="IE"))
    reply = offers.Acceptance("Manchester", "X1", date(2030, 1, 1))
    with pytest.raises(DomainError) as exc:
        offers.accept(
            actor=_user(published, "ben"), offer_id=_offer(published, "ben").pk, reply=reply, today=TODAY
        )
    assert exc.value.field == "renounces_other_nationality"
    reply = offers.Acceptance("Manchester", "X1", date(2030, 1, 1), renounces_other_nationality=True)
    offers.accept(
        actor=_user(published, "ben"), offer_id=_offer(published, "ben").pk, reply=reply, today=TODAY
    )
    assert _app(published, "ben").status == "accepted"


def test_decline_frees_a_place_and_hq_upgrades_the_next_alternate(
    world, published, client, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    offer = _offer(published, "ben")
    with time_machine.travel(TODAY):
        client.force_login(_user(published, "ben"))
        r = client.post(reverse("selection:offer_decline", args=[offer.pk]), {"decline_reason": ""})
        assert r.status_code == 400
        r = client.post(
            reverse("selection:offer_decline", args=[offer.pk]),
            {"decline_reason": "A job at home", "confirmed": "yes"},
        )
        assert r.status_code == 302
    assert _app(published, "ben").status == "declined"
    offer.refresh_from_db()
    assert offer.status == OfferStatus.DECLINED
    assert AuditEvent.objects.filter(action="selection.offer.decline", object_id=str(offer.pk)).exists()
    hq = world.users["mofa.staff"]
    client.force_login(hq)
    with django_assert_max_num_queries(14):
        page = client.get(reverse("selection:vacancies"))
    html = page.content.decode()
    assert 'data-testid="freed-2027-GB-BEN"' in html and "2027-GB-ANN" in html  # ann is alternate no. 1
    with time_machine.travel(TODAY), django_capture_on_commit_callbacks(execute=True):
        client.force_login(hq)
        r = client.post(
            reverse("selection:vacancy_confirm", args=[_app(published, "ben").pk]), {"deadline": "2027-04-15"}
        )
    assert r.status_code == 302
    v = Vacancy.objects.get()
    assert (v.status, v.freed_by.reference, v.filled_by.reference, v.confirmed_by) == (
        VacancyStatus.FILLED,
        "2027-GB-BEN",
        "2027-GB-ANN",
        hq,
    )
    ann = _app(published, "ann")
    assert ann.status == "shortlisted"
    upgrade = Offer.objects.get(application=ann)
    assert (upgrade.origin, upgrade.deadline) == ("upgrade", date(2027, 4, 15))
    assert Notice.objects.filter(application=ann, kind="selection.upgraded").exists()
    assert [m.to for m in mail.outbox] == [["ann@example.org"]] and "upgraded" in mail.outbox[0].subject
    assert AuditEvent.objects.filter(action="selection.vacancy.fill").exists()
    # the freed place is recorded: no longer proposed; the dashboard shows ann her offer
    assert not vacancies.freed_applications().exists()
    titles = [t.title for t in tasks_for(_user(published, "ann"), TODAY, [])]
    assert "Reply to your offer by 15 April 2027" in titles or any("Reply to your offer" in t for t in titles)


def test_no_alternate_left_records_an_unfilled_vacancy(world, published):
    # Ireland has one seat, one candidate and no alternate
    fay = Application.objects.get(reference="2027-IE-FAY")
    transition(
        actor=world.users["mission_b.staff"], application_id=fay.pk, to="withdrawn", reason="Moved abroad"
    )
    v = vacancies.confirm(
        actor=world.users["mofa.staff"], application_id=fay.pk, deadline=DEADLINE, today=TODAY
    )
    assert v.status == VacancyStatus.UNFILLED and v.filled_by is None
    assert Offer.objects.get(application=fay).status == OfferStatus.WITHDRAWN
    with pytest.raises(DomainError):
        vacancies.confirm(
            actor=world.users["mofa.staff"], application_id=fay.pk, deadline=DEADLINE, today=TODAY
        )


def test_withdrawal_of_a_short_listed_candidate_shows_as_a_freed_place(world, published, client):
    dan = _app(published, "dan")
    transition(actor=world.users["mission_a.staff"], application_id=dan.pk, to="withdrawn", reason="Ill")
    assert list(vacancies.freed_applications()) == [dan]
    client.force_login(world.users["mofa.staff"])
    assert 'data-testid="freed-2027-GB-DAN"' in client.get(reverse("selection:vacancies")).content.decode()
    with pytest.raises(PermissionDenied):
        vacancies.confirm(actor=world.users["mission_a.staff"], application_id=dan.pk, deadline=DEADLINE)
    # an alternate's withdrawal frees no place
    transition(
        actor=world.users["mission_a.staff"],
        application_id=_app(published, "eve").pk,
        to="withdrawn",
        reason="Other plans",
    )
    assert list(vacancies.freed_applications()) == [dan]


def test_lapse_command_and_button(world, published, client):
    out = StringIO()
    call_command("selection", "expire-offers", "--today", "2027-03-31", stdout=out)
    assert "0 offers lapsed" in out.getvalue()
    call_command("selection", "expire-offers", "--today", "2027-04-01", stdout=out)
    assert "3 offers lapsed" in out.getvalue()
    assert set(Offer.objects.values_list("status", flat=True)) == {OfferStatus.LAPSED}
    ben = _app(published, "ben")
    assert ben.status == "declined"
    assert AuditEvent.objects.filter(action="selection.offer.lapse.status", actor__isnull=True).count() == 3
    assert AuditEvent.objects.filter(action="selection.offer.lapse").count() == 3
    assert ben in vacancies.freed_applications()
    # the button (HQ) lapses an upgraded offer past its deadline
    vacancies.confirm(
        actor=world.users["mofa.staff"],
        application_id=ben.pk,
        deadline=date(2027, 4, 20),
        today=date(2027, 4, 2),
    )
    with time_machine.travel(date(2027, 4, 21)):
        r = post(client, world.users["mofa.staff"], reverse("selection:lapse"))
        assert r.status_code == 302
    assert _app(published, "ann").status == "declined"
    with time_machine.travel(date(2027, 4, 21)):
        assert post(client, world.users["mission_a.staff"], reverse("selection:lapse")).status_code == 404


def test_cleared_needs_both_certificates(world, published, client):
    offer = _offer(published, "ben")
    offers.accept(
        actor=_user(published, "ben"),
        offer_id=offer.pk,
        reply=offers.Acceptance("LHR", "P1", date(2031, 1, 1)),
        today=TODAY,
    )
    ben = _app(published, "ben")
    staff = world.users["mission_a.staff"]
    with pytest.raises(DomainError, match="Certificate of health, Criminal-record check"):
        offers.clear(actor=staff, application_id=ben.pk)
    client.force_login(_user(published, "ben"))
    r = client.post(
        reverse("selection:offer_upload", args=[offer.pk]), {"kind": "health", "file": pdf_upload()}
    )
    assert r.status_code == 302
    # the request above left its user's language active in this thread: the service speaks English here
    with translation.override("en"), pytest.raises(DomainError, match="missing: Criminal-record check"):
        offers.clear(actor=staff, application_id=ben.pk)
    documents.add_document(
        actor=_user(published, "ben"), application_id=ben.pk, kind="criminal_record", upload=pdf_upload()
    )
    with pytest.raises(PermissionDenied):
        offers.clear(actor=world.users["mission_b.staff"], application_id=ben.pk)
    r = post(client, staff, reverse("selection:offer_clear", args=[offer.pk]))
    assert r.status_code == 302
    assert _app(published, "ben").status == "cleared"
    assert AuditEvent.objects.filter(action="selection.cleared", object_id=str(ben.pk)).exists()
    assert AuditEvent.objects.filter(action="application.document.upload").count() == 2


def test_offer_page_in_japanese(world, published, client):
    ben = _user(published, "ben")  # ben chose Japanese
    with time_machine.travel(TODAY):
        client.force_login(ben)
        r = client.get(reverse("selection:offer", args=[_offer(published, "ben").pk]))
    assert r.status_code == 200 and "令和9年度" in r.content.decode()
