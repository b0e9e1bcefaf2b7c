"""Scope and permission in one call (``access_*(…, action=…)``): a role that sees a list or an offer but may
not take the page's action gets the same 404 as a record outside its scope, and nothing changes; the offer
page's state comes from one selector (``offer_page``)."""

from __future__ import annotations

from datetime import date

import pytest
from django.core import mail
from django.urls import reverse

from jetpm.applications.models import Application
from jetpm.core.errors import NotFound
from jetpm.selection import selectors
from jetpm.selection.models import Offer, SelectionList, Vacancy
from jetpm.selection.services import lists, offers
from jetpm.selection.states import ListStatus, OfferStatus
from tests.selection.conftest import post
from tests.selection.support import YEAR, pdf_upload

pytestmark = pytest.mark.django_db
TODAY = date(2027, 3, 10)
DEADLINE = date(2027, 3, 31)
ACCEPT = {"departure_airport": "LHR", "passport_number": "P1", "passport_expires_on": "2031-01-31"}


@pytest.fixture
def published(world, gb):  # type: ignore[no-untyped-def]
    lists.prepare_all(actor=world.users["mofa.staff"], intake_year=YEAR)
    for s in SelectionList.objects.filter(intake_year=YEAR):
        lists.propose(actor=world.users["mofa.staff"], selection_id=s.pk)
        lists.approve(actor=world.users["council.approver"], selection_id=s.pk)
    lists.publish(actor=world.users["mofa.staff"], intake_year=YEAR, deadline=DEADLINE, today=TODAY)
    mail.outbox.clear()
    return gb


def _offer(gb, name: str) -> Offer:  # type: ignore[no-untyped-def]
    return Offer.objects.get(application__reference=f"2027-GB-{name.upper()}")


def _user(gb, name: str):  # type: ignore[no-untyped-def]
    return next(u for u in gb.users if u.username == f"cand-{name}")


def test_the_council_sees_a_draft_list_but_neither_edits_nor_proposes_it(world, gb, client):
    lists.prepare_all(actor=world.users["mofa.staff"], intake_year=YEAR)
    s = SelectionList.objects.get(country__code="GB")
    entry = s.entries.first()
    approver = world.users["council.approver"]
    client.force_login(approver)
    page = client.get(reverse("selection:list", args=[s.pk]))
    assert page.status_code == 200 and 'data-testid="list-propose"' not in page.content.decode()
    for name, data in (
        ("entry_result", {"entry": entry.pk, "result": "not_selected"}),
        ("entry_rank", {"entry": entry.pk, "direction": "up"}),
        ("propose", {}),
    ):
        assert post(client, approver, reverse(f"selection:{name}", args=[s.pk]), data).status_code == 404
    s.refresh_from_db()
    assert s.status == ListStatus.DRAFT
    assert s.entries.get(pk=entry.pk).result == entry.result
    # HQ may: the buttons are drawn from the list's workflow
    client.force_login(world.users["mofa.staff"])
    assert 'data-testid="list-propose"' in client.get(reverse("selection:list", args=[s.pk])).content.decode()


def test_who_sees_an_offer_but_is_not_the_applicant_cannot_answer_it(world, published, client):
    offer = _offer(published, "ben")
    for name in ("mission_a.staff", "mofa.staff"):
        user = world.users[name]
        client.force_login(user)
        page = client.get(reverse("selection:offer", args=[offer.pk]))
        assert page.status_code == 200 and 'data-testid="offer-accept"' not in page.content.decode(), name
        assert (
            post(client, user, reverse("selection:offer_accept", args=[offer.pk]), ACCEPT).status_code == 404
        )
        r = post(
            client,
            user,
            reverse("selection:offer_decline", args=[offer.pk]),
            {"decline_reason": "x", "confirmed": "yes"},
        )
        assert r.status_code == 404, name
        r = post(
            client,
            user,
            reverse("selection:offer_upload", args=[offer.pk]),
            {"kind": "health", "file": pdf_upload()},
        )
        assert r.status_code == 404, name
    offer.refresh_from_db()
    assert offer.status == OfferStatus.OPEN and not offer.application.documents.filter(kind="health").exists()


def test_the_applicant_does_not_clear_themself(world, published, client):
    offer = _offer(published, "ben")
    offers.accept(
        actor=_user(published, "ben"),
        offer_id=offer.pk,
        reply=offers.Acceptance("LHR", "P1", date(2031, 1, 1)),
        today=TODAY,
    )
    assert (
        post(client, _user(published, "ben"), reverse("selection:offer_clear", args=[offer.pk])).status_code
        == 404
    )


def test_the_offer_page_for_the_applicant_and_for_the_mission(world, published):
    offer = selectors.access_offer_by_id(_user(published, "ben"), _offer(published, "ben").pk)
    mine = selectors.offer_page(_user(published, "ben"), offer, today=TODAY)
    assert mine.mine and mine.replying and not mine.late and not mine.show_certificates
    late = selectors.offer_page(_user(published, "ben"), offer, today=date(2027, 4, 1))
    assert late.late and not late.replying
    staff = world.users["mission_a.staff"]
    theirs = selectors.offer_page(staff, offer, today=TODAY)
    assert not (theirs.mine or theirs.replying or theirs.late or theirs.show_reply or theirs.may_clear)
    offers.accept(
        actor=_user(published, "ben"),
        offer_id=offer.pk,
        reply=offers.Acceptance("LHR", "P1", date(2031, 1, 1)),
        today=TODAY,
    )
    offer = selectors.access_offer_by_id(staff, offer.pk)
    theirs = selectors.offer_page(staff, offer, today=TODAY)
    assert theirs.show_reply and theirs.show_certificates and theirs.may_clear and not theirs.may_upload
    assert theirs.missing == ["health", "criminal_record"] and len(theirs.missing_labels) == 2
    mine = selectors.offer_page(_user(published, "ben"), offer, today=TODAY)
    assert not mine.show_reply and mine.show_certificates and mine.may_upload and not mine.may_clear


def test_the_letter_and_the_vacancy_refuse_with_not_found(world, gb, client):
    app = gb.apps[0]
    with pytest.raises(NotFound):  # not published yet
        selectors.published_entry(world.users["mofa.staff"], app.pk)
    approver = world.users["council.approver"]  # sees the application, does not confirm upgrades
    Application.objects.filter(pk=app.pk).update(status="declined")
    r = post(
        client, approver, reverse("selection:vacancy_confirm", args=[app.pk]), {"deadline": "2027-04-30"}
    )
    assert r.status_code == 404
    assert not Vacancy.objects.exists()
