"""Each scoping rule, with two organisations of the same kind side by side."""

from __future__ import annotations

import pytest
from django.urls import reverse

from jetpm.core import selectors
from jetpm.core.models import AuditEvent, Organisation, Person
from jetpm.core.scoping import get_visible_or_404, registered_models, scope_of, visible_to

pytestmark = pytest.mark.django_db


def names(qs) -> set[str]:  # type: ignore[no-untyped-def]
    return {p.family_name.removeprefix("Testperson-") for p in qs}


def test_mission_sees_only_its_own_people(world):
    assert names(visible_to(world.users["mission_a.staff"], Person)) == {
        "applicant_a",
        "participant_a",
        "participant_a2",
    }
    assert names(visible_to(world.users["mission_b.staff"], Person)) == {"applicant_b", "participant_b"}


def test_contracting_org_sees_only_its_own(world):
    assert names(visible_to(world.users["co_a.coordinator"], Person)) == {"participant_a"}
    assert names(visible_to(world.users["co_b.coordinator"], Person)) == {"participant_b"}
    orgs = {o.code for o in visible_to(world.users["co_a.coordinator"], Organisation)}
    assert orgs == {"co-210005"}


def test_host_org_sees_its_area(world):
    assert names(visible_to(world.users["host_a.coordinator"], Person)) == {"participant_a", "participant_a2"}
    assert names(visible_to(world.users["host_b.coordinator"], Person)) == {"participant_b"}
    orgs = {o.code for o in visible_to(world.users["host_a.coordinator"], Organisation)}
    assert orgs == {"host-21", "co-210005", "co-212016"}


def test_chapter_sees_its_members(world):
    assert names(visible_to(world.users["chapter_a.officer"], Person)) == {"alumnus_a"}
    assert names(visible_to(world.users["chapter_b.officer"], Person)) == {"alumnus_b"}


def test_agencies_and_council_see_everyone(world):
    everyone = Person.objects.count()
    for u in ("mic.staff", "mofa.staff", "mext.staff", "clair.staff", "council.approver"):
        assert visible_to(world.users[u], Person).count() == everyone, u
        assert scope_of(world.users[u]).national


def test_person_sees_only_their_own_record(world):
    assert names(visible_to(world.users["applicant_a"], Person)) == {"applicant_a"}
    assert names(visible_to(world.users["participant_a"], Person)) == {"participant_a"}
    assert names(visible_to(world.users["alumnus_a"], Person)) == {"alumnus_a"}


def test_external_panelist_sees_no_people_of_the_mission(world):
    # Panelists see only applications assigned to their panel (screening); no person records through core.
    assert not visible_to(world.users["panelist_a"], Person).exists()


def test_anonymous_sees_nothing(world):
    from django.contrib.auth.models import AnonymousUser

    for model in registered_models():
        assert not visible_to(AnonymousUser(), model).exists(), model


def test_out_of_scope_detail_is_404_not_403(world, client):
    client.force_login(world.users["mission_a.staff"])
    other = world.persons["applicant_b"]
    assert client.get(reverse("core:person_detail", kwargs={"person_id": other.pk})).status_code == 404
    mine = world.persons["applicant_a"]
    assert client.get(reverse("core:person_detail", kwargs={"person_id": mine.pk})).status_code == 200
    # an id that does not exist answers exactly the same
    assert client.get(reverse("core:person_detail", kwargs={"person_id": 10**9})).status_code == 404


def test_list_and_detail_agree(world, client):
    """Whatever the list shows, the detail opens; whatever it hides, the detail refuses."""
    for username in ("mission_a.staff", "co_a.coordinator", "host_b.coordinator", "chapter_a.officer"):
        user = world.users[username]
        client.force_login(user)
        listed = set(selectors.persons_for(user).values_list("pk", flat=True))
        for person in Person.objects.all():
            code = client.get(reverse("core:person_detail", kwargs={"person_id": person.pk})).status_code
            assert code == (200 if person.pk in listed else 404), (username, person)


def test_get_visible_or_404_treats_garbage_ids_as_missing(world):
    from django.http import Http404

    with pytest.raises(Http404):
        get_visible_or_404(world.users["mic.staff"], Person, pk="not-a-number")


def test_audit_log_scope(world):
    mission_a_admin = world.users["mission_a.admin"]
    events = visible_to(mission_a_admin, AuditEvent)
    assert events.exists()
    assert set(events.values_list("organisation_id", flat=True)) == {world.orgs["mission_a"].pk}
    assert (
        not visible_to(world.users["mission_b.admin"], AuditEvent)
        .filter(organisation=world.orgs["mission_a"])
        .exists()
    )
    assert not visible_to(world.users["mission_a.staff"], AuditEvent).exists()
    assert visible_to(world.users["mic.staff"], AuditEvent).count() == AuditEvent.objects.count()


def test_api_applies_the_same_scope(world, client):
    client.force_login(world.users["co_b.coordinator"])
    body = client.get("/api/people").json()
    assert {p["family_name"] for p in body["items"]} == {"Testperson-participant_b"}
    foreign = world.persons["participant_a"]
    assert client.get(f"/api/people/{foreign.pk}").status_code == 404


def test_only_the_explicit_operator_sees_everything(world):
    from jetpm.core.scoping import OPERATOR

    assert visible_to(OPERATOR, Person).count() == Person.objects.count()
    assert not visible_to(None, Person).exists()  # a missing user is not the operator
