"""Choices of screening, and the one rule that ties its stages to the application's status (its workflows:
screening/workflows.py)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jetpm.applications.states import ApplicationStatus as A

# The stages and their criteria are the year's guideline's (planning): documents, interview, Japanese test.
from jetpm.planning.states import ScreeningStage as Stage


@dataclass(frozen=True)
class StageRule:
    """A stage scored by the panel: the application's status while it is scored there (and the mission's
    decision waits), and where the decision takes it."""

    stage: Stage
    scored_in: A
    passed: A
    failed: A


# The stage ↔ status rule, once: services, selectors and pages read it from here. Between the two stages,
# an application that passed the documents waits for its interview invitation (``INVITED_FROM``).
STAGES: dict[str, StageRule] = {
    Stage.DOCUMENTS: StageRule(Stage.DOCUMENTS, A.ELIGIBLE, A.DOCUMENT_SCREENED, A.NOT_RECOMMENDED),
    Stage.INTERVIEW: StageRule(Stage.INTERVIEW, A.INTERVIEW, A.RECOMMENDED, A.NOT_RECOMMENDED),
}
# Stages scored by panel members (the Japanese test is a result entered for CIR candidates).
REVIEWED_STAGES = tuple(Stage(s) for s in STAGES)
# The statuses in which an application waits at a stage the panel scores.
SCORING_STATUSES = frozenset(r.scored_in for r in STAGES.values())
# Invited to the interview from the status the documents' pass gives; the invitation moves it to the
# status in which the interview is scored.
INVITED_FROM = STAGES[Stage.DOCUMENTS].passed
INVITED_TO = STAGES[Stage.INTERVIEW].scored_in


def stage_for_status(status: str) -> Stage | None:
    """The stage scored while an application is in ``status`` (None between or after the stages)."""
    return next((Stage(r.stage) for r in STAGES.values() if r.scored_in == status), None)


def reviewed_stage(value: str | None) -> Stage:
    """A stage named by a page's parameter, the documents' when it names none that the panel scores."""
    return Stage(value) if value in STAGES else Stage.DOCUMENTS


def at_current_stage(prefix: str = "application__") -> Q:
    """Rows (reviews, results) of the stage their application is at now: ``prefix`` leads to the
    application from the row."""
    return reduce(or_, (Q(stage=r.stage, **{f"{prefix}status": r.scored_in}) for r in STAGES.values()))


class ReviewStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")


class MemberKind(models.TextChoices):
    STAFF = "staff", _("Mission staff")
    ALUMNUS = "alumnus", _("Alumnus (JET alumni)")
    EDUCATOR = "educator", _("Local educator")
    OTHER = "other", _("Other external member")


class InterviewMode(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted to HQ")
    SUPERSEDED = "superseded", _("Superseded")
