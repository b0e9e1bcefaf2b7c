"""The alumni's surveys and engagement in a real browser, in both languages: the demo alumnus answers the
FY2026 alumni status survey on their own page (a required answer missing is named first, then the answers
are submitted once); the UK mission finds a consenting alumnus in its country and records their help with
one of its PR events. axe-core runs on every page visited."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from jetpm.alumni.engagement.models import Engagement
from jetpm.alumni.models import AlumnusProfile
from jetpm.core.models import User
from jetpm.demo.logins import UK_MISSION
from jetpm.outreach.models import OutreachActivity
from jetpm.questionnaires.models import Response
from tests.browser.conftest import Demo, Visitor
from tests.browser.test_planning import click, login_in, messages, nav, t

pytestmark = pytest.mark.browser

Visit = Callable[..., Visitor]
USERS = ("alumnus", "mission.staff")
LANGUAGES = ("ja", "en")


@pytest.fixture
def languages_restored(demo: Demo) -> Iterator[None]:
    before = dict(User.objects.filter(username__in=USERS).values_list("username", "language"))
    yield
    for username, language in before.items():
        User.objects.filter(username=username).update(language=language)


def the_alumnus_answers_the_status_survey(visit: Visit, lang: str) -> None:
    person = User.objects.get(username="alumnus").person
    response = Response.objects.get(
        person=person, questionnaire__purpose="alumni_status", questionnaire__fiscal_year=2026
    )
    Response.objects.filter(pk=response.pk).update(status="open", answers={}, submitted_at=None)
    v = login_in(visit, "alumnus", lang)
    nav(v, "/alumni/surveys/")
    v.check_a11y(f"surveys of the alumnus ({lang})")
    click(v, f"[data-testid=my-surveys] a[href='/alumni/surveys/answer/{response.pk}/']")
    page = v.page
    q = response.questionnaire
    assert (q.title_ja if lang == "ja" else q.title_en) in page.inner_text("h1")
    page.check("[data-testid=question-sector] input[value=education]")
    page.check("[data-testid=question-japan_work] input[value=yes]")
    click(v, "button[name=submit]")  # "would you recommend" left out: named, nothing submitted
    assert page.locator("[data-testid=question-recommend] .error").count() == 1
    v.check_a11y(f"answer with an error ({lang})")
    page.check("[data-testid=question-recommend] input[value='5']")
    click(v, "button[name=submit]")
    assert t(lang, "Your answers were submitted. Thank you.") in messages(v)
    assert page.inner_text("[data-testid=answer-status]") == t(lang, "Submitted")
    assert page.locator("button[name=submit]").count() == 0  # one answer: nothing more to submit
    response.refresh_from_db()
    assert response.status == "submitted" and response.answers["recommend"] == 5
    v.logout()


def the_mission_finds_a_consenting_alumnus_for_a_pr_event(visit: Visit, lang: str) -> None:
    profile = (
        AlumnusProfile.objects.filter(country__code="GB", person__kind="alumnus")
        .exclude(city="")
        .order_by("person_id")
        .first()
    )
    assert profile is not None
    AlumnusProfile.objects.filter(pk=profile.pk).update(consents_to_recruitment=True)
    activity = (
        OutreachActivity.objects.filter(mission__code=UK_MISSION, fiscal_year=2026).order_by("date").first()
    )
    assert activity is not None
    before = Engagement.objects.filter(person=profile.person, activity=activity).count()
    v = login_in(visit, "mission.staff", lang)
    nav(v, "/alumni/engagement/")
    click(v, "a[href='/alumni/engagement/find/']")
    page = v.page
    page.fill("input[name=city]", profile.city)
    click(v, "[data-testid=find-form] button[type=submit]")
    v.check_a11y(f"find alumni ({lang})")
    click(v, f"[data-testid=find-results] a[href='/alumni/engagement/new/?person={profile.person_id}']")
    page.select_option("select[name=kind]", "pr_help")
    page.select_option("select[name=activity]", str(activity.pk))
    v.check_a11y(f"record an engagement ({lang})")
    click(v, "[data-testid=engagement-form] button[type=submit]")
    assert t(lang, "The engagement was recorded.") in messages(v)
    assert t(lang, "Help with a PR event") in page.inner_text("h1")
    assert activity.place in page.inner_text("[data-testid=engagement-detail]")
    assert Engagement.objects.filter(person=profile.person, activity=activity).count() == before + 1
    v.logout()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_an_alumnus_answers_and_a_mission_records_an_engagement(
    visit: Visit, languages_restored: None, lang: str
) -> None:
    the_alumnus_answers_the_status_survey(visit, lang)
    the_mission_finds_a_consenting_alumnus_for_a_pr_event(visit, lang)
