"""The exit in a real browser and in both languages: a contracting organisation's coordinator (Gifu) records a
participant's return (with the confirmation page) → the person is an alumnus and, signed in, sees their
programme history → JETAA New York's officer adds them to the member list (by JET number) and sees their name
only → the alumnus sees their chapter and gives their consent to share → the officer now sees their e-mail.
axe-core runs on every page visited."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from django.contrib.auth.hashers import make_password

from jetpm.alumni.models import AlumnusProfile, ChapterMembership
from jetpm.alumni.selectors import returns_to_record
from jetpm.appointments.models import AppointmentTerm
from jetpm.core.models import Organisation, Person, User
from jetpm.core.states import PersonKind
from tests.browser.conftest import PASSWORD, Demo, Visitor
from tests.browser.test_planning import click, login_in, messages, nav, t

pytestmark = pytest.mark.browser

Visit = Callable[..., Visitor]
USERS = ("co.coordinator", "chapter.officer")
NEW_YORK = "jetaa-new-york"


@pytest.fixture
def languages_restored(demo: Demo) -> Iterator[None]:
    before = dict(User.objects.filter(username__in=USERS).values_list("username", "language"))
    yield
    for username, language in before.items():
        User.objects.filter(username=username).update(language=language)


def _to_return() -> AppointmentTerm:
    """A Gifu participant whose last term (FY2025) is over and whose return the demo left to record."""
    co = User.objects.get(username="co.coordinator")
    term = returns_to_record(co).filter(fiscal_year=2025, status="completed").first()
    assert term is not None, "the demo leaves FY2025 leavers at Gifu to record"
    return term


def co_records_the_return(visit: Visit, term: AppointmentTerm, lang: str) -> None:
    v = login_in(visit, "co.coordinator", lang)
    page = v.page
    nav(v, "/alumni/returns/")
    assert page.locator("h1").inner_text().strip() == t(lang, "Returns")
    v.check_a11y(f"returns to record ({lang})")
    click(v, f"[data-testid=return-list] a[href='/alumni/returns/{term.participant_id}/']")
    v.check_a11y(f"return form ({lang})")
    form = page.locator("[data-testid=return-form]")
    box = form.locator("input[name=orientation_attended]").bounding_box()
    label = form.locator("label[for=id_orientation_attended]").bounding_box()
    assert box is not None and label is not None
    # at the start under its label: not stretched across the column (Chromium draws it in the middle)
    assert abs(box["x"] - label["x"]) < 8 and box["width"] < 40, box
    form.locator("input[name=returned_on]").fill("2026-08-04")
    form.locator("select[name=destination]").select_option("GB")
    if not form.locator("input[name=orientation_attended]").is_checked():
        form.locator("input[name=orientation_attended]").check()
    form.locator("input[name=orientation_on]").fill("2026-02-12")
    form.locator("input[name=travel_cost_yen]").fill("165000")
    click(v, "[data-testid=return-form] button[type=submit]")
    assert page.locator("[data-testid=confirm]").count() == 1
    assert str(term.participant.person) in page.inner_text("[data-testid=confirm-consequences]")
    v.check_a11y(f"confirmation of the return ({lang})")
    click(v, "[data-testid=confirm-yes]")
    assert str(term.participant.person) in messages(v)
    assert Person.objects.get(pk=term.participant.person_id).kind == PersonKind.ALUMNUS


def alumnus_sees_their_history(visit: Visit, person: Person, term: AppointmentTerm, lang: str) -> Visitor:
    v = login_in(visit, person.user.username, lang)  # type: ignore[union-attr]
    page = v.page
    nav(v, "/alumni/me/")
    history = page.locator("[data-testid=programme-history]")
    assert term.participant.jet_id in history.inner_text()
    assert term.contracting_org is not None
    name = term.contracting_org.name_ja if lang == "ja" else term.contracting_org.name_en
    assert name in history.locator("[data-testid=history-terms]").inner_text()
    assert history.locator("[data-testid=history-return]").count() == 1
    days = history.locator("[data-testid=history-terms] td.day")
    assert days.count() >= 2
    for i in range(days.count()):  # a date on one line, not "1 August" over "2019"
        assert days.nth(i).evaluate("td => getComputedStyle(td).whiteSpace") == "nowrap"
    assert t(lang, "You are not a member of a JETAA chapter.") in page.inner_text("[data-testid=my-chapter]")
    v.check_a11y(f"the alumnus's page ({lang})")
    return v


def officer_adds_the_member(visit: Visit, person: Person, term: AppointmentTerm, lang: str) -> Visitor:
    v = login_in(visit, "chapter.officer", lang)
    page = v.page
    chapter = Organisation.objects.get(code=NEW_YORK)
    nav(v, "/alumni/chapters/")
    v.check_a11y(f"chapters ({lang})")
    click(v, f"[data-testid=chapter-list] a[href='/alumni/chapters/{chapter.pk}/']")
    v.check_a11y(f"chapter page ({lang})")
    click(v, "[data-testid=add-member]")
    form = page.locator("[data-testid=member-add-form]")
    form.locator("input[name=identifier]").fill(term.participant.jet_id)
    form.locator("input[name=joined_on]").fill("2026-10-01")
    form.locator("select[name=member_type]").select_option("regular")
    click(v, "[data-testid=member-add-form] button[type=submit]")
    assert str(person) in messages(v)
    assert ChapterMembership.objects.filter(person=person, chapter=chapter, left_on__isnull=True).exists()
    # the same alumnus twice: refused with the reason, nothing written
    click(v, "[data-testid=add-member]")
    form.locator("input[name=identifier]").fill(term.participant.jet_id)
    form.locator("input[name=joined_on]").fill("2026-10-02")
    form.locator("select[name=member_type]").select_option("regular")
    click(v, "[data-testid=member-add-form] button[type=submit]")
    assert str(person) in page.inner_text("[data-testid=member-add-form]")
    v.check_a11y(f"member refused ({lang})")
    _member_row(v, chapter, person)
    return v


def _member_row(v: Visitor, chapter: Organisation, person: Person) -> str:
    v.goto(f"/alumni/chapters/{chapter.pk}/?q={person.family_name}")
    row = v.page.locator("[data-testid=member-list] tbody tr", has_text=str(person))
    assert row.count() == 1
    return row.inner_text()


def alumnus_sees_the_chapter_and_consents(v: Visitor, lang: str) -> None:
    page = v.page
    nav(v, "/alumni/me/")
    chapter = Organisation.objects.get(code=NEW_YORK)
    name = chapter.name_ja if lang == "ja" else chapter.name_en
    assert name in page.inner_text("[data-testid=my-chapter]")
    click(v, "main a[href='/alumni/me/consent/']")
    v.check_a11y(f"consent form ({lang})")
    form = page.locator("[data-testid=consent-form]")
    form.locator("input[name=share_with_chapter]").check()
    form.locator("input[name=news]").check()
    click(v, "[data-testid=consent-form] button[type=submit]")
    assert t(lang, "Your consent was saved.") in messages(v)
    assert t(lang, "Yes") in page.inner_text("[data-testid=my-consent]")


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_return_alumnus_chapter_consent(
    demo: Demo, visit: Visit, languages_restored: None, lang: str
) -> None:
    term = _to_return()
    person = term.participant.person
    co_records_the_return(visit, term, lang)
    # the returned person's account (made here: the demo's leavers have none)
    user = User.objects.create(username=f"returned.{lang}", password=make_password(PASSWORD), language=lang)
    Person.objects.filter(pk=person.pk).update(user=user)
    person = Person.objects.select_related("user").get(pk=person.pk)
    v_alumnus = alumnus_sees_their_history(visit, person, term, lang)
    v_officer = officer_adds_the_member(visit, person, term, lang)
    assert person.email not in _member_row(v_officer, Organisation.objects.get(code=NEW_YORK), person)
    alumnus_sees_the_chapter_and_consents(v_alumnus, lang)
    assert AlumnusProfile.objects.get(person=person).consents_to_share_with_chapter
    assert person.email in _member_row(v_officer, Organisation.objects.get(code=NEW_YORK), person)
