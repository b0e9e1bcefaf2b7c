"""Reviews: drafts, submission and its lock, scale errors, the stage result, disagreement, resolution,
z-scores, and conflicts of interest."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jetpm.applications.models import Application
from jetpm.core.errors import DomainError, IllegalTransition, PermissionDenied
from jetpm.core.models import AuditEvent
from jetpm.screening.models import Assignment, Conflict, Review, StageResult
from jetpm.screening.selectors import panels as panel_selectors
from jetpm.screening.selectors import review as selectors
from jetpm.screening.services import reviews
from tests.screening.support import make_applications, ready

pytestmark = pytest.mark.django_db


def _submit(user, app, motivation, experience):  # type: ignore[no-untyped-def]
    return reviews.save_review(
        actor=user,
        application_id=app.pk,
        stage="documents",
        scores={"motivation": motivation, "experience": experience},
        comment="ok",
        submit=True,
    )


def test_draft_then_submit_locks_and_computes_the_weighted_score(world):
    s = ready(world)
    member = world.users["panelist_a"]
    draft = reviews.save_review(
        actor=member, application_id=s.app.pk, stage="documents", scores={"motivation": 4}, comment="so far"
    )
    assert draft.status == "draft" and draft.weighted is None
    review = _submit(member, s.app, 4, 2)
    assert review.status == "submitted"
    assert review.weighted == Decimal("2.600")  # (4·30 + 2·70) / 100
    with pytest.raises(IllegalTransition):
        _submit(member, s.app, 5, 5)
    review.refresh_from_db()
    assert review.scores == {"motivation": 4, "experience": 2}
    assert AuditEvent.objects.filter(action="screening.review.submit", object_id=str(review.pk)).exists()


def test_score_outside_the_scale_names_the_field(world):
    s = ready(world)
    with pytest.raises(DomainError) as exc:
        _submit(world.users["panelist_a"], s.app, 9, 2)
    assert exc.value.field == "score_motivation"
    assert not Review.objects.exists()


def test_submit_needs_every_criterion(world):
    s = ready(world)
    with pytest.raises(DomainError) as exc:
        reviews.save_review(
            actor=world.users["panelist_a"],
            application_id=s.app.pk,
            stage="documents",
            scores={"motivation": 3},
            submit=True,
        )
    assert exc.value.field == "score_experience"


def test_wrong_stage_and_non_member_are_refused(world):
    s = ready(world)
    with pytest.raises(DomainError):
        reviews.save_review(
            actor=world.users["panelist_a"],
            application_id=s.app.pk,
            stage="interview",
            scores={"communication": 3},
        )
    with pytest.raises(PermissionDenied):
        _submit(world.users["mission_a.admin"], s.app, 3, 3)


def test_stage_result_mean_spread_disagreement_resolution_and_z(world):
    s = ready(world)
    other = make_applications(world, 1)[0]
    Assignment.objects.create(panel=s.panel, application=other)
    _submit(world.users["panelist_a"], s.app, 5, 5)  # 5.0
    _submit(world.users["mission_a.staff"], s.app, 1, 2)  # 1.7
    result = StageResult.objects.get(application=s.app, stage="documents")
    assert result.mean == Decimal("3.350")
    assert result.spread == Decimal("3.300")
    rows = selectors.sheet_rows(
        selectors.score_sheet_applications(world.users["mission_a.staff"], s.panel, "documents"),
        panel_selectors.panel_members(s.panel),
        s.panel,
    )
    by_ref = {r.application.reference: r for r in rows}
    assert by_ref[s.app.reference].disagreement  # 3.3 > 1
    assert not by_ref[other.reference].disagreement
    assert result.z_score == 0.0  # alone in the panel-stage so far

    _submit(world.users["panelist_a"], other, 3, 3)  # 3.0
    result.refresh_from_db()
    assert result.z_score == pytest.approx(1.0)
    assert StageResult.objects.get(application=other).z_score == pytest.approx(-1.0)

    # the chair resolves: needs a note, audited, and the z-scores follow the final scores
    with pytest.raises(DomainError) as exc:
        reviews.resolve(
            actor=world.users["panelist_a"],
            application_id=s.app.pk,
            stage="documents",
            score=Decimal("2"),
            note="",
        )
    assert exc.value.field == "note"
    with pytest.raises(DomainError) as exc:
        reviews.resolve(
            actor=world.users["panelist_a"],
            application_id=s.app.pk,
            stage="documents",
            score=Decimal("9"),
            note="x",
        )
    assert exc.value.field == "score"
    reviews.resolve(
        actor=world.users["panelist_a"],
        application_id=s.app.pk,
        stage="documents",
        score=Decimal("2"),
        note="discussed",
    )
    result.refresh_from_db()
    assert result.final == Decimal("2.000")
    assert result.z_score == pytest.approx(-1.0)
    assert AuditEvent.objects.filter(action="screening.stage_result.resolve").exists()
    with pytest.raises(PermissionDenied):
        reviews.resolve(
            actor=world.users["mission_b.staff"],
            application_id=s.app.pk,
            stage="documents",
            score=None,
            note="",
        )


def test_conflict_hides_the_application(world, client):
    s = ready(world)
    panelist = world.users["panelist_a"]
    client.force_login(panelist)
    assert client.get(f"/screening/applications/{s.app.pk}/").status_code == 200
    b = Application.objects.get(reference="2027-IE-TEST0B")
    assert client.get(f"/screening/applications/{b.pk}/").status_code == 404
    response = client.post(f"/screening/applications/{s.app.pk}/conflict/", {"reason": "My cousin"})
    assert response.status_code == 302
    assert Conflict.objects.filter(user=panelist, application=s.app).exists()
    assert client.get(f"/screening/applications/{s.app.pk}/").status_code == 404
    assert s.app.reference not in client.get("/screening/queue/").content.decode()
    doc = s.app.documents.first()
    assert client.get(f"/applications/documents/{doc.pk}/").status_code == 404
    with pytest.raises(PermissionDenied):
        _submit(panelist, s.app, 3, 3)
    # the mission's staff see the declaration on the panel page
    client.force_login(world.users["mission_a.staff"])
    page = client.get(f"/screening/panels/{s.panel.pk}/").content.decode()
    assert "My cousin" in page
    # another mission's staff: 404 on the panel
    client.force_login(world.users["mission_b.staff"])
    assert client.get(f"/screening/panels/{s.panel.pk}/").status_code == 404
    assert client.get(f"/screening/panels/{s.panel.pk}/sheet/").status_code == 404
