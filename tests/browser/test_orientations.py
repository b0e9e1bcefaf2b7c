"""Pre-departure orientations in a real browser, in both languages: the UK mission plans an orientation for
its FY2026 departure group A, invites the group (its members) and records the attendance; the candidate sees
the invitation on their application page and gives feedback; MOFA reads every mission's send-off evaluation
side by side and reviews one. Links and buttons are clicked and forms filled; axe-core runs on the pages
visited."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date

import pytest
from django.contrib.auth.hashers import make_password
from django.utils import translation
from django.utils.formats import date_format

from jetpm.applications.models import Application
from jetpm.core.models import Person, User
from jetpm.demo.logins import UK_MISSION
from jetpm.predeparture.models import (
    DepartureAssignment,
    DepartureGroup,
    OrientationEvent,
    OrientationInvitation,
    SendoffEvaluation,
)
from tests.browser.conftest import PASSWORD, Demo, Visitor
from tests.browser.test_planning import click, login_in, messages, nav, t

pytestmark = pytest.mark.browser

Visit = Callable[..., Visitor]
USERS = ("mission.staff", "mofa.staff")
LANGUAGES = ("ja", "en")


@pytest.fixture
def languages_restored(demo: Demo) -> Iterator[None]:
    before = dict(User.objects.filter(username__in=USERS).values_list("username", "language"))
    yield
    for username, language in before.items():
        User.objects.filter(username=username).update(language=language)


def candidate_login(application: Application, lang: str) -> str:
    """A login for the candidate of the application (the demo's candidates have none)."""
    username = f"candidate-{lang}"
    user = User.objects.create(username=username, password=make_password(PASSWORD), language=lang)
    Person.objects.filter(pk=application.person_id).update(user=user)
    return username


def mission_invites_and_records_attendance(visit: Visit, lang: str) -> tuple[OrientationEvent, Application]:
    v = login_in(visit, "mission.staff", lang)
    nav(v, "/predeparture/orientations/")
    click(v, "a[href='/predeparture/orientations/new/']")
    page = v.page
    page.select_option("select[name=intake_year]", "2026")
    page.select_option("select[name=kind]", "orientation")
    title = f"Farewell briefing {lang}"
    page.fill("input[name=title]", title)
    page.fill("input[name=date]", "2027-01-15")  # after the candidates left: refused, the rule named
    page.fill("input[name=place]", "Embassy of Japan, Piccadilly")
    group = DepartureGroup.objects.get(mission__code=UK_MISSION, intake_year=2026, code="a")
    page.select_option("select[name=departure_group]", str(group.pk))
    click(v, "main form button[type=submit]")
    assert "2026-10-01" not in page.content()  # the window of FY2026 ends in September 2026
    with translation.override(lang):
        last_day = date_format(date(2026, 9, 30), "DATE_FORMAT")  # 30 September 2026 / 2026年9月30日
    error = page.locator(".field.has-error").inner_text()
    assert last_day in error and "2026-09-30" not in error  # in the reader's language, not ISO
    page.fill("input[name=date]", "2026-08-20")
    click(v, "main form button[type=submit]")
    assert t(lang, "The event was saved.") in messages(v)
    v.check_a11y(f"orientation ({lang})")
    event = OrientationEvent.objects.get(title=title)
    assert event.departure_group == group
    assert t(lang, "Group A") in page.locator("[data-testid=event-group]").inner_text()
    # the group chosen for the event is offered: inviting it invites its members of the mission
    members = set(
        DepartureAssignment.objects.filter(group=group, status__in=["assigned", "arrived"]).values_list(
            "application_id", flat=True
        )
    )
    assert page.locator("select[name=departure_group]").input_value() == str(group.pk)
    click(v, "[data-testid=invite-group]")
    invited = set(OrientationInvitation.objects.filter(event=event).values_list("application_id", flat=True))
    assert invited and invited <= members
    assert t(lang, "%(count)s candidates were invited.") % {"count": len(invited)} in messages(v)
    inv = (
        OrientationInvitation.objects.filter(event=event).select_related("application").order_by("pk").first()
    )
    app = inv.application
    assert app.reference in page.locator("[data-testid=invitations]").inner_text()
    page.locator(f"input[name=attended][value='{inv.pk}']").check()
    click(v, "[data-testid=record-attendance]")
    assert t(lang, "The attendance was recorded.") in messages(v)
    assert page.locator(f"[data-testid='attendance-{app.reference}']").inner_text() == t(lang, "Attended")
    click(v, f"form[action='/predeparture/orientations/{event.pk}/hold/'] button")
    assert page.locator("[data-testid=event-status]").inner_text() == t(lang, "Held")
    v.check_a11y(f"orientation held ({lang})")
    return event, app


def candidate_gives_feedback(visit: Visit, event: OrientationEvent, app: Application, lang: str) -> None:
    username = candidate_login(app, lang)
    v = login_in(visit, username, lang)
    v.goto(f"/applications/portal/{app.pk}/")
    section = v.page.locator("[data-testid=predeparture]")
    assert event.title in section.inner_text()
    v.check_a11y(f"candidate's page ({lang})")
    click(v, f"[data-testid=predeparture] a:has-text('{event.title}')")
    page = v.page
    page.select_option("select[name=rating]", "5")
    page.fill("textarea[name=comment]", "The alumni talk was the best part.")
    click(v, "main form button[type=submit]")
    assert t(lang, "Thank you: your feedback was recorded.") in messages(v)
    assert "5 / 5" in page.locator("[data-testid=my-feedback]").inner_text()
    v.check_a11y(f"invitation with feedback ({lang})")
    inv = OrientationInvitation.objects.get(event=event, application=app)
    assert inv.feedback_rating == 5


def mofa_reviews_side_by_side(visit: Visit, evaluation: SendoffEvaluation, lang: str) -> None:
    v = login_in(visit, "mofa.staff", lang)
    nav(v, "/predeparture/sendoff/")
    click(v, "a[href='/predeparture/sendoff/review/']")
    page = v.page
    page.select_option("select[name=year]", str(evaluation.fiscal_year))
    click(v, "main form.filters button[type=submit]")
    table = page.locator("[data-testid=sendoff-review]").inner_text()
    assert t(lang, "Reviewed by MOFA") in table and t(lang, "Submitted to MOFA") in table
    assert t(lang, "Median hours to the first answer") in table  # the Q&A desk's figures, per mission
    v.check_a11y(f"send-off side by side ({lang})")
    click(v, f"a[href='/predeparture/sendoff/{evaluation.pk}/']")
    desk = page.locator("[data-testid=desk-figures]").inner_text()
    assert t(lang, "Questions asked by the candidates") in desk
    page.fill("textarea[name=review_comment]", "Thank you: share the reception's format with the neighbours.")
    click(v, f"form[action='/predeparture/sendoff/{evaluation.pk}/review/'] button")
    assert t(lang, "The send-off evaluation was marked as reviewed.") in messages(v)
    assert page.locator("[data-testid=sendoff-status]").inner_text() == t(lang, "Reviewed by MOFA")
    v.check_a11y(f"send-off reviewed ({lang})")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_orientation_feedback_and_sendoff_review(visit: Visit, lang: str, languages_restored: None) -> None:
    event, app = mission_invites_and_records_attendance(visit, lang)
    assert event.mission.code == UK_MISSION
    candidate_gives_feedback(visit, event, app, lang)
    evaluation = (
        SendoffEvaluation.objects.filter(fiscal_year=2026, status="submitted")
        .order_by("mission__code")
        .first()
    )
    assert evaluation is not None, "the demo world has FY2026 send-off evaluations awaiting MOFA's review"
    mofa_reviews_side_by_side(visit, evaluation, lang)
