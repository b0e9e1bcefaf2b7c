from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from jetpm.core.errors import DomainError, PermissionDenied
from jetpm.core.models import AuditEvent
from jetpm.outreach import services
from jetpm.outreach.models import OutreachActivity
from tests.outreach.helpers import activity_input, add_activity

pytestmark = pytest.mark.django_db


def _post_data(mission_id: int | None = None, **overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "fiscal_year": 2025,
        "kind": "job_fair",
        "status": "done",
        "date": "2025-11-02",
        "place": "University of Leeds",
        "audience": "graduates",
        "audience_detail": "",
        "alumni_involved": 1,
        "attendance": 120,
        "cost_yen": 50000,
        "notes": "",
    }
    if mission_id is not None:
        data["mission"] = mission_id
    data.update(overrides)
    return data


def test_create_through_the_page_is_audited(world, client):
    client.force_login(world.users["mission_a.staff"])
    response = client.post(reverse("outreach:activity_create"), _post_data(world.orgs["mission_a"].pk))
    assert response.status_code == 302
    activity = OutreachActivity.objects.get()
    assert activity.mission == world.orgs["mission_a"] and activity.attendance == 120
    event = AuditEvent.objects.get(action="outreach_activity.create")
    assert event.organisation_id == world.orgs["mission_a"].pk and event.changes["place"] == [
        None,
        "University of Leeds",
    ]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"attendance": -1}, "attendance", "greater than or equal to 0"),
        ({"cost_yen": -5}, "cost_yen", "greater than or equal to 0"),
        ({"alumni_involved": -1}, "alumni_involved", "greater than or equal to 0"),
        ({"date": "2026-04-01"}, "date", "must fall inside FY2025 (1 April 2025 – 31 March 2026)"),
        ({"status": "planned", "date": "2025-12-01"}, "attendance", "once the activity is done"),
        ({"attendance": ""}, "attendance", "Give the attendance"),
        ({"audience": "other"}, "audience_detail", "Describe the audience"),
        ({"place": ""}, "place", "This field is required"),
        ({"kind": "banner"}, "kind", "Select a valid choice"),
    ],
)
def test_bad_input_names_the_field_and_saves_nothing(world, client, overrides, field, message):
    client.force_login(world.users["mission_a.staff"])
    before = AuditEvent.objects.count()
    response = client.post(
        reverse("outreach:activity_create"), _post_data(world.orgs["mission_a"].pk, **overrides)
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert field in errors and message in " ".join(errors[field])
    assert not OutreachActivity.objects.exists()
    assert AuditEvent.objects.count() == before


def test_service_checks_the_rules_too(world):
    staff = world.users["mission_a.staff"]
    mission = world.orgs["mission_a"]
    with pytest.raises(DomainError) as exc:
        add_activity(staff, mission, date=date(2024, 3, 31))
    assert exc.value.field == "date"
    with pytest.raises(DomainError) as exc:
        add_activity(staff, mission, status="planned")
    assert exc.value.field == "attendance"
    with pytest.raises(DomainError) as exc:
        add_activity(staff, mission, fiscal_year=2030, date=date(2030, 6, 1))  # done in the future
    assert exc.value.field == "date"
    with pytest.raises(DomainError) as exc:
        add_activity(staff, mission, cost_yen=-1)
    assert exc.value.field == "cost_yen"
    assert not OutreachActivity.objects.exists()


def test_only_the_missions_staff_and_admin_write(world):
    mission = world.orgs["mission_a"]
    for username in ("mission_a.approver", "mission_b.staff", "mofa.staff", "panelist_a", "co_a.coordinator"):
        with pytest.raises(PermissionDenied):
            add_activity(world.users[username], mission)
    add_activity(world.users["mission_a.admin"], mission)
    assert OutreachActivity.objects.count() == 1


def test_edit_and_delete(world, client):
    a = add_activity(world.users["mission_a.staff"], world.orgs["mission_a"])
    client.force_login(world.users["mission_a.staff"])
    url = reverse("outreach:activity_edit", kwargs={"activity_id": a.pk})
    assert client.get(url).status_code == 200
    response = client.post(url, _post_data(attendance=55, place="Cardiff University"))
    assert response.status_code == 302
    a.refresh_from_db()
    assert (a.attendance, a.place) == (55, "Cardiff University")
    event = AuditEvent.objects.get(action="outreach_activity.update")
    assert event.changes["attendance"] == [40, 55]
    bad = client.post(url, _post_data(date="2027-01-01"))
    assert bad.status_code == 400 and "date" in bad.context["form"].errors
    a.refresh_from_db()
    assert a.date == date(2025, 11, 2)
    delete = reverse("outreach:activity_delete", kwargs={"activity_id": a.pk})
    assert client.get(delete).status_code == 200
    assert client.post(delete).status_code == 302
    assert not OutreachActivity.objects.exists()
    assert AuditEvent.objects.filter(action="outreach_activity.delete").count() == 1


def test_missions_see_only_their_own(world, client):
    a = add_activity(world.users["mission_a.staff"], world.orgs["mission_a"], place="Place-A")
    b = add_activity(world.users["mission_b.staff"], world.orgs["mission_b"], place="Place-B")
    client.force_login(world.users["mission_b.staff"])
    page = client.get(reverse("outreach:activity_list"), {"year": 2025}).content.decode()
    assert "Place-B" in page and "Place-A" not in page
    for name in ("outreach:activity_edit", "outreach:activity_delete"):
        assert client.get(reverse(name, kwargs={"activity_id": a.pk})).status_code == 404
        assert client.post(reverse(name, kwargs={"activity_id": a.pk}), _post_data()).status_code == 404
    assert OutreachActivity.objects.filter(pk=a.pk).exists()
    # national bodies see all, with a mission filter; others see nothing
    client.force_login(world.users["mofa.staff"])
    page = client.get(reverse("outreach:activity_list"), {"year": 2025}).content.decode()
    assert "Place-A" in page and "Place-B" in page
    page = client.get(
        reverse("outreach:activity_list"), {"year": 2025, "mission": world.orgs["mission_a"].pk}
    ).content.decode()
    assert "Place-A" in page and "Place-B" not in page
    assert client.get(reverse("outreach:activity_edit", kwargs={"activity_id": b.pk})).status_code == 404
    for username in ("co_a.coordinator", "chapter_a.officer", "applicant_a", "panelist_a"):
        client.force_login(world.users[username])
        assert client.get(reverse("outreach:activity_list")).status_code == 404


def test_list_totals_and_filters(world, client):
    staff, mission = world.users["mission_a.staff"], world.orgs["mission_a"]
    add_activity(staff, mission, attendance=10, cost_yen=1000, alumni_involved=1)
    add_activity(staff, mission, kind="web_sns", attendance=500, cost_yen=0, alumni_involved=0)
    add_activity(staff, mission, kind="web_sns", fiscal_year=2024, date=date(2024, 10, 1), attendance=7)
    client.force_login(staff)
    response = client.get(reverse("outreach:activity_list"), {"year": 2025})
    assert response.context["totals"] == {
        "activities": 2,
        "done": 2,
        "attendance": 510,
        "cost_yen": 1000,
        "alumni_involved": 1,
    }
    html = response.content.decode()
    assert "<dd>1,000</dd>" in html and "<td>1,000</td>" in html  # the cost, grouped by three
    response = client.get(reverse("outreach:activity_list"), {"year": 2025, "kind": "web_sns"})
    assert response.context["totals"]["attendance"] == 500


def test_input_dataclass_defaults():
    data = activity_input(status="planned", attendance=None, date=date(2026, 1, 5))
    services.validate_activity(data, today=date(2025, 12, 1))
