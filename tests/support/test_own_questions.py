"""A person's questions follow the person, not the application's role: a candidate who asked their mission
and is now a participant still reads their questions (the list, the case, the answer), and still nobody
else's; asking stays the candidates'."""

from __future__ import annotations

import pytest
from django.urls import reverse

from jetpm.core.models import Person
from jetpm.core.states import PersonKind
from jetpm.support import selectors, services
from jetpm.support.models import Case

pytestmark = pytest.mark.django_db


def _asked_then_appointed(world):  # type: ignore[no-untyped-def]
    """applicant_a asks as a candidate, the mission answers, and the person is appointed (a participant)."""
    mine = services.ask_question(
        actor=world.users["applicant_a"], category="departure", subject="Mine: flight", body="When?"
    )
    services.answer_case(actor=world.users["mission_a.staff"], case_id=mine.pk, body="On 25 July.")
    others = Case.objects.create(  # another participant's question from their candidate time
        kind="question",
        category="living",
        mission=world.orgs["mission_a"],
        person=world.persons["participant_a"],
        subject="Not mine: housing",
        body="Where?",
        fiscal_year=2026,
    )
    Person.objects.filter(pk=world.persons["applicant_a"].pk).update(kind=PersonKind.PARTICIPANT)
    user = world.users["applicant_a"]
    user.refresh_from_db()  # the scope is cached on the user object
    return user, mine, others


def test_a_participant_reads_the_questions_they_asked_as_a_candidate(world, client):  # type: ignore[no-untyped-def]
    user, mine, others = _asked_then_appointed(world)
    assert list(selectors.own_cases(user, kind="question")) == [mine]
    assert selectors.has_own_questions(user)
    assert selectors.access_case_by_id(user, mine.pk) == mine

    client.force_login(user)
    page = client.get(reverse("support:ask"))
    body = page.content.decode()
    assert page.status_code == 200 and "Mine: flight" in body and "Not mine" not in body
    assert 'data-testid="ask"' not in body and 'data-testid="no-asking"' in body  # no asking as a participant
    listing = client.get(reverse("support:consultations")).content.decode()
    assert listing.count('data-testid="own-questions"') == 1
    case = client.get(reverse("support:case", kwargs={"case_id": mine.pk})).content.decode()
    assert "On 25 July." in case
    assert client.get(reverse("support:case", kwargs={"case_id": others.pk})).status_code == 404

    before = Case.objects.count()
    refused = client.post(reverse("support:ask"), {"category": "work", "subject": "x", "body": "y"})
    assert refused.status_code == 404 and Case.objects.count() == before


def test_the_menu_shows_the_questions_to_candidates_and_participants(world, client):  # type: ignore[no-untyped-def]
    link = 'href="/support/ask/"'
    for username, shown in (("applicant_a", True), ("participant_a", True), ("co_a.coordinator", False)):
        client.force_login(world.users[username])
        assert (link in client.get("/").content.decode()) is shown, username
    client.force_login(world.users["co_a.coordinator"])
    assert client.get(reverse("support:ask")).status_code == 404  # no person, no questions of their own


def test_the_other_participant_sees_only_theirs(world, client):  # type: ignore[no-untyped-def]
    _user, mine, _others = _asked_then_appointed(world)
    client.force_login(world.users["participant_a"])
    body = client.get(reverse("support:ask")).content.decode()
    assert "Not mine: housing" in body and "Mine: flight" not in body
    assert client.get(reverse("support:case", kwargs={"case_id": mine.pk})).status_code == 404


def test_the_desk_in_japanese_says_who_asked_and_when(world, client):  # type: ignore[no-untyped-def]
    """“From” (who asked) and “Opened” (when) are not the date range's 開始日 nor a letter's 開封."""
    from jetpm.core.services import set_user_language

    mine = services.ask_question(
        actor=world.users["applicant_a"], category="departure", subject="Mine: flight", body="When?"
    )
    staff = set_user_language(actor=world.users["mission_a.staff"], language="ja")
    client.force_login(staff)
    for url in (reverse("support:desk"), reverse("support:case", kwargs={"case_id": mine.pk})):
        body = client.get(url).content.decode()
        assert "差出人" in body and "受付日時" in body, url
        assert "開始日" not in body and "開封" not in body, url
