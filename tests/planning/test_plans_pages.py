"""The country plan's pages: roles, scoping, the gap, the diff, hand edits, exports, query counts."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jetpm.core.models import AuditEvent, Country, Language
from jetpm.planning.models import CountryPlan, PlanLine
from jetpm.planning.services import plans as services
from jetpm.planning.states import PlanStatus
from tests.planning.plans_support import YEAR, add_demand, computed_plan, lines

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(world):  # type: ignore[no-untyped-def]
    return computed_plan(world)


def _approve(world, plan) -> None:  # type: ignore[no-untyped-def]
    services.propose_plan(actor=world.users["mic.staff"], plan_id=plan.pk)
    services.approve_plan(actor=world.users["council.approver"], plan_id=plan.pk)
    plan.refresh_from_db()


def _get(client, world, username, name, **kw):  # type: ignore[no-untyped-def]
    client.force_login(world.users[username])
    return client.get(reverse(f"planning:{name}", kwargs=kw))


def _post(client, world, username, name, data=None, **kw):  # type: ignore[no-untyped-def]
    client.force_login(world.users[username])
    return client.post(reverse(f"planning:{name}", kwargs=kw), data or {})


def test_planner_creates_a_draft_and_computes(world, client):
    add_demand(world)
    response = _post(client, world, "mic.staff", "plan_create", {"intake_year": YEAR})
    plan = CountryPlan.objects.get(intake_year=YEAR)
    assert response.status_code == 302 and response["Location"] == f"/planning/plans/{plan.pk}/"
    response = _post(
        client,
        world,
        "mic.staff",
        "plan_parameters",
        {"method": "sainte-lague", "weight_source": "requests", "min_per_country": 0, "max_per_country": ""},
        plan_id=plan.pk,
    )
    assert response.status_code == 302
    response = _post(client, world, "mic.staff", "plan_compute", plan_id=plan.pk)
    page = client.get(response["Location"]).content.decode()
    assert "The proposal was computed" in page
    assert "The plan covers the national demand exactly." in page
    assert plan.lines.count() > 0


def test_bad_parameters_name_the_field(plan, world, client):
    response = _post(
        client,
        world,
        "mic.staff",
        "plan_parameters",
        {"method": "hamilton", "weight_source": "equal", "min_per_country": 3, "max_per_country": 1},
        plan_id=plan.pk,
    )
    assert response.status_code == 400
    assert "The maximum is below the minimum." in response.content.decode()
    plan.refresh_from_db()
    assert plan.min_per_country == 0


def test_line_edit_without_reason_is_refused_and_nothing_saved(plan, world, client):
    before = lines(plan)
    events = AuditEvent.objects.count()
    proposed = before[("GB", "ALT", "en")][0]
    data = {"country": "GB", "job_type": "ALT", "language": "en", "seats": proposed + 3, "reason": ""}
    response = _post(client, world, "mic.staff", "plan_lines", data, plan_id=plan.pk)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Reason: give a reason for GB ALT en" in page
    assert f'value="{proposed + 3}"' in page  # what was typed is kept
    assert lines(plan) == before and AuditEvent.objects.count() == events
    data["reason"] = "Two more schools"
    response = _post(client, world, "mic.staff", "plan_lines", data, plan_id=plan.pk)
    assert response.status_code == 302
    assert lines(plan)[("GB", "ALT", "en")] == (proposed, proposed + 3, "Two more schools")


def test_add_a_line_through_the_page(plan, world, client):
    data = {"country": "FJ", "job_type": "CIR", "language": "en", "seats": 1, "reason": ""}
    response = _post(client, world, "mic.staff", "plan_lines", data, plan_id=plan.pk)
    assert response.status_code == 400 and ("FJ", "CIR", "en") not in lines(plan)
    data["reason"] = "Exchange programme with Fiji"
    assert _post(client, world, "mic.staff", "plan_lines", data, plan_id=plan.pk).status_code == 302
    assert lines(plan)[("FJ", "CIR", "en")] == (0, 1, "Exchange programme with Fiji")
    bad = {"country": "ZZ", "job_type": "CIR", "language": "en", "seats": "x", "reason": "r"}
    response = _post(client, world, "mic.staff", "plan_lines", bad, plan_id=plan.pk)
    assert response.status_code == 400
    assert "Country: Select a valid choice." in response.content.decode()


def test_gap_by_job_type_and_language(plan, world, client):
    # an unoffered language in the demand, and a hand cut below the demand
    add_demand(world, [("co_a", "CIR", "nl", 2)])
    proposed = lines(plan)[("GB", "ALT", "en")][0]
    services.save_line(
        actor=world.users["mic.staff"],
        plan_id=plan.pk,
        country_code="GB",
        job_type="ALT",
        language_code="en",
        seats=proposed - 1,
        reason="Fewer applicants",
    )
    page = _get(client, world, "mic.staff", "plan_detail", plan_id=plan.pk).content.decode()
    assert "2 job types and languages do not match the demand." in page
    assert page.count('data-testid="gap-shortfall"') == 2
    assert "(no recruiting country offers this language)" in page
    services.save_line(
        actor=world.users["mic.staff"],
        plan_id=plan.pk,
        country_code="GB",
        job_type="ALT",
        language_code="en",
        seats=proposed + 4,
        reason="More",
    )
    page = _get(client, world, "mic.staff", "plan_detail", plan_id=plan.pk).content.decode()
    assert 'data-testid="gap-surplus"' in page and "surplus 4" in page
    # missions see the approved plan, not the national demand
    services.save_line(
        actor=world.users["mic.staff"],
        plan_id=plan.pk,
        country_code="GB",
        job_type="ALT",
        language_code="en",
        seats=proposed,
        reason="",
    )
    _approve(world, plan)
    page = _get(client, world, "mission_a.staff", "plan_detail", plan_id=plan.pk).content.decode()
    assert "Totals by country" in page and 'data-testid="plan-demand"' not in page


def test_workflow_through_the_pages_by_role(plan, world, client):
    for username in ("mission_a.staff", "co_a.coordinator", "host_a.coordinator", "chapter_a.officer"):
        assert _post(client, world, username, "plan_propose", plan_id=plan.pk).status_code == 404
        assert _get(client, world, username, "plan_detail", plan_id=plan.pk).status_code == 404
    assert _post(client, world, "council.approver", "plan_propose", plan_id=plan.pk).status_code == 404
    assert _post(client, world, "mic.staff", "plan_propose", plan_id=plan.pk).status_code == 302
    for username in ("mission_a.staff", "mission_a.approver", "co_a.coordinator", "mic.staff"):
        assert _post(client, world, username, "plan_approve", plan_id=plan.pk).status_code == 404
    plan.refresh_from_db()
    assert plan.status == PlanStatus.PROPOSED
    page = _get(client, world, "council.approver", "plan_detail", plan_id=plan.pk).content.decode()
    assert 'data-testid="plan-approve"' in page and 'data-testid="plan-send-back"' in page
    response = _post(
        client, world, "council.approver", "plan_send_back", {"reason": "Check SEA"}, plan_id=plan.pk
    )
    assert response.status_code == 302
    assert _post(client, world, "mic.staff", "plan_propose", plan_id=plan.pk).status_code == 302
    asked = _post(client, world, "council.approver", "plan_approve", plan_id=plan.pk)
    assert asked.status_code == 200 and 'data-testid="confirm"' in asked.content.decode()
    plan.refresh_from_db()
    assert plan.status == PlanStatus.PROPOSED  # nothing approved before the confirmation
    done = _post(client, world, "council.approver", "plan_approve", {"confirmed": "yes"}, plan_id=plan.pk)
    assert done.status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED
    # GET on a write URL: not allowed (after the scope check)
    assert _get(client, world, "council.approver", "plan_approve", plan_id=plan.pk).status_code == 405


def test_approved_plan_pages_refuse_writes(plan, world, client):
    _approve(world, plan)
    before = lines(plan)
    response = _post(
        client,
        world,
        "mic.staff",
        "plan_lines",
        {"country": "GB", "job_type": "ALT", "language": "en", "seats": 99, "reason": "x"},
        plan_id=plan.pk,
    )
    assert response.status_code == 400 and "only a draft can be changed" in response.content.decode()
    response = _post(client, world, "mic.staff", "plan_compute", plan_id=plan.pk)
    assert "only a draft can be changed" in client.get(response["Location"]).content.decode()
    assert lines(plan) == before
    page = _get(client, world, "mic.staff", "plan_detail", plan_id=plan.pk).content.decode()
    assert 'data-testid="plan-parameters"' not in page and 'data-testid="plan-new-version"' in page


def test_new_version_page_shows_the_diff(plan, world, client):
    _approve(world, plan)
    response = _post(client, world, "mic.staff", "plan_new_version", plan_id=plan.pk)
    v2 = CountryPlan.objects.get(intake_year=YEAR, version=2)
    assert response["Location"] == f"/planning/plans/{v2.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert 'data-testid="plan-diff-empty"' in page
    gb = lines(plan)[("GB", "ALT", "en")][1]
    ie_en = PlanLine.objects.get(plan=v2, country__code="IE", job_type="ALT", language__code="en")
    mic = world.users["mic.staff"]
    services.save_line(
        actor=mic,
        plan_id=v2.pk,
        country_code="GB",
        job_type="ALT",
        language_code="en",
        seats=gb + 2,
        reason="Correction",
    )
    services.save_line(
        actor=mic, plan_id=v2.pk, country_code="FJ", job_type="CIR", language_code="en", seats=1, reason="New"
    )
    PlanLine.objects.filter(pk=ie_en.pk).delete()  # (a line gone from the new version)
    page = client.get(response["Location"]).content.decode()
    assert "Changes since version 1" in page
    diff = page[page.index('data-testid="plan-diff"') :]
    assert f"<td>changed</td><td>{Country.objects.get(code='GB')} (GB)</td>" in diff.replace("\n", "")
    assert f"<td>{gb}</td><td>{gb + 2}</td>" in diff
    assert "<td>added</td>" in diff and "<td>removed</td>" in diff


def test_export_is_audited(plan, world, client):
    response = _get(client, world, "mic.staff", "plan_export_csv", plan_id=plan.pk)
    assert response.status_code == 200 and response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["intake_year", "version", "status"] and len(rows) == plan.lines.count() + 1
    response = _get(client, world, "mic.staff", "plan_export_xlsx", plan_id=plan.pk)
    assert response.status_code == 200
    assert "xl/workbook.xml" in zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    events = AuditEvent.objects.filter(action="plan.export", object_id=str(plan.pk))
    assert sorted(e.changes["format"][1] for e in events) == ["csv", "xlsx"]
    # a mission may not download a draft
    assert _get(client, world, "mission_a.staff", "plan_export_csv", plan_id=plan.pk).status_code == 404
    assert events.count() == 2


def test_missions_see_approved_versions_only(plan, world, client):
    draft = services.create_plan(actor=world.users["mic.staff"], intake_year=YEAR + 1)
    page = _get(client, world, "mission_a.staff", "plan_list").content.decode()
    assert f"/planning/plans/{plan.pk}/" not in page and f"/planning/plans/{draft.pk}/" not in page
    _approve(world, plan)
    page = _get(client, world, "mission_b.staff", "plan_list").content.decode()
    assert f"/planning/plans/{plan.pk}/" in page and f"/planning/plans/{draft.pk}/" not in page
    assert 'data-testid="plan-create"' not in page
    assert _get(client, world, "mission_b.staff", "plan_detail", plan_id=draft.pk).status_code == 404
    assert _get(client, world, "mission_b.staff", "plan_lines", plan_id=plan.pk).status_code == 404
    for username in ("co_a.coordinator", "host_a.coordinator", "chapter_a.officer", "applicant_a"):
        assert _get(client, world, username, "plan_list").status_code == 404
        assert _get(client, world, username, "plan_detail", plan_id=plan.pk).status_code == 404
    page = _get(client, world, "council.approver", "plan_list").content.decode()
    assert f"/planning/plans/{draft.pk}/" in page and 'data-testid="plan-create"' not in page


def _grow(n: int) -> None:
    en = Language.objects.get(code="en")
    countries = list(Country.objects.order_by("code")[:n])
    start = CountryPlan.objects.filter(intake_year=1990).count()
    plans = CountryPlan.objects.bulk_create(
        CountryPlan(intake_year=1990, version=start + i + 1, status=PlanStatus.DRAFT) for i in range(n)
    )
    PlanLine.objects.bulk_create(
        PlanLine(plan=p, country=c, job_type="ALT", language=en, proposed=1, seats=1)
        for p in plans
        for c in countries[:3]
    )


@pytest.mark.parametrize("username", ["mic.staff", "council.approver", "mission_a.staff"])
def test_plan_list_query_count_is_bounded(world, client, username):
    client.force_login(world.users[username])
    url = reverse("planning:plan_list")
    client.get(url)
    _grow(5)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _grow(120)
    with CaptureQueriesContext(connection) as large:
        response = client.get(url)
    assert response.status_code == 200
    assert len(large.captured_queries) <= len(small.captured_queries) < 20


def test_plan_detail_query_count_is_bounded(plan, world, client):
    _approve(world, plan)
    v2 = services.new_version(actor=world.users["mic.staff"], plan_id=plan.pk)
    client.force_login(world.users["mic.staff"])
    for url in (f"/planning/plans/{v2.pk}/", f"/planning/plans/{v2.pk}/lines/"):
        client.get(url)
        with CaptureQueriesContext(connection) as small:
            assert client.get(url).status_code == 200
        en = Language.objects.get(code="en")
        PlanLine.objects.bulk_create(
            PlanLine(plan=v2, country=c, job_type="CIR", language=en, proposed=1, seats=1)
            for c in Country.objects.exclude(planline__plan=v2, planline__job_type="CIR")[:60]
        )
        with CaptureQueriesContext(connection) as large:
            assert client.get(url).status_code == 200
        assert len(large.captured_queries) <= len(small.captured_queries) < 25, url


def test_every_plan_url_refuses_invisible_plans(plan, world, client):
    """The URL walk with a draft and an approved plan present (the shared world has no plan)."""
    from jetpm.core.scoping import visible_to
    from jetpm.planning.urls.plans import urlpatterns

    approved = CountryPlan.objects.create(intake_year=YEAR - 1, version=1, status=PlanStatus.APPROVED)
    checked = 0
    for username, user in world.users.items():
        client.force_login(user)
        visible = set(visible_to(user, CountryPlan).values_list("pk", flat=True))
        for pattern in urlpatterns:
            if "plan_id" not in str(pattern.pattern):
                continue
            for target in (plan, approved):
                url = reverse(f"planning:{pattern.name}", kwargs={"plan_id": target.pk})
                status = client.get(url).status_code
                if target.pk not in visible:
                    assert status == 404, f"{username} GET {url}: {status}"
                    checked += 1
                else:
                    assert status < 500, f"{username} GET {url}: {status}"
    assert checked > 100
