"""Choices and transition tables of screening."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

# The stages and their criteria are the year's guideline's (planning): documents, interview, Japanese test.
from jetpm.planning.states import ScreeningStage as Stage

# Stages scored by panel members (the Japanese test is a result entered for CIR candidates).
REVIEWED_STAGES = (Stage.DOCUMENTS, Stage.INTERVIEW)


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
