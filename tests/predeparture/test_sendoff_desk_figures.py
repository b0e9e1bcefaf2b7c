"""The send-off evaluation shows the Q&A desk's figures for the mission's candidates of the year, read through
core's registry (pre-departure and the support desk import nothing of each other): live while a draft,
frozen at submission, side by side for MOFA; "not available" without a desk."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from jetpm.core import desk_figures
from jetpm.predeparture.orientations import services
from jetpm.support.models import Case
from tests.predeparture.helpers import candidate

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)  # FY2025: a candidate of FY2026 asks before the intake year


def _question(world, person_key, mission_key, *, hours, fiscal_year=2025, at=T0):  # type: ignore[no-untyped-def]
    return Case.objects.create(
        kind="question",
        category="departure",
        mission=world.orgs[mission_key],
        person=world.persons[person_key],
        subject="Flight",
        body="When?",
        fiscal_year=fiscal_year,
        opened_at=at,
        first_answered_at=None if hours is None else at + timedelta(hours=hours),
    )


@pytest.fixture
def asked(world):  # type: ignore[no-untyped-def]
    """Mission A: three questions of its FY2026 candidate (two answered, in 2 and 6 hours), one of a person
    with no FY2026 application there, one from long ago; mission B: one of its own candidate."""
    candidate(world.persons["applicant_a"], world.orgs["mission_a"], year=2026)
    candidate(world.persons["applicant_b"], world.orgs["mission_b"], year=2026)
    _question(world, "applicant_a", "mission_a", hours=2)
    _question(world, "applicant_a", "mission_a", hours=6, fiscal_year=2026, at=T0 + timedelta(days=60))
    _question(world, "applicant_a", "mission_a", hours=None, fiscal_year=2026)
    _question(world, "applicant_a", "mission_a", hours=1, fiscal_year=2023)  # not while a FY2026 candidate
    _question(world, "participant_a", "mission_a", hours=1)  # no FY2026 application with mission A
    _question(world, "applicant_b", "mission_b", hours=30)


def test_the_support_desk_provides_the_figures_through_core(world, asked):  # type: ignore[no-untyped-def]
    a, b = world.orgs["mission_a"].pk, world.orgs["mission_b"].pk
    other = world.orgs["mission_b"].pk + 10_000  # a mission without questions: zeros
    figures = desk_figures.desk_figures([a, b, other], intake_year=2026)
    assert figures is not None
    assert figures[a] == desk_figures.DeskFigures(asked=3, answered=2, median_hours=4.0, p90_hours=5.6)
    assert (figures[b].asked, figures[b].answered, figures[b].median_hours) == (1, 1, 30.0)
    assert figures[other] == desk_figures.NONE_ASKED
    assert desk_figures.desk_figures([a], intake_year=2028) == {a: desk_figures.NONE_ASKED}


def test_no_desk_no_figures(world, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(desk_figures, "_PROVIDERS", [])
    assert desk_figures.desk_figures([world.orgs["mission_a"].pk], intake_year=2026) is None


def _draft(world):  # type: ignore[no-untyped-def]
    ev = services.create_sendoff(
        actor=world.users["mission_a.staff"], mission_id=world.orgs["mission_a"].pk, fiscal_year=2026
    )
    services.update_sendoff(
        actor=world.users["mission_a.staff"],
        sendoff_id=ev.pk,
        texts={"screening_content": "Interviews", "sendoff_content": "Reception", "changes_next_year": "x"},
    )
    return ev


def _desk_table(client, ev) -> str:  # type: ignore[no-untyped-def]
    body = client.get(reverse("predeparture:sendoff_detail", args=[ev.pk])).content.decode()
    start = body.index('data-testid="desk-figures"')
    return body[start : body.index("</table>", start)]


def test_the_evaluation_shows_them_live_then_frozen_at_submission(world, asked, client):  # type: ignore[no-untyped-def]
    ev = _draft(world)
    client.force_login(world.users["mission_a.staff"])
    table = _desk_table(client, ev)
    assert "Questions asked by the candidates</th><td>3<" in table
    assert "Questions answered</th><td>2<" in table
    assert "Median hours to the first answer</th><td>4.0<" in table

    ev = services.submit_sendoff(actor=world.users["mission_a.approver"], sendoff_id=ev.pk)
    assert ev.desk_figures == {"asked": 3, "answered": 2, "median_hours": 4.0, "p90_hours": 5.6}
    _question(world, "applicant_a", "mission_a", hours=100, fiscal_year=2026)  # after submission
    assert "Questions asked by the candidates</th><td>3<" in _desk_table(client, ev)

    client.force_login(world.users["mofa.staff"])
    page = client.get(reverse("predeparture:sendoff_side_by_side") + "?year=2026")
    rows = {m.pk: m for m in page.context["page"]}
    assert rows[world.orgs["mission_a"].pk].desk.asked == 4  # the side-by-side reads live figures
    assert rows[world.orgs["mission_b"].pk].desk_median == "30.0"
    assert "Median hours to the first answer" in page.content.decode()


def test_without_a_desk_the_page_says_so(world, client, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(desk_figures, "_PROVIDERS", [])
    ev = _draft(world)
    client.force_login(world.users["mission_a.staff"])
    body = client.get(reverse("predeparture:sendoff_detail", args=[ev.pk])).content.decode()
    assert "support desk is not in service" in body
    ev = services.submit_sendoff(actor=world.users["mission_a.approver"], sendoff_id=ev.pk)
    assert ev.desk_figures == {}
    client.force_login(world.users["mofa.staff"])
    page = client.get(reverse("predeparture:sendoff_side_by_side") + "?year=2026")
    assert "Median hours to the first answer" not in page.content.decode()
