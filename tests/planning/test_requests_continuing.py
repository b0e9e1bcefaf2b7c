"""The "continuing" figures of a request come from the reappointment round of the year before the intake
(jetpm.appointments): a new request starts with them, the lines page says where they come from, and the
coordinator can still change them."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from jetpm.appointments.models import AppointmentTerm, ReappointmentDecision
from jetpm.appointments.states import Assessment, DecisionStatus, Intention, TermStatus
from jetpm.core.models import AuditEvent, Language, Person
from jetpm.core.states import PersonKind
from jetpm.planning.models import RequestLine
from jetpm.planning.selectors.requests import continuing_figures
from jetpm.planning.services import requests as services
from tests.appointments.reappointment_data import add_participant
from tests.planning.requests_helpers import INSIDE, YEAR, line

ROUND = YEAR - 1  # the round held in FY2026 decides who continues into the 2027 intake's year


def _term(world: Any, key: str, org_key: str, *, language: str | None = "en") -> AppointmentTerm:
    person = Person.objects.create(
        kind=PersonKind.PARTICIPANT,
        family_name=f"Testperson-{key}",
        given_name="Sam",
        birth_date=date(1998, 5, 1),
        email=f"{key}@example.org",
        nationality=world.persons["participant_a"].nationality,
        contracting_org=world.orgs[org_key],
    )
    term = add_participant(person, world.orgs[org_key], jet_id=key, year_on_programme=1, fiscal_year=ROUND)
    lang = Language.objects.get(code=language) if language else None
    AppointmentTerm.objects.filter(participant=term.participant).update(language=lang)
    return term


def _decide(term: AppointmentTerm, *, reappointed: bool | None) -> None:
    if reappointed is None:
        ReappointmentDecision.objects.create(term=term, intention=Intention.CONTINUE)
        return
    next_term = None
    if reappointed:
        next_term = AppointmentTerm.objects.create(
            participant=term.participant,
            fiscal_year=ROUND + 1,
            year_on_programme=2,
            contracting_org=term.contracting_org,
            job_type=term.job_type,
            language=term.language,
            status=TermStatus.SERVING,
        )
    ReappointmentDecision.objects.create(
        term=term,
        intention=Intention.CONTINUE if reappointed else Intention.LEAVE,
        assessment=Assessment.CAPABLE if reappointed else "",
        status=DecisionStatus.DECIDED,
        reappointed=reappointed,
        next_term=next_term,
        decided_at=timezone.now(),
    )


@pytest.fixture
def round_of_co_a(world: Any) -> None:
    """co_a: two English ALTs reappointed, one Chinese ALT reappointed, one leaving, one undecided;
    co_b: one reappointed (not co_a's)."""
    for key, lang, reappointed in [
        ("A-1", "en", True),
        ("A-2", "en", True),
        ("A-3", "zh", True),
        ("A-4", "en", False),
        ("A-5", "en", None),
    ]:
        _decide(_term(world, key, "co_a", language=lang), reappointed=reappointed)
    _decide(_term(world, "B-1", "co_b"), reappointed=True)


@pytest.mark.django_db
def test_figures_count_the_organisations_confirmed_reappointments(world, round_of_co_a):
    user = world.users["co_a.coordinator"]
    figures = continuing_figures(user, organisation_id=world.orgs["co_a"].pk, intake_year=YEAR)
    assert figures.round_year == ROUND
    assert figures.counts == {("ALT", "en"): 2, ("ALT", "zh"): 1}
    assert (figures.serving, figures.pending) == (5, 1)
    assert figures.figure("ALT", "en") == 2 and figures.figure("CIR", "en") is None
    # another year's round says nothing about this intake
    other = continuing_figures(user, organisation_id=world.orgs["co_a"].pk, intake_year=YEAR + 1)
    assert other.counts == {} and other.pending == other.serving == 3  # the next terms, undecided


@pytest.mark.django_db
def test_a_new_request_starts_with_the_rounds_figures_and_they_can_be_changed(world, round_of_co_a):
    user = world.users["co_a.coordinator"]
    with time_machine.travel(INSIDE, tick=False):
        req = services.start_request(actor=user, organisation_id=world.orgs["co_a"].pk, intake_year=YEAR)
        lines = {(x.job_type, x.language.code): (x.new_participants, x.continuing) for x in req.lines.all()}
        assert lines == {("ALT", "en"): (0, 2), ("ALT", "zh"): (0, 1)}
        event = AuditEvent.objects.get(action="request.prefill_continuing", object_id=str(req.pk))
        assert event.changes["continuing"][1] == {"ALT/en": 2, "ALT/zh": 1}
        # starting again changes nothing; the coordinator changes the figure
        assert (
            services.start_request(actor=user, organisation_id=world.orgs["co_a"].pk, intake_year=YEAR) == req
        )
        en = req.lines.get(job_type="ALT", language__code="en")
        services.save_line(actor=user, request_id=req.pk, line_id=en.pk, data=line(new=3, cont=1))
    assert RequestLine.objects.get(pk=en.pk).continuing == 1
    assert req.lines.count() == 2


@pytest.mark.django_db
def test_without_a_round_a_new_request_has_no_lines(world):
    with time_machine.travel(INSIDE, tick=False):
        req = services.start_request(
            actor=world.users["co_a.coordinator"], organisation_id=world.orgs["co_a"].pk, intake_year=YEAR
        )
    assert req.lines.count() == 0
    assert not AuditEvent.objects.filter(action="request.prefill_continuing").exists()


@pytest.mark.django_db
def test_lines_page_says_where_the_figure_comes_from(world, round_of_co_a, client):
    user = world.users["co_a.coordinator"]
    client.force_login(user)
    with time_machine.travel(INSIDE, tick=False):
        req = services.start_request(actor=user, organisation_id=world.orgs["co_a"].pk, intake_year=YEAR)
        services.delete_line(actor=user, request_id=req.pk, line_id=req.lines.get(language__code="zh").pk)
        en = req.lines.get(language__code="en")
        services.save_line(actor=user, request_id=req.pk, line_id=en.pk, data=line(new=2, cont=0))
        url = reverse("planning:request_lines", args=[req.pk])
        html = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert 'data-testid="continuing-from-round"' in html
        assert "From the reappointment round of FY2026" in html
        assert "(1 of 5 decisions still pending)" in html
        assert "?job_type=ALT&amp;language=zh" in html  # the Chinese line was removed: offered again

        # changing the English line: its continuing is 0, the round's 2 is offered with the note
        page = client.get(url, {"line": en.pk}).content.decode()
        assert 'name="continuing" value="2"' in page
        assert "Prefilled from the reappointment round of FY2026: 2 participants" in page

        # adding the Chinese line again from the card's link
        page = client.get(url, {"job_type": "ALT", "language": "zh"}).content.decode()
        assert 'name="continuing" value="1"' in page
        # a line without a figure says so
        page = client.get(url, {"job_type": "CIR", "language": "ko"}).content.decode()
        assert "has confirmed no participant of this job type and language yet" in page
        assert 'name="continuing" value="0"' in page


@pytest.mark.django_db
def test_the_round_read_by_the_prefill_is_decided_while_the_requests_are_collected(world):
    """The requests of an intake are collected in the autumn and winter before its arrival (October –
    February), while the round that says who continues into that year is being decided: its decisions close
    before the requests window does, so the last requests carry the round's final figures."""
    from jetpm.appointments.reappointment.services import round_rules
    from jetpm.planning.selectors.requests import requests_window

    window = requests_window(YEAR)
    assert window is not None
    rules = round_rules(
        continuing_figures(
            world.users["co_a.coordinator"], organisation_id=world.orgs["co_a"].pk, intake_year=YEAR
        ).round_year
    )
    assert rules.fiscal_year == ROUND
    assert window.starts_on <= rules.decisions_open <= rules.decisions_close <= window.ends_on
    assert window.is_open(INSIDE)
