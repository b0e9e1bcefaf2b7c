"""Counselling is confidential: visible to its participant and CLAIR's counsellors only. The contracting
organisation, the mission, CLAIR's other staff, the national bodies and a superuser get 404 on the case and
never meet it in a list, a search, the audit pages or an export. A mission sees its own desk only."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from jetpm.core.models import AuditEvent
from jetpm.support import services
from jetpm.support.models import Case
from tests.world import World

SECRET = "Zebracrossing"  # a word of the case's subject, searched for


def _client(world: World, username: str) -> Client:
    client = Client()
    client.force_login(world.users[username])
    return client


@pytest.fixture
def counselling(world: World) -> Case:
    case = services.open_consultation(
        actor=world.users["participant_a"],
        kind="counselling",
        category="relationships",
        subject=f"{SECRET} with my supervisor",
        body="Only my counsellor may read this.",
    )
    services.answer_case(actor=world.users["clair.counsellor"], case_id=case.pk, body="Let us talk.")
    return case


OUTSIDERS = ["co_a.coordinator", "host_a.coordinator", "mission_a.staff", "mission_a.admin", "clair.staff",
             "mofa.staff", "mic.staff", "superuser"]  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize("username", OUTSIDERS)
def test_outsiders_get_404_and_never_meet_the_case(world, counselling, username):
    client = _client(world, username)
    case_url = reverse("support:case", kwargs={"case_id": counselling.pk})
    assert client.get(case_url).status_code == 404
    for step in ("case_answer", "case_close", "case_assign", "case_follow_up", "case_publish"):
        assert client.post(reverse(f"support:{step}", kwargs={"case_id": counselling.pk})).status_code == 404
    # lists and searches
    for name in ("support:consultations", "support:desk"):
        response = client.get(reverse(name), {"q": SECRET})
        assert response.status_code in (200, 404)
        assert b"supervisor" not in response.content  # the search box repeats the word searched for
        assert case_url.encode() not in response.content
    # exports
    for name in ("support:consultations_export", "support:desk_export"):
        response = client.get(reverse(name))
        assert SECRET.encode() not in response.content
    # audit pages: the list, a search by the record, and every event of the case
    response = client.get(
        reverse("core:audit_list"), {"object_type": "support.Case", "object_id": counselling.pk}
    )
    assert response.status_code in (200, 404)
    html = response.content.decode()  # (the user's own export of advice cases is listed: it names no case)
    assert str(counselling) not in html
    assert 'data-action="support_case.create"' not in html and 'data-action="support_case.answer"' not in html
    for event in AuditEvent.objects.filter(object_type="support.Case", object_id=str(counselling.pk)):
        assert client.get(reverse("core:audit_detail", kwargs={"event_id": event.pk})).status_code == 404


@pytest.mark.django_db
def test_the_participant_and_the_counsellors_see_it(world, counselling):
    case_url = reverse("support:case", kwargs={"case_id": counselling.pk})
    for username in ("participant_a", "clair.counsellor"):
        client = _client(world, username)
        page = client.get(case_url)
        assert page.status_code == 200 and SECRET.encode() in page.content
        assert b"Let us talk." in page.content
        listed = client.get(reverse("support:consultations"), {"q": SECRET})
        assert case_url.encode() in listed.content
    # the counsellor reads the case's own audit on its page; no other participant does
    page = _client(world, "clair.counsellor").get(case_url)
    assert b'data-testid="case-history"' in page.content
    assert (
        _client(world, "participant_a2").get(case_url).status_code == 404
        if "participant_a2" in world.users
        else True
    )


@pytest.mark.django_db
def test_counselling_events_are_listed_only_for_counsellors(world, counselling):
    from jetpm.core.scoping import visible_to

    ids = set(
        AuditEvent.objects.filter(object_type="support.Case", object_id=str(counselling.pk)).values_list(
            "pk", flat=True
        )
    )
    assert len(ids) == 2
    assert ids <= set(visible_to(world.users["clair.counsellor"], AuditEvent).values_list("pk", flat=True))
    for username in ("clair.staff", "mofa.staff", "mission_a.admin", "superuser"):
        assert not ids & set(visible_to(world.users[username], AuditEvent).values_list("pk", flat=True))
    # an advice case's events stay visible to the national staff
    advice = services.open_consultation(
        actor=world.users["co_a.coordinator"], kind="advice", category="work", subject="s", body="b",
        organisation_id=world.orgs["co_a"].pk,
    )  # fmt: skip
    assert (
        visible_to(world.users["clair.staff"], AuditEvent)
        .filter(object_id=str(advice.pk), object_type="support.Case")
        .exists()
    )


@pytest.mark.django_db
def test_a_mission_sees_its_own_desk_only(world):
    question = services.ask_question(
        actor=world.users["applicant_a"], category="departure", subject="Flights", body="Which airport?"
    )
    url = reverse("support:case", kwargs={"case_id": question.pk})
    assert _client(world, "mission_a.staff").get(url).status_code == 200
    other = _client(world, "mission_b.staff")
    assert other.get(url).status_code == 404
    assert (
        other.post(reverse("support:case_answer", kwargs={"case_id": question.pk}), {"body": "x"}).status_code
        == 404
    )
    assert b"Flights" not in other.get(reverse("support:desk")).content
    assert b"Flights" in _client(world, "mission_a.staff").get(reverse("support:desk")).content
    # the CO and CLAIR's staff have no business with the desk's questions
    assert _client(world, "co_a.coordinator").get(url).status_code == 404
    assert _client(world, "clair.counsellor").get(url).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("username", "allowed"),
    [
        ("clair.staff", True),
        ("clair.counsellor", False),
        ("participant_a", False),
        ("co_a.coordinator", False),
    ],
)
def test_only_those_who_handle_advice_export_it(world, username, allowed):
    client = _client(world, username)
    page = client.get(reverse("support:consultations"))
    assert page.status_code == 200
    assert (b'data-testid="export-advice"' in page.content) == allowed
    assert client.get(reverse("support:consultations_export")).status_code == (200 if allowed else 404)
