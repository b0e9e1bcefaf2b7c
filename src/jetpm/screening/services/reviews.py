"""Conflicts of interest, members' reviews, the panel's stage results and the chair's resolutions."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from jetpm.applications.models import Application
from jetpm.core import audit, workflow
from jetpm.core.errors import DomainError, FieldErrors, IllegalTransition, PermissionDenied, raise_all
from jetpm.core.models import User
from jetpm.core.scoping import scope_of
from jetpm.planning.models import Criterion
from jetpm.planning.states import GuidelineStatus
from jetpm.screening import calibration
from jetpm.screening.models import Assignment, Conflict, Review, StageResult
from jetpm.screening.permissions import can_resolve
from jetpm.screening.selectors.review import sits_on
from jetpm.screening.states import STAGES, ReviewStatus
from jetpm.screening.workflows import REVIEWS, review_locked

Q3 = Decimal("0.001")


def criteria_of(intake_year: int, stage: str) -> list[Criterion]:
    """The criteria of a stage in the year's approved guideline."""
    return list(
        Criterion.objects.filter(
            guideline__intake_year=intake_year, guideline__status=GuidelineStatus.APPROVED, stage=stage
        ).order_by("order", "code")
    )


def _q(value: float | Decimal) -> Decimal:
    return Decimal(str(value)).quantize(Q3, rounding=ROUND_HALF_UP)


def _assignment_of_member(actor: User, application_id: int) -> Assignment:
    assignment = Assignment.objects.select_related("panel").filter(application_id=application_id).first()
    if assignment is None or not sits_on(actor, assignment.panel):
        raise PermissionDenied(_("You are not a member of the panel screening this application."))
    if Conflict.objects.filter(user=actor, application_id=application_id).exists():
        raise PermissionDenied(_("You declared a conflict of interest with this application."))
    return assignment


@transaction.atomic
def declare_conflict(*, actor: User, application_id: int, reason: str) -> Conflict:
    assignment = _assignment_of_member(actor, application_id)
    reason = reason.strip()
    if not reason:
        raise DomainError(_("A reason is required."), field="reason")
    Review.objects.filter(application_id=application_id, reviewer=actor, status=ReviewStatus.DRAFT).delete()
    conflict = Conflict.objects.create(user=actor, application_id=application_id, reason=reason[:300])
    audit.record(
        actor=actor,
        action="screening.conflict.declare",
        obj=conflict,
        organisation=assignment.panel.mission_id,
        changes={"application": [None, application_id], "reason": [None, reason]},
    )
    return conflict


def _check_scores(
    criteria: list[Criterion], scores: Mapping[str, int | None], *, complete: bool
) -> dict[str, int]:
    # every refused score at once, so the form shows them together
    clean: dict[str, int] = {}
    errors: list[tuple[str | None, str]] = []
    ja = (get_language() or "en").startswith("ja")
    for c in criteria:
        value = scores.get(c.code)
        name = c.name_ja if ja else c.name_en
        if value is None:
            if complete:
                errors.append(
                    (f"score_{c.code}", _("Score “%(criterion)s” before submitting.") % {"criterion": name})
                )
            continue
        if not c.scale_min <= int(value) <= c.scale_max:
            errors.append(
                (
                    f"score_{c.code}",
                    _("The score of “%(criterion)s” must be between %(low)s and %(high)s.")
                    % {"criterion": name, "low": c.scale_min, "high": c.scale_max},
                )
            )
            continue
        clean[c.code] = int(value)
    unknown = set(scores) - {c.code for c in criteria}
    if unknown:
        errors.append(("scores", _("Unknown criteria: %(codes)s.") % {"codes": ", ".join(sorted(unknown))}))
    raise_all(errors)
    return clean


def score_errors(
    criteria: list[Criterion], scores: Mapping[str, int | None], *, complete: bool
) -> list[tuple[str | None, str]]:
    """Every refused score as ``(field, message)`` (none when all are right): the review form shows them
    with its own field errors, all at once."""
    try:
        _check_scores(criteria, scores, complete=complete)
    except FieldErrors as exc:
        return exc.errors
    except DomainError as exc:
        return [(exc.field, exc.message)]
    return []


@transaction.atomic
def save_review(
    *,
    actor: User,
    application_id: int,
    stage: str,
    scores: Mapping[str, int | None],
    comment: str = "",
    submit: bool = False,
) -> Review:
    """Save a member's draft scores of the application's current stage; ``submit`` locks the review and
    recomputes the stage result. A submitted review is never changed."""
    assignment = _assignment_of_member(actor, application_id)
    app = Application.objects.select_for_update(of=("self",)).get(pk=application_id)
    if stage not in STAGES:
        raise DomainError(_("This stage is not scored by the panel."), field="stage")
    if app.status != STAGES[stage].scored_in:
        raise DomainError(
            _("The application is not at this stage of screening (it is “%(status)s”).")
            % {"status": app.get_status_display()},
            field="stage",
        )
    criteria = criteria_of(app.intake_year, stage)
    if not criteria:
        raise DomainError(_("The year's approved guideline has no criteria for this stage."), field="stage")
    review, _created = Review.objects.select_for_update(of=("self",)).get_or_create(
        application=app, stage=stage, reviewer=actor
    )
    if review_locked(review):
        raise IllegalTransition(_("This review was submitted and is locked: it cannot be changed."))
    clean = _check_scores(criteria, scores, complete=submit)
    weighted = (
        _q(
            calibration.weighted(
                {k: float(v) for k, v in clean.items()}, {c.code: float(c.weight) for c in criteria}
            )
        )
        if len(clean) == len(criteria)
        else None
    )
    values = {"scores": clean, "comment": comment.strip(), "weighted": weighted}
    if submit:
        workflow.perform(REVIEWS, review, "submit", actor=actor, values=values)
    else:
        before = audit.snapshot(review, ["status", "scores", "weighted", "comment"])
        for name, value in values.items():
            setattr(review, name, value)
        review.save()
        audit.record(
            actor=actor,
            action="screening.review.save",
            obj=review,
            organisation=app.mission_id,
            person=app.person_id,
            changes=audit.diff(before, audit.snapshot(review, ["status", "scores", "weighted", "comment"])),
        )
    if submit:
        recompute(application_id=app.pk, stage=stage, panel_id=assignment.panel_id)
    return review


def recompute(*, application_id: int, stage: str, panel_id: int) -> StageResult:
    """The stage result of one application from its submitted reviews, then the panel's z-scores."""
    values = [
        float(w)
        for w in Review.objects.filter(
            application_id=application_id, stage=stage, status=ReviewStatus.SUBMITTED
        ).values_list("weighted", flat=True)
        if w is not None
    ]
    summary = calibration.summarise(values)
    result, _created = StageResult.objects.select_for_update(of=("self",)).get_or_create(
        application_id=application_id, stage=stage
    )
    result.mean = _q(summary.mean) if summary else None
    result.spread = _q(summary.spread) if summary else None
    result.save(update_fields=["mean", "spread", "updated_at"])
    recalibrate(panel_id=panel_id, stage=stage)
    result.refresh_from_db()
    return result


def recalibrate(*, panel_id: int, stage: str) -> None:
    """The z-score of every final score of the panel at this stage (one query to read, one to write)."""
    results = list(
        StageResult.objects.select_for_update(of=("self",)).filter(
            application__assignment__panel_id=panel_id, stage=stage
        )
    )
    scored = [r for r in results if r.final is not None]
    zs = {c.key: c.z for c in calibration.z_scores([calibration.Score(r.pk, float(r.final)) for r in scored])}
    for r in results:
        r.z_score = zs.get(r.pk)
    StageResult.objects.bulk_update(results, ["z_score"])


@transaction.atomic
def resolve(*, actor: User, application_id: int, stage: str, score: Decimal | None, note: str) -> StageResult:
    """The chair's (or the mission staff's) resolved score where members disagree; None clears it."""
    assignment = Assignment.objects.select_related("panel").filter(application_id=application_id).first()
    if assignment is None or not can_resolve(scope_of(actor), assignment.panel):
        raise PermissionDenied(_("Only the panel's chair or the mission's staff may resolve a score."))
    if Conflict.objects.filter(user=actor, application_id=application_id).exists():
        raise PermissionDenied(_("You declared a conflict of interest with this application."))
    result = (
        StageResult.objects.select_for_update(of=("self",))
        .filter(application_id=application_id, stage=stage)
        .first()
    )
    if result is None or result.mean is None:
        raise DomainError(_("No submitted review yet: there is nothing to resolve."), field="score")
    note = note.strip()
    if score is not None:
        criteria = criteria_of(assignment.application.intake_year, stage)
        low = min((c.scale_min for c in criteria), default=0)
        high = max((c.scale_max for c in criteria), default=100)
        if not low <= score <= high:
            raise DomainError(
                _("The score must be between %(low)s and %(high)s.") % {"low": low, "high": high},
                field="score",
            )
        if not note:
            raise DomainError(_("Say why the score was resolved."), field="note")
    before = audit.snapshot(result, ["resolved", "resolution_note", "resolved_by"])
    result.resolved = _q(score) if score is not None else None
    result.resolution_note = note[:500] if score is not None else ""
    result.resolved_by = actor if score is not None else None
    result.save(update_fields=["resolved", "resolution_note", "resolved_by", "updated_at"])
    audit.record(
        actor=actor,
        action="screening.stage_result.resolve",
        obj=result,
        organisation=assignment.panel.mission_id,
        person=assignment.application.person_id,
        changes=audit.diff(before, audit.snapshot(result, ["resolved", "resolution_note", "resolved_by"])),
    )
    recalibrate(panel_id=assignment.panel_id, stage=stage)
    result.refresh_from_db()
    return result
