"""Selection's irreversible steps ask first, saying what happens to whom (issue 10, A2), and the reply form
reports every error at once (D17)."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from jetpm.applications.models import Application
from jetpm.core.models import Country
from jetpm.selection.models import Offer, SelectionList
from jetpm.selection.services import lists
from jetpm.selection.states import ListStatus, OfferStatus
from tests.selection.conftest import post
from tests.selection.support import YEAR

pytestmark = pytest.mark.django_db
TODAY = date(2027, 3, 10)


def _approved_all(world) -> None:  # type: ignore[no-untyped-def]
    lists.prepare_all(actor=world.users["mofa.staff"], intake_year=YEAR)
    for s in SelectionList.objects.filter(intake_year=YEAR):
        lists.propose(actor=world.users["mofa.staff"], selection_id=s.pk)
        lists.approve(actor=world.users["council.approver"], selection_id=s.pk)


def test_approve_asks_saying_what_becomes_final(world, gb, client):
    s = lists.prepare_list(
        actor=world.users["mofa.staff"], intake_year=YEAR, country_id=gb.apps[0].country_id, job_type="ALT"
    )
    lists.propose(actor=world.users["mofa.staff"], selection_id=s.pk)
    r = post(client, world.users["council.approver"], reverse("selection:approve", args=[s.pk]))
    body = r.content.decode()
    assert r.status_code == 200 and "2 short-listed candidates, 3 alternates" in body
    s.refresh_from_db()
    assert s.status == ListStatus.PROPOSED


@time_machine.travel(TODAY)
def test_publish_asks_saying_who_gets_offers(world, gb, client):
    _approved_all(world)
    r = post(
        client,
        world.users["mofa.staff"],
        reverse("selection:publish"),
        {"year": YEAR, "deadline": "2027-03-31"},
    )
    body = r.content.decode()
    assert r.status_code == 200 and 'data-testid="confirm"' in body
    assert "3 short-listed candidates get an offer" in body and "cannot be undone" in body
    assert 'name="deadline" value="2027-03-31"' in body
    assert not Offer.objects.exists() and not mail.outbox
    assert set(SelectionList.objects.values_list("status", flat=True)) == {ListStatus.APPROVED}


@time_machine.travel(TODAY)
def test_declining_an_offer_asks_first(world, gb, client):
    _approved_all(world)
    lists.publish(actor=world.users["mofa.staff"], intake_year=YEAR, deadline=date(2027, 3, 31), today=TODAY)
    app = Application.objects.get(reference="2027-GB-DAN")
    offer = Offer.objects.get(application=app)
    client.force_login(next(u for u in gb.users if u.username == "cand-dan"))
    r = client.post(reverse("selection:offer_decline", args=[offer.pk]), {"decline_reason": "A job at home"})
    assert r.status_code == 200 and "cannot be taken back" in r.content.decode()
    offer.refresh_from_db()
    assert offer.status == OfferStatus.OPEN


@time_machine.travel(TODAY)
def test_the_reply_form_reports_every_error_at_once(world, gb, client):
    _approved_all(world)
    lists.publish(actor=world.users["mofa.staff"], intake_year=YEAR, deadline=date(2027, 3, 31), today=TODAY)
    offer = Offer.objects.get(application__reference="2027-GB-BEN")
    offer.application.other_nationalities.add(Country.objects.get(code="IE"))  # ben holds another one
    client.force_login(next(u for u in gb.users if u.username == "cand-ben"))
    r = client.post(
        reverse("selection:offer_accept", args=[offer.pk]),
        {"departure_airport": "Manchester", "passport_number": "X1", "passport_expires_on": "2027-07-01"},
    )
    assert r.status_code == 400
    errors = r.context["accept_form"].errors
    assert set(errors) == {"passport_expires_on", "renounces_other_nationality"}
    # a missing field and a broken rule together
    r = client.post(
        reverse("selection:offer_accept", args=[offer.pk]),
        {"departure_airport": "", "passport_number": "X1", "passport_expires_on": "2027-07-01"},
    )
    assert {"departure_airport", "passport_expires_on", "renounces_other_nationality"} <= set(
        r.context["accept_form"].errors
    )
