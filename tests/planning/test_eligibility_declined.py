"""Declining a placement bars applying the next year: the pure rule and the portal that fills it."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from jetpm.applications.models import Application
from jetpm.core.models import Language, Person
from jetpm.placement.models import PlacementDecline, PlacementRun
from jetpm.planning import eligibility
from jetpm.planning.services.guidelines import failure_messages
from tests.applications.portal_support import INSIDE_WINDOW, new_applicant, step_data, step_url
from tests.planning.guidelines_support import approved

BASE = eligibility.Applicant(
    nationality="GB",
    recruiting_country="GB",
    job_type="ALT",
    arrival_date=date(2027, 7, 30),
    degree_date=date(2024, 6, 30),
    japanese_level="N4",
)


def test_the_rule_is_off_without_a_decline() -> None:
    assert eligibility.check(eligibility.Rules(), BASE, intake_year=2027) == []


def test_a_decline_last_year_fails_with_a_clear_message() -> None:
    from dataclasses import replace

    failures = eligibility.check(
        eligibility.Rules(), replace(BASE, declined_placement_last_year=True), intake_year=2027
    )
    assert [f.code for f in failures] == ["declined_placement"]
    assert failures[0].english() == ("Applicants who declined a placement last year cannot apply this year.")


@pytest.mark.django_db
def test_failure_message_is_translated() -> None:
    from dataclasses import replace

    from django.utils import translation

    failures = eligibility.check(
        eligibility.Rules(), replace(BASE, declined_placement_last_year=True), intake_year=2027
    )
    with translation.override("en"):
        assert failure_messages(failures) == [
            ("declined_placement", "Applicants who declined a placement last year cannot apply this year.")
        ]


def _declined_2026(world, user) -> Application:  # type: ignore[no-untyped-def]
    person = Person.objects.get(user=user)
    mission = world.orgs["mission_a"]
    country = mission.countries.get()
    app = Application.objects.create(
        reference="2026-GB-DECLIN",
        person=person,
        intake_year=2026,
        mission=mission,
        country=country,
        job_type="ALT",
        language=Language.objects.get(code="en"),
        status="withdrawn",
        nationality=country,
        passport_family_name=person.family_name,
        passport_given_names=person.given_name,
        email=person.email,
    )
    run = PlacementRun.objects.create(intake_year=2026, version=1, status="published")
    PlacementDecline.objects.create(
        application=app, run=run, contracting_org=world.orgs["co_a"], reason="family reasons"
    )
    return app


@pytest.mark.django_db
def test_the_portal_refuses_an_applicant_who_declined_last_year(world, client) -> None:  # type: ignore[no-untyped-def]
    approved(world, 2027)
    user = new_applicant(world)
    _declined_2026(world, user)
    client.force_login(user)
    with time_machine.travel(INSIDE_WINDOW):
        response = client.post(reverse("applications:portal_start"), {"intake_year": 2027})
        assert response.status_code == 302
        app = Application.objects.get(person__user=user, intake_year=2027)
        assert client.post(step_url(app, "personal"), step_data(app)["personal"]).status_code == 302
        app.refresh_from_db()
        assert "declined_placement" in app.eligibility_failures
        page = client.get(step_url(app, "personal")).content.decode()
        assert "Applicants who declined a placement last year cannot apply this year." in page


@pytest.mark.django_db
def test_a_decline_two_years_ago_does_not_bar(world, client) -> None:  # type: ignore[no-untyped-def]
    approved(world, 2028)
    user = new_applicant(world)
    app = _declined_2026(world, user)
    from jetpm.applications.portal.selectors import applicant_facts

    later = Application(
        person_id=app.person_id,
        intake_year=2028,
        country=app.country,
        nationality=app.nationality,
        job_type="ALT",
        language=app.language,
    )
    assert applicant_facts(later).declined_placement_last_year is False
    later.intake_year = 2027
    assert applicant_facts(later).declined_placement_last_year is True


@pytest.mark.django_db
def test_the_portal_refuses_an_alt_application_in_a_language_alt_does_not_teach(world, client) -> None:  # type: ignore[no-untyped-def]
    approved(world, 2027)
    user = new_applicant(world)
    client.force_login(user)
    with time_machine.travel(INSIDE_WINDOW):
        client.post(reverse("applications:portal_start"), {"intake_year": 2027})
        app = Application.objects.get(person__user=user, intake_year=2027)
        personal = {**step_data(app)["personal"], "language": Language.objects.get(code="es").pk}
        assert client.post(step_url(app, "personal"), personal).status_code == 302
        app.refresh_from_db()
        assert "alt_language" in app.eligibility_failures
        page = client.get(step_url(app, "personal")).content.decode()
        assert "ALT posts teach English, German, French, Chinese or Korean only" in page


@pytest.mark.django_db
def test_the_years_guideline_may_lift_the_declined_placement_bar(world) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import replace

    from jetpm.planning.services.guidelines import rules_of

    guideline = approved(world, 2027)
    assert rules_of(guideline).declined_placement_bar is True
    guideline.declined_placement_bar = False
    declined = replace(BASE, declined_placement_last_year=True)
    assert eligibility.check(rules_of(guideline), declined, intake_year=2027) == []
