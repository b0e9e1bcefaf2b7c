"""A mission invites a departure group to an orientation: the event is for one of the mission's groups of its
intake year (the rule named otherwise), and inviting the group invites its members who are the mission's
candidates of the year (not the withdrawn, not another mission's). Events named by a group in words before
are tied to the group by the migration."""

from __future__ import annotations

import importlib
from datetime import date

import pytest
from django.apps import apps as django_apps
from django.urls import reverse
from django.utils import translation

from jetpm.core.errors import DomainError, PermissionDenied
from jetpm.core.models import AuditEvent
from jetpm.predeparture.models import (
    DepartureAssignment,
    DepartureGroup,
    OrientationEvent,
    OrientationInvitation,
)
from jetpm.predeparture.orientations import services
from jetpm.predeparture.orientations.forms import GroupChoiceField
from tests.predeparture.helpers import add_event, candidate

pytestmark = pytest.mark.django_db


def _group(mission, code: str, year: int = 2027) -> DepartureGroup:  # type: ignore[no-untyped-def]
    return DepartureGroup.objects.create(
        intake_year=year,
        mission=mission,
        code=code,
        departure_date=date(year, 7, 28),
        arrival_date=date(year, 7, 29),
        airport="London Heathrow",
    )


def _member(group: DepartureGroup, app, status: str = "assigned") -> DepartureAssignment:  # type: ignore[no-untyped-def]
    return DepartureAssignment.objects.create(
        group=group, intake_year=group.intake_year, person_id=app.person_id, application=app, status=status
    )


@pytest.fixture
def groups(world):  # type: ignore[no-untyped-def]
    mission = world.orgs["mission_a"]
    a, b = _group(mission, "a"), _group(mission, "b")
    traveller = candidate(world.persons["applicant_a"], mission)
    withdrawn = candidate(world.persons["participant_a2"], mission, n=2)
    other_group = candidate(world.persons["alumnus_a"], mission, n=3)
    _member(a, traveller)
    _member(a, withdrawn, status="withdrawn")
    _member(b, other_group)
    return {"a": a, "b": b, "traveller": traveller, "withdrawn": withdrawn, "other": other_group}


def test_an_event_is_for_one_of_the_missions_groups_of_its_year(world, groups):  # type: ignore[no-untyped-def]
    staff, mission = world.users["mission_a.staff"], world.orgs["mission_a"]
    event = add_event(staff, mission, departure_group_id=groups["a"].pk)
    assert event.departure_group == groups["a"]
    for wrong in (_group(world.orgs["mission_b"], "a"), _group(mission, "a", year=2026)):
        with pytest.raises(DomainError) as exc:
            add_event(staff, mission, departure_group_id=wrong.pk)
        assert exc.value.field == "departure_group"
        assert "must be one of the mission's groups for" in exc.value.message


def test_inviting_a_group_invites_its_members_of_the_mission(world, groups):  # type: ignore[no-untyped-def]
    staff, mission = world.users["mission_a.staff"], world.orgs["mission_a"]
    event = add_event(staff, mission, departure_group_id=groups["a"].pk)
    assert services.invite_group(actor=staff, event_id=event.pk, group_id=groups["a"].pk) == 1
    assert list(OrientationInvitation.objects.values_list("application_id", flat=True)) == [
        groups["traveller"].pk
    ]  # not the one who withdrew, not group B
    assert AuditEvent.objects.filter(action="orientation_invitation.create").count() == 1
    assert services.invite_group(actor=staff, event_id=event.pk, group_id=groups["a"].pk) == 0
    assert services.invite_group(actor=staff, event_id=event.pk, group_id=groups["b"].pk) == 1

    with pytest.raises(DomainError) as exc:
        services.invite_group(
            actor=staff, event_id=event.pk, group_id=_group(world.orgs["mission_b"], "b").pk
        )
    assert exc.value.field == "departure_group" and "mission's own departure groups" in exc.value.message
    with pytest.raises(DomainError) as exc:
        services.invite_group(actor=staff, event_id=event.pk, group_id=None)
    assert exc.value.field == "departure_group"
    with pytest.raises(PermissionDenied):
        services.invite_group(
            actor=world.users["mission_b.staff"], event_id=event.pk, group_id=groups["a"].pk
        )


def test_the_page_offers_the_groups_and_invites_one(world, groups, client):  # type: ignore[no-untyped-def]
    staff, mission = world.users["mission_a.staff"], world.orgs["mission_a"]
    event = add_event(staff, mission, departure_group_id=groups["a"].pk)
    client.force_login(staff)
    page = client.get(reverse("predeparture:orientation_detail", kwargs={"orientation_id": event.pk}))
    body = page.content.decode()
    assert 'data-testid="invite-group"' in body and 'data-testid="event-group"' in body
    assert {g.pk: g.to_invite for g in page.context["groups"]} == {groups["a"].pk: 1, groups["b"].pk: 1}
    url = reverse("predeparture:orientation_invite_group", kwargs={"orientation_id": event.pk})
    done = client.post(url, {"departure_group": groups["a"].pk}, follow=True)
    assert "1 candidates were invited." in done.content.decode()
    assert OrientationInvitation.objects.filter(event=event).count() == 1
    client.force_login(world.users["mission_b.staff"])
    assert client.post(url, {"departure_group": groups["a"].pk}).status_code == 404


def test_the_migration_ties_events_named_by_a_group_to_the_group(world, groups):  # type: ignore[no-untyped-def]
    mission = world.orgs["mission_a"]
    for label in ("Group A", "グループＢ", "b group", "Late group", "Teachers from Wales"):
        OrientationEvent.objects.create(
            mission=mission,
            intake_year=2027,
            kind="orientation",
            title=label,
            date=date(2027, 6, 1),
            place="Embassy",
            group_label=label,
        )
    migration = importlib.import_module(
        "jetpm.predeparture.migrations.0003_orientation_events_by_departure_group"
    )
    migration.tie_to_groups(django_apps, None)
    found = {e.title: (e.departure_group_id, e.group_label) for e in OrientationEvent.objects.all()}
    assert found["Group A"] == (groups["a"].pk, "")
    assert found["b group"] == (groups["b"].pk, "")
    assert found["グループＢ"] == (groups["b"].pk, "")  # full-width, in Japanese
    assert found["Late group"] == (None, "Late group")  # the mission has no late group: kept as written
    assert found["Teachers from Wales"] == (None, "Teachers from Wales")
    migration.back_to_labels(django_apps, None)
    assert OrientationEvent.objects.get(title="Group A").group_label == "Group A"


def test_a_group_is_offered_with_its_departure_date_in_the_reader_s_language(world, groups, client):  # type: ignore[no-untyped-def]
    staff, mission = world.users["mission_a.staff"], world.orgs["mission_a"]
    event = add_event(staff, mission, departure_group_id=groups["a"].pk)
    client.force_login(staff)  # the world's users read English
    url = reverse("predeparture:orientation_edit", kwargs={"orientation_id": event.pk})
    body = client.get(url).content.decode()
    assert "(departs 28 Jul 2027)" in body and "2027-07-28" not in body
    field = GroupChoiceField(queryset=DepartureGroup.objects.all())
    with translation.override("ja"):
        label = field.label_from_instance(groups["a"])
    assert "2027/07/28" in label and "2027-07-28" not in label
