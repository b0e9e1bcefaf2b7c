"""Scope and permission in one call (``access_*(…, action=…)``): a role that sees a record but may not take
the page's action gets the same 404 as a record outside its scope, and nothing changes; the stage ↔ status
rule (screening/states.py) agrees with the applications' transition table; the pages draw their state from
it."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jetpm.applications.models import Application
from jetpm.applications.states import ALLOWED, ApplicationStatus
from jetpm.core.errors import NotFound
from jetpm.screening.models import Assignment, Interview, JapaneseTest, MissionReport, Review, StageResult
from jetpm.screening.selectors import review as review_selectors
from jetpm.screening.services import decisions, reports, reviews
from jetpm.screening.states import (
    INVITED_FROM,
    INVITED_TO,
    REVIEWED_STAGES,
    SCORING_STATUSES,
    STAGES,
    Stage,
    at_current_stage,
    stage_for_status,
)
from tests.screening.support import make_applications, ready

pytestmark = pytest.mark.django_db

SLOT = {"starts_at": "2027-01-20T10:00", "minutes": 30, "mode": "online", "place": "https://meet.example"}


def test_a_panel_member_sees_the_application_but_takes_no_mission_action(world, client):
    s = ready(world)
    client.force_login(world.users["panelist_a"])  # on the panel, its chair
    assert client.get(f"/screening/applications/{s.app.pk}/").status_code == 200
    posts = {
        f"/screening/applications/{s.app.pk}/decide/": {"stage": "documents", "passed": "1"},
        f"/screening/applications/{s.app.pk}/japanese-test/": {"tested_on": "2027-01-10", "score": 80},
        f"/screening/applications/{s.app.pk}/interview/": SLOT,
        f"/screening/panels/{s.panel.pk}/cutoff/": {"stage": "documents", "cutoff": "1", "reason": "low"},
        f"/screening/panels/{s.panel.pk}/members/remove/": {"user": world.users["mission_a.staff"].pk},
        f"/screening/panels/{s.panel.pk}/settings/": {"disagreement_threshold": "2"},
    }
    for url, data in posts.items():
        assert client.post(url, data).status_code == 404, url
    s.app.refresh_from_db()
    s.panel.refresh_from_db()
    assert s.app.status == ApplicationStatus.ELIGIBLE
    assert s.panel.disagreement_threshold == Decimal("1") and s.panel.members.count() == 2
    assert not JapaneseTest.objects.exists()


def test_hq_reads_the_screening_but_neither_decides_nor_resolves(world, client):
    s = ready(world)
    client.force_login(world.users["mofa.staff"])
    assert client.get(f"/screening/applications/{s.app.pk}/").status_code == 200
    assert client.get(f"/screening/panels/{s.panel.pk}/sheet/").status_code == 200
    r = client.post(f"/screening/applications/{s.app.pk}/decide/", {"stage": "documents", "passed": "1"})
    assert r.status_code == 404
    r = client.post(
        f"/screening/applications/{s.app.pk}/resolve/", {"stage": "documents", "score": "3", "note": "x"}
    )
    assert r.status_code == 404
    s.app.refresh_from_db()
    assert s.app.status == ApplicationStatus.ELIGIBLE


def test_the_screening_page_of_an_application_is_for_its_panel_its_mission_and_hq(world, client):
    s = ready(world)
    user = world.users["panelist_a"]
    assert review_selectors.access_application_by_id(user, s.app.pk, action="view") == s.app
    Assignment.objects.filter(application=s.app).delete()  # no longer on the member's panel
    with pytest.raises(NotFound):
        review_selectors.access_application_by_id(user, s.app.pk, action="view")
    staff = world.users["mission_a.staff"]
    assert review_selectors.access_application_by_id(staff, s.app.pk, action="view") == s.app


def test_hq_reads_a_submitted_report_but_does_not_rank_or_correct_it(world, client):
    s = ready(world)
    staff = world.users["mission_a.staff"]
    apps = make_applications(world, 1, status="interview")
    Assignment.objects.create(panel=s.panel, application=apps[0])
    StageResult.objects.create(application=apps[0], stage="interview", mean=Decimal("4"))
    decisions.decide(actor=staff, application_id=apps[0].pk, stage="interview", passed=True)
    report = reports.build_report(actor=staff, mission_id=s.panel.mission_id, intake_year=2027)
    reports.submit_report(actor=staff, report_id=report.pk)
    before = MissionReport.objects.count()
    client.force_login(world.users["mofa.staff"])
    page = client.get(f"/screening/reports/{report.pk}/")
    assert page.status_code == 200 and 'data-testid="report-correct"' not in page.content.decode()
    assert client.post(f"/screening/reports/{report.pk}/correct/").status_code == 404
    assert client.post(f"/screening/reports/{report.pk}/", {f"rank_{apps[0].pk}": "1"}).status_code == 404
    assert MissionReport.objects.count() == before
    client.force_login(staff)  # the mission's staff may correct it: the button is drawn from the workflow
    assert 'data-testid="report-correct"' in client.get(f"/screening/reports/{report.pk}/").content.decode()


def test_the_stage_rule_agrees_with_the_applications_table():
    for stage, rule in STAGES.items():
        assert stage == rule.stage
        assert {rule.passed, rule.failed} <= set(ALLOWED[rule.scored_in]), stage
        assert stage_for_status(rule.scored_in) == stage
    assert INVITED_TO in ALLOWED[INVITED_FROM]
    assert STAGES[Stage.DOCUMENTS].passed == INVITED_FROM and STAGES[Stage.INTERVIEW].scored_in == INVITED_TO
    assert {ApplicationStatus.ELIGIBLE, ApplicationStatus.INTERVIEW} == SCORING_STATUSES
    assert stage_for_status(INVITED_FROM) is None and stage_for_status(ApplicationStatus.RECOMMENDED) is None
    assert REVIEWED_STAGES == (Stage.DOCUMENTS, Stage.INTERVIEW)


def test_current_stage_reviews_follow_the_application(world):
    s = ready(world)
    reviews.save_review(
        actor=world.users["panelist_a"],
        application_id=s.app.pk,
        stage="documents",
        scores={"motivation": 4},
    )
    current = Review.objects.filter(at_current_stage())
    assert current.count() == 1
    Application.objects.filter(pk=s.app.pk).update(status=ApplicationStatus.DOCUMENT_SCREENED)
    assert not current.exists()


def test_queue_and_score_sheet_show_each_review_state(world, client):
    s = ready(world)
    reviews.save_review(
        actor=world.users["panelist_a"], application_id=s.app.pk, stage="documents", scores={"motivation": 4}
    )
    client.force_login(world.users["panelist_a"])

    def my_review_cell(url: str) -> str:
        row = client.get(url).content.decode().split(f">{s.app.reference}</a>")[1].split("</tr>")[0]
        return row.rsplit("<td>", 1)[1].removesuffix("</td>").strip()

    assert my_review_cell("/screening/queue/") == "Draft"
    sheet = client.get(f"/screening/panels/{s.panel.pk}/sheet/").content.decode()
    assert "pending" in sheet.split(f'data-testid="sheet-row-{s.app.reference}"')[1].split("</tr>")[0]
    Application.objects.filter(pk=s.app.pk).update(status=ApplicationStatus.NOT_RECOMMENDED)
    assert my_review_cell("/screening/queue/?show=all") == "—"  # no longer at a stage the panel scores


def test_a_submitted_review_is_shown_locked(world, client):
    s = ready(world)
    criteria = reviews.criteria_of(2027, "documents")
    reviews.save_review(
        actor=world.users["panelist_a"],
        application_id=s.app.pk,
        stage="documents",
        scores={c.code: c.scale_max for c in criteria},
        submit=True,
    )
    client.force_login(world.users["panelist_a"])
    page = client.get(f"/screening/applications/{s.app.pk}/").content.decode()
    assert 'data-testid="review-locked"' in page and 'data-testid="review-form"' not in page


def test_the_forms_parse_and_the_services_decide(world, client):
    """The ranges are the services' rules, said once: the page shows the service's message on the field."""
    s = ready(world)
    Application.objects.filter(pk=s.app.pk).update(status=ApplicationStatus.INTERVIEW)
    interview = Interview.objects.get(application=s.app)
    client.force_login(world.users["mission_a.staff"])
    r = client.post(f"/screening/interviews/{interview.pk}/", {**SLOT, "minutes": 3})
    assert r.status_code == 400
    assert r.context["form"].errors["minutes"] == ["An interview lasts between 5 and 480 minutes."]
    url = f"/screening/panels/{s.panel.pk}/settings/"
    r = client.post(url, {"disagreement_threshold": "-1"}, follow=True)
    assert "The threshold cannot be negative." in r.content.decode()
    s.panel.refresh_from_db()
    assert s.panel.disagreement_threshold == Decimal("1")
