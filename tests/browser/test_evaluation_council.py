"""The evaluation's Act and the local governments' voice in a real browser, in both languages: a contracting
organisation answers the year's survey on its page (the missing answers reported at once, then submitted);
the Council records a finding and links it to a criterion's change in next year's draft guideline, whose page
then shows the finding. Links and buttons are clicked and forms filled; axe-core runs on every page."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from django.utils import translation

from jetpm.core.models import User
from jetpm.evaluation.models import Finding, FindingChange
from jetpm.evaluation.voice.questions import PURPOSE
from jetpm.planning.models import Guideline
from jetpm.questionnaires.models import Response
from tests.browser.conftest import Demo, Visitor

pytestmark = pytest.mark.browser

Visit = Callable[..., Visitor]
GIFU_CO = "co-210005"
SURVEY_YEAR = 2026  # open on the demo's today (October 2026 – January 2027)
DRAFT_YEAR = 2028  # the demo's draft guideline: changed by findings of the FY2027 discussion
USERS = ("co.coordinator", "council.approver")


def t(language: str, text: str) -> str:
    with translation.override(language):
        return translation.gettext(text)


def click(v: Visitor, selector: str) -> None:
    with v.page.expect_navigation():
        v.page.locator(selector).first.click()


def login_in(visit: Visit, username: str, language: str) -> Visitor:
    v = visit()
    v.login(username)
    if (v.page.get_attribute("html", "lang") or "") != language:
        click(v, "[data-testid=lang-switch]")
    assert v.page.get_attribute("html", "lang") == language
    return v


@pytest.fixture
def languages_restored(demo: Demo) -> Iterator[None]:
    before = dict(User.objects.filter(username__in=USERS).values_list("username", "language"))
    yield
    for username, language in before.items():
        User.objects.filter(username=username).update(language=language)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_a_contracting_organisation_answers_the_survey(
    visit: Visit, lang: str, languages_restored: None
) -> None:
    response = Response.objects.get(
        questionnaire__purpose=PURPOSE, questionnaire__fiscal_year=SURVEY_YEAR, organisation__code=GIFU_CO
    )
    # each language's run answers it afresh (the demo leaves Gifu's FY2026 evaluation to its coordinator)
    Response.objects.filter(pk=response.pk).update(status="open", answers={}, submitted_at=None)
    v = login_in(visit, "co.coordinator", lang)
    page = v.page
    click(v, "header nav.mainnav a[href='/evaluation/voice/']")
    assert page.locator("h1").inner_text().strip() == t(lang, "Programme evaluation")
    v.check_a11y(f"programme evaluation of Gifu ({lang})")
    click(v, f"[data-testid=voice-mine] a[href='/evaluation/voice/responses/{response.pk}/']")
    v.check_a11y(f"the survey's form ({lang})")

    # submitting with one answer: every missing required answer is named at once, nothing is submitted
    page.check("[data-testid=question-programme] input[value='4']")
    click(v, "[data-testid=voice-form] button[name=submit]")
    assert page.locator("[data-testid=voice-form] p.error").count() == 3
    response.refresh_from_db()
    assert response.status == "open"

    page.check("[data-testid=question-participants] input[value='5']")
    page.check("[data-testid=question-match] input[value='mostly']")
    page.check("[data-testid=question-next_year] input[value='yes']")
    page.fill("[data-testid=question-requests] textarea", f"Earlier placement notices, please ({lang}).")
    click(v, "[data-testid=voice-form] button[name=submit]")
    assert t(lang, "Your evaluation was submitted. Thank you.") in page.locator("main").inner_text()
    assert page.locator("[data-testid=response-status]").inner_text().strip() == t(lang, "Submitted")
    assert page.locator("[data-testid=voice-form] button").count() == 0  # final: no more buttons
    v.check_a11y(f"the submitted survey ({lang})")
    response.refresh_from_db()
    assert response.status == "submitted"
    assert response.answers == {
        "programme": 4,
        "participants": 5,
        "match": "mostly",
        "next_year": True,
        "requests": f"Earlier placement notices, please ({lang}).",
    }
    v.assert_clean()


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_council_records_a_finding_and_links_a_criterions_change(
    visit: Visit, lang: str, languages_restored: None
) -> None:
    draft = Guideline.objects.get(intake_year=DRAFT_YEAR, status="draft")
    criterion = draft.criteria.get(stage="interview", code="communication")
    title = f"Interview anchors ({lang})"
    v = login_in(visit, "council.approver", lang)
    page = v.page
    click(v, "header nav.mainnav a[href='/evaluation/findings/']")
    assert page.locator("h1").inner_text().strip() == t(lang, "Council findings")
    v.check_a11y(f"findings ({lang})")

    form = "[data-testid=finding-form]"
    page.fill(f"{form} input[name=fiscal_year]", str(DRAFT_YEAR - 1))
    page.fill(f"{form} input[name=title]", title)
    page.fill(f"{form} textarea[name=text]", "Panels read the interview scale differently.")
    page.select_option(f"{form} select[name=source]", "fairness")
    click(v, f"{form} button[type=submit]")
    finding = Finding.objects.get(title=title)
    assert page.url.endswith(f"/evaluation/findings/{finding.pk}/")
    v.check_a11y(f"a finding ({lang})")

    link = "[data-testid=link-form]"
    page.select_option(f"{link} select[name=target]", "criterion")
    page.select_option(f"{link} select[name=criterion]", str(criterion.pk))
    page.fill(f"{link} textarea[name=change]", f"Anchors for each score of the interview ({lang}).")
    click(v, f"{link} button[type=submit]")
    assert t(lang, "The change was linked to the finding.") in page.locator("main").inner_text()
    change = FindingChange.objects.get(finding=finding)
    assert change.criterion == criterion and change.guideline == draft
    name = criterion.name_ja if lang == "ja" else criterion.name_en
    assert name in page.locator("[data-testid=finding-changes]").inner_text()

    # next year's draft shows the finding that changed it, at the criterion
    click(v, f"[data-testid=finding-changes] a[href='/planning/guidelines/{draft.pk}/']")
    panel = page.locator("[data-testid=findings-panel]")
    assert title in panel.inner_text()
    assert f"Anchors for each score of the interview ({lang})." in panel.inner_text()
    assert name in panel.inner_text()
    v.check_a11y(f"next year's draft guideline with its findings ({lang})")
    v.assert_clean()
