"""Reappointment's irreversible decision and its selects (issue 10, A2): the intention and assessment selects
start on “— choose —” and refuse an empty choice; 決定（確定） asks for confirmation saying what happens to
whom before anything is decided."""

from __future__ import annotations

import re

import pytest
import time_machine
from django.urls import reverse

from jetpm.appointments.models import ReappointmentDecision
from jetpm.appointments.reappointment import services
from jetpm.appointments.states import Assessment, DecisionStatus, Intention
from tests.appointments.reappointment_data import IN_WINDOW, ROUND, serving

pytestmark = pytest.mark.django_db


def _selected(body: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', body, re.S)
    assert select, name
    return re.findall(r'<option value="([^"]*)"[^>]*selected', select.group(1))


def test_selects_start_on_choose_when_nothing_is_recorded(world, client):
    a, _b = serving(world)
    client.force_login(world.users["co_a.coordinator"])
    body = client.get(reverse("appointments:reappointment_list"), {"fiscal_year": ROUND}).content.decode()
    assert "— choose —" in body
    assert _selected(body, "intention") == [] and _selected(body, "assessment") == []
    first = re.search(r'<select name="intention"[^>]*>\s*<option value="([^"]*)"', body)
    assert first and first.group(1) == ""
    client.force_login(world.users["participant_a"])
    url = reverse("appointments:participant_detail", kwargs={"participant_id": a.participant_id})
    page = client.get(url).content.decode()
    assert _selected(page, "intention") in ([], [""])
    assert "— choose —" in page


def test_an_empty_choice_is_refused(world, client):
    a, _b = serving(world)
    client.force_login(world.users["co_a.coordinator"])
    r = client.post(reverse("appointments:reappointment_intention"), {"term": a.pk, "intention": ""})
    assert r.status_code == 302
    r = client.post(reverse("appointments:reappointment_assess"), {"term": a.pk, "assessment": ""})
    msgs = [str(m) for m in r.wsgi_request._messages]  # type: ignore[attr-defined]
    assert any("Assessment" in m for m in msgs)
    assert not ReappointmentDecision.objects.exclude(intention="", assessment="").exists()


@time_machine.travel(IN_WINDOW)
def test_decide_asks_for_confirmation_naming_the_outcome(world, client):
    a, _b = serving(world)
    co = world.users["co_a.coordinator"]
    services.record_intention(actor=co, term_id=a.pk, intention=Intention.CONTINUE)
    services.record_assessment(actor=co, term_id=a.pk, assessment=Assessment.NOT_REAPPOINTED, reason="x")
    client.force_login(co)
    page = client.post(reverse("appointments:reappointment_decide"), {"term": a.pk})
    body = page.content.decode()
    assert page.status_code == 200 and 'data-testid="confirm"' in body
    assert "NOT reappointed" in body and a.participant.jet_id in body
    assert ReappointmentDecision.objects.get(term=a).status == DecisionStatus.DRAFT
    assert 'name="confirmed" value="yes"' in body and f'name="term" value="{a.pk}"' in body
    done = client.post(reverse("appointments:reappointment_decide"), {"term": a.pk, "confirmed": "yes"})
    assert done.status_code == 302
    decision = ReappointmentDecision.objects.get(term=a)
    assert decision.status == DecisionStatus.DECIDED and not decision.reappointed


@time_machine.travel(IN_WINDOW)
def test_a_decision_the_rules_refuse_is_refused_without_asking(world, client):
    a, _b = serving(world)
    co = world.users["co_a.coordinator"]
    services.record_intention(actor=co, term_id=a.pk, intention=Intention.CONTINUE)  # no assessment yet
    client.force_login(co)
    r = client.post(reverse("appointments:reappointment_decide"), {"term": a.pk})
    assert r.status_code == 302
    msgs = [str(m) for m in r.wsgi_request._messages]  # type: ignore[attr-defined]
    assert any("assessment" in m for m in msgs)


@time_machine.travel(IN_WINDOW)
def test_who_may_never_decide_gets_404_at_once_and_a_final_decision_a_message(world, client):
    a, _b = serving(world)
    co = world.users["co_a.coordinator"]
    services.record_intention(actor=co, term_id=a.pk, intention=Intention.CONTINUE)
    services.record_assessment(actor=co, term_id=a.pk, assessment=Assessment.NOT_REAPPOINTED, reason="x")
    url = reverse("appointments:reappointment_decide")
    # the participant sees their term but may never decide it: 404, not a confirmation page
    client.force_login(world.users["participant_a"])
    assert client.post(url, {"term": a.pk}).status_code == 404
    assert client.post(url, {"term": a.pk, "confirmed": "yes"}).status_code == 404
    # an invalid form is said as such, before anything is looked up
    client.force_login(co)
    r = client.post(url, {"term": "x"})
    assert r.status_code == 302
    # once decided, the step is not available: the message at once, without asking
    services.decide(actor=co, term_id=a.pk, today=IN_WINDOW)
    r = client.post(url, {"term": a.pk})
    assert r.status_code == 302
    msgs = [str(m) for m in r.wsgi_request._messages]  # type: ignore[attr-defined]
    assert any("decided and final" in m for m in msgs)
    # and a participant of a decided term: still 404 (who may comes before the state)
    client.force_login(world.users["participant_a"])
    assert client.post(url, {"term": a.pk, "confirmed": "yes"}).status_code == 404
