"""The support desk in a real browser, in both languages: a candidate asks their mission a question from the
desk's page and reads the answer the mission's staff sent; a participant opens a counselling case that the
contracting organisation, the mission and CLAIR's other staff cannot open (404) nor find in their lists, and
a CLAIR counsellor answers it. Menus are followed, forms filled and buttons clicked; axe-core runs on the
desk's pages."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from urllib.parse import urlsplit

import pytest

from jetpm.core.models import User
from jetpm.support.models import Case
from tests.browser.conftest import Demo, Visitor
from tests.browser.test_planning import click, login_in, messages, t

pytestmark = pytest.mark.browser

Visit = Callable[..., Visitor]
USERS = ("applicant", "mission.staff", "participant", "co.coordinator", "clair.staff", "clair.counsellor")
LANGUAGES = ("ja", "en")


@pytest.fixture
def languages_restored(demo: Demo) -> Iterator[None]:
    before = dict(User.objects.filter(username__in=USERS).values_list("username", "language"))
    yield
    for username, language in before.items():
        User.objects.filter(username=username).update(language=language)


def case_path(v: Visitor) -> str:
    path = urlsplit(v.page.url).path
    assert re.fullmatch(r"/support/cases/\d+/", path), path
    return path


def menu(v: Visitor, href: str) -> None:
    """The menu holds the entry (its group may be folded away on this page): follow it."""
    assert urlsplit(v.page.url).path != "/accounts/login/", v.page.locator("main").inner_text()
    assert v.page.locator(f"header nav.mainnav a[href='{href}']").count() == 1, href
    v.goto(href)


def answer(v: Visitor, path: str, text: str, lang: str) -> None:
    v.goto(path)
    v.check_a11y(f"case for the answering side ({lang})")
    v.page.fill("textarea[name=body]", text)
    click(v, "[data-testid=send-answer]")
    assert t(lang, "The answer was sent.") in messages(v)
    assert text in v.page.locator("[data-testid=answer]").last.inner_text()
    assert v.page.locator("[data-testid=case-status]").inner_text() == t(lang, "Answered")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_candidate_asks_and_reads_the_answer(visit: Visit, languages_restored: None, lang: str) -> None:
    subject = f"Airport for the group flight ({lang})"
    candidate = login_in(visit, "applicant", lang)
    menu(candidate, "/support/ask/")
    candidate.check_a11y(f"the candidate's desk ({lang})")
    # nothing filled: every missing field named at once
    click(candidate, "[data-testid=ask]")
    errors = candidate.page.locator(".errorsummary").inner_text()
    for message in ("Choose a category.", "Give the subject in a few words.", "Write your message."):
        assert t(lang, message) in errors
    candidate.page.select_option("select[name=category]", "departure")
    candidate.page.fill("input[name=subject]", subject)
    candidate.page.fill("textarea[name=body]", "From which airport does my group fly?")
    click(candidate, "[data-testid=ask]")
    assert t(lang, "Your question was sent to your mission.") in messages(candidate)
    path = case_path(candidate)
    assert candidate.page.locator("[data-testid=case-status]").inner_text() == t(lang, "Open")
    candidate.assert_clean()

    staff = login_in(visit, "mission.staff", lang)
    menu(staff, "/support/desk/")
    staff.check_a11y(f"the mission's desk ({lang})")
    assert subject in staff.page.locator("[data-testid=case-list]").inner_text()
    answer(staff, path, "From London Heathrow, on 25 July.", lang)
    staff.assert_clean()

    candidate.goto(path)
    assert "From London Heathrow, on 25 July." in candidate.page.locator("[data-testid=answer]").inner_text()
    assert candidate.page.locator("[data-testid=case-status]").inner_text() == t(lang, "Answered")
    candidate.assert_clean()

    # the mission closes it: a confirmation page first says what happens and to whom
    staff.goto(path)
    click(staff, "[data-testid=close-case]")
    consequences = staff.page.locator("[data-testid=confirm]").inner_text()
    assert str(Case.objects.get(pk=int(path.split("/")[-2])).person) in consequences
    staff.check_a11y(f"confirm closing a question ({lang})")
    click(staff, "[data-testid=confirm-yes]")
    assert t(lang, "The case was closed.") in messages(staff)
    assert staff.page.locator("[data-testid=case-status]").inner_text() == t(lang, "Closed")
    staff.assert_clean()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_counselling_stays_between_the_participant_and_the_counsellors(
    visit: Visit, languages_restored: None, lang: str
) -> None:
    subject = f"Hard weeks at school ({lang})"
    participant = login_in(visit, "participant", lang)
    menu(participant, "/support/consultations/")
    click(participant, "[data-testid=new-consultation]")
    participant.check_a11y(f"a new consultation ({lang})")
    participant.page.select_option("select[name=kind]", "counselling")
    participant.page.select_option("select[name=category]", "work")
    participant.page.fill("input[name=subject]", subject)
    participant.page.fill("textarea[name=body]", "I would like to talk to someone about stress.")
    click(participant, "[data-testid=send]")
    assert t(lang, "Your consultation was sent to CLAIR.") in messages(participant)
    path = case_path(participant)
    assert participant.page.locator("[data-testid=confidential]").count() == 1
    participant.assert_clean()

    for username in ("co.coordinator", "mission.staff", "clair.staff"):
        outsider = login_in(visit, username, lang)
        outsider.goto(path, status=404)
        listed = outsider.goto(
            "/support/consultations/?q=" + subject.split()[0],
            status=200 if username != "mission.staff" else 404,
        )
        assert subject not in listed.content()

    counsellor = login_in(visit, "clair.counsellor", lang)
    menu(counsellor, "/support/consultations/")
    assert subject in counsellor.page.locator("[data-testid=case-list]").inner_text()
    answer(counsellor, path, "Let us talk on Thursday at 10:00.", lang)
    assert counsellor.page.locator("[data-testid=case-history]").count() == 1
    counsellor.assert_clean()

    participant.goto(path)
    assert (
        "Let us talk on Thursday at 10:00." in participant.page.locator("[data-testid=answer]").inner_text()
    )
    participant.assert_clean()
