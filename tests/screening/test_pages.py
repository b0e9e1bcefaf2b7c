"""The pages: rendered for the chair, a member, the mission's staff and HQ, in both languages; reviews
through the page (locks, scale errors); bounded queries on the queue and the score sheet."""

from __future__ import annotations

import pytest

from jetpm.applications.models import Application
from jetpm.core.models import User
from jetpm.screening.models import Assignment, Review
from jetpm.screening.services import reviews
from tests.screening.support import make_applications, ready

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("username", ["panelist_a", "mission_a.staff", "mofa.staff"])
def test_pages_render_for_each_role(world, client, username):
    s = ready(world)
    client.force_login(world.users[username])
    home = client.get("/screening/")
    assert home.status_code == 200
    assert client.get("/screening/queue/").status_code == 200
    assert client.get(f"/screening/panels/{s.panel.pk}/").status_code == 200
    for stage in ("documents", "interview"):
        assert client.get(f"/screening/panels/{s.panel.pk}/sheet/?stage={stage}").status_code == 200
    assert client.get(f"/screening/panels/{s.panel.pk}/interviews/").status_code == 200
    assert client.get(f"/screening/applications/{s.app.pk}/").status_code == 200
    if username != "panelist_a":
        assert client.get("/screening/reports/").status_code == 200


def test_nav_and_refusals(world, client):
    ready(world)
    client.force_login(world.users["panelist_a"])
    assert 'href="/screening/"' in client.get("/").content.decode()
    assert client.get("/screening/reports/").status_code == 404
    client.force_login(world.users["co_a.coordinator"])
    assert client.get("/screening/").status_code == 404
    # screening is the missions' and MOFA's (HQ); CLAIR places the selected candidates and does not screen
    for name in ("clair.staff", "mext.staff"):
        client.force_login(world.users[name])
        assert client.get("/screening/").status_code == 404, name
    assert 'href="/screening/"' not in client.get("/").content.decode()


def test_member_not_chair_has_no_score_sheet(world, client):
    s = ready(world)
    s.panel.chair = None
    s.panel.save()
    client.force_login(world.users["panelist_a"])
    assert client.get(f"/screening/panels/{s.panel.pk}/sheet/").status_code == 404


def test_japanese_pages(world, client):
    s = ready(world)
    user = world.users["mission_a.staff"]
    User.objects.filter(pk=user.pk).update(language="ja")
    client.force_login(user)
    client.cookies["django_language"] = "ja"
    assert client.get(f"/screening/panels/{s.panel.pk}/sheet/").status_code == 200
    assert "令和9年度" in client.get("/screening/").content.decode()
    assert client.get(f"/screening/applications/{s.app.pk}/").status_code == 200


def test_review_through_the_page(world, client):
    s = ready(world)
    client.force_login(world.users["panelist_a"])
    url = f"/screening/applications/{s.app.pk}/"
    page = client.get(url).content.decode()
    assert 'name="score_motivation"' in page and 'data-testid="conflict-form"' in page
    bad = client.post(url, {"score_motivation": "7", "score_experience": "3", "submit": "1"})
    assert bad.status_code == 400
    assert "between 1 and 5" in bad.content.decode()
    ok = client.post(
        url, {"score_motivation": "4", "score_experience": "3", "comment": "fine", "submit": "1"}
    )
    assert ok.status_code == 302
    review = Review.objects.get(application=s.app, reviewer=world.users["panelist_a"])
    assert review.status == "submitted"
    again = client.post(url, {"score_motivation": "1", "score_experience": "1", "submit": "1"}, follow=True)
    assert "locked" in again.content.decode()
    review.refresh_from_db()
    assert review.scores == {"motivation": 4, "experience": 3}
    assert 'data-testid="review-locked"' in client.get(url).content.decode()


def test_interview_stage_review(world):
    s = ready(world)
    Application.objects.filter(pk=s.app.pk).update(status="interview")
    review = reviews.save_review(
        actor=world.users["panelist_a"],
        application_id=s.app.pk,
        stage="interview",
        scores={"communication": 4},
        submit=True,
    )
    assert review.weighted == 4


def test_staff_actions_through_pages(world, client):
    s = ready(world)
    client.force_login(world.users["mission_a.staff"])
    r = client.post(
        "/screening/panels/new/",
        {"intake_year": 2027, "name": "SEA", "job_type": "SEA", "disagreement_threshold": "1.5"},
    )
    assert r.status_code == 302
    r = client.post(
        f"/screening/panels/{s.panel.pk}/members/external/",
        {
            "email": "alum@example.net",
            "family_name": "Lee",
            "given_name": "Jo",
            "kind": "alumnus",
            "language": "ja",
        },
    )
    assert r.status_code == 302
    assert User.objects.filter(email="alum@example.net").exists()
    assert client.get(f"/screening/panels/{s.panel.pk}/members/external/").status_code == 405
    r = client.post(
        f"/screening/applications/{s.app.pk}/decide/", {"stage": "documents", "passed": "0"}, follow=True
    )
    assert "reason is required" in r.content.decode()
    r = client.post(f"/screening/applications/{s.app.pk}/decide/", {"stage": "documents", "passed": "1"})
    s.app.refresh_from_db()
    assert s.app.status == "document_screened"


def test_queue_and_score_sheet_bounded_queries(world, client, django_assert_max_num_queries):
    s = ready(world)
    apps = make_applications(world, 300)
    Assignment.objects.bulk_create(Assignment(panel=s.panel, application=a) for a in apps)
    reviewer = world.users["mission_a.staff"]
    Review.objects.bulk_create(
        Review(application=a, stage="documents", reviewer=reviewer, status="submitted", scores={}, weighted=3)
        for a in apps[:200]
    )
    client.force_login(world.users["panelist_a"])
    with django_assert_max_num_queries(25):
        assert client.get("/screening/queue/").status_code == 200
    with django_assert_max_num_queries(30):
        assert client.get(f"/screening/panels/{s.panel.pk}/sheet/?stage=documents").status_code == 200
    client.force_login(reviewer)
    with django_assert_max_num_queries(30):
        assert client.get(f"/screening/panels/{s.panel.pk}/sheet/?stage=documents&page=2").status_code == 200
    with django_assert_max_num_queries(30):
        assert client.get(f"/screening/panels/{s.panel.pk}/").status_code == 200


def test_external_member_sets_a_password_with_the_mailed_link(
    world, client, django_capture_on_commit_callbacks
):
    import re

    from django.core import mail

    s = ready(world)
    client.force_login(world.users["mission_a.staff"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/screening/panels/{s.panel.pk}/members/external/",
            {
                "email": "ed@example.net",
                "family_name": "Ito",
                "given_name": "Ed",
                "kind": "educator",
                "language": "en",
            },
        )
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/\S+)", mail.outbox[-1].body)
    assert link is not None
    client.logout()
    response = client.get(link.group(1), follow=True)
    assert response.status_code == 200 and 'name="new_password1"' in response.content.decode()


def test_report_reorder_and_submit_through_pages(world, client):
    from decimal import Decimal

    from jetpm.screening.models import MissionReport, StageResult
    from jetpm.screening.services import decisions

    s = ready(world)
    apps = make_applications(world, 2, status="interview")
    for a, score in zip(apps, ("4", "3"), strict=True):
        Assignment.objects.create(panel=s.panel, application=a)
        StageResult.objects.create(application=a, stage="interview", mean=Decimal(score))
        decisions.decide(
            actor=world.users["mission_a.staff"], application_id=a.pk, stage="interview", passed=True
        )
    client.force_login(world.users["mission_a.staff"])
    r = client.post("/screening/reports/build/", {"intake_year": 2027})
    report = MissionReport.objects.get(mission=s.panel.mission, status="draft")
    assert r["Location"] == f"/screening/reports/{report.pk}/"
    page = client.get(r["Location"]).content.decode()
    assert f'name="rank_{apps[0].pk}"' in page
    client.post(r["Location"], {f"rank_{apps[0].pk}": "2", f"rank_{apps[1].pk}": "1", "note": "swap"})
    assert report.entries.get(application=apps[1]).rank == 1
    client.post(f"/screening/reports/{report.pk}/submit/")
    report.refresh_from_db()
    assert report.status == "submitted" and report.note == "swap"
    assert 'name="rank_' not in client.get(r["Location"]).content.decode()


def test_queue_shows_open_work_first_and_the_rest_on_request(world, client):
    s = ready(world)
    client.force_login(world.users["panelist_a"])
    assert s.app.reference in client.get("/screening/queue/").content.decode()  # eligible: waiting
    Application.objects.filter(pk=s.app.pk).update(status="not_recommended")
    assert s.app.reference not in client.get("/screening/queue/").content.decode()
    assert s.app.reference in client.get("/screening/queue/?show=all").content.decode()


def test_panel_counts_of_members_and_applications(world, client):
    """The home page's counts: each panel's members and applications, counted apart (not multiplied by each
    other through one join), the same in the list of panels and in the user's own panels."""
    from jetpm.screening.selectors.panels import my_panels, panels_for

    s = ready(world)
    for app in make_applications(world, 7):
        Assignment.objects.create(panel=s.panel, application=app)
    row = panels_for(world.users["mofa.staff"]).get(pk=s.panel.pk)
    assert (row.n_members, row.n_assigned) == (2, 8)
    mine = my_panels(world.users["panelist_a"]).get(pk=s.panel.pk)
    assert (mine.n_members, mine.n_assigned) == (2, 8)
    client.force_login(world.users["mission_a.staff"])
    body = client.get("/screening/").content.decode()
    assert "8 applications" in body
