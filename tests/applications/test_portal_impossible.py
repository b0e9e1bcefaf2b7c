"""The portal refuses impossible values and reports every error at once; a step shows as done only when it
is (issue 10, D17)."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from jetpm.applications.models import Application, Referee
from jetpm.applications.portal.forms import RegistrationForm
from jetpm.applications.portal.selectors import completed_steps
from tests.applications.portal_support import INSIDE_WINDOW, new_applicant, step_data, step_url
from tests.planning.guidelines_support import approved

pytestmark = pytest.mark.django_db


@pytest.fixture
def app(world, client):  # type: ignore[no-untyped-def]
    approved(world, 2027)
    client.force_login(new_applicant(world))
    with time_machine.travel(INSIDE_WINDOW):
        client.post(reverse("applications:portal_start"), {"intake_year": 2027})
    return Application.objects.get(person__user__username="newbie")


def test_more_years_in_japan_than_ten_is_refused_with_the_other_errors(app, client):
    page = client.post(step_url(app, "history"), {"former_participant": "on", "years_in_japan_last_10": "12"})
    assert page.status_code == 400
    assert {"years_in_japan_last_10", "former_start_year", "former_years"} <= set(page.context["form"].errors)
    app.refresh_from_db()
    assert app.years_in_japan_last_10 == 0 and "history" not in app.steps_done


def test_a_birth_date_in_the_future_is_refused(app, client):
    data = {
        **step_data(app)["personal"],
        "birth_date": (timezone.localdate() + timedelta(days=30)).isoformat(),
    }
    page = client.post(step_url(app, "personal"), data)
    assert page.status_code == 400 and "birth_date" in page.context["form"].errors
    app.refresh_from_db()
    assert app.birth_date is None or app.birth_date < timezone.localdate()
    form = RegistrationForm({"birth_date": (timezone.localdate() + timedelta(days=1)).isoformat()})
    assert not form.is_valid() and "birth_date" in form.errors


def test_a_referee_cannot_be_the_applicant(app, client):
    own = app.email or app.person.email
    assert own
    page = client.post(
        step_url(app, "referees"),
        {"order": 1, "r1-name": "Me", "r1-email": own.upper(), "r1-relationship": "Self"},
    )
    assert page.status_code == 400 and "cannot be yourself" in page.content.decode()
    assert not Referee.objects.filter(application=app).exists()


def test_a_step_is_done_only_when_it_is(app, client):
    assert client.post(step_url(app, "declarations"), {}).status_code == 302  # saved, nothing ticked
    app.refresh_from_db()
    assert "declarations" in app.steps_done
    assert "declarations" not in completed_steps(app)
    page = client.get(step_url(app, "declarations")).content.decode()
    assert 'data-testid="step-declarations">done<' not in page
    client.post(step_url(app, "declarations"), step_data(app)["declarations"])
    app.refresh_from_db()
    assert "declarations" in completed_steps(app)
