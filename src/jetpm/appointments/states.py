"""Choices of appointments (their workflows: appointments/workflows.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TermStatus(models.TextChoices):
    SERVING = "serving", _("Serving")
    COMPLETED = "completed", _("Completed")
    RESIGNED = "resigned", _("Resigned")
    DISMISSED = "dismissed", _("Dismissed")


class Intention(models.TextChoices):
    CONTINUE = "continue", _("Wishes to continue")
    LEAVE = "leave", _("Will leave")


class Assessment(models.TextChoices):
    CAPABLE = "capable", _("Capable")
    ESPECIALLY_EXCELLENT = "especially_excellent", _("Especially excellent")
    NOT_REAPPOINTED = "not_reappointed", _("Not reappointed")


class DecisionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    DECIDED = "decided", _("Decided")


# A serving term ends early by resignation or dismissal (with a date and reason: TermEnding).
EARLY_ENDS = frozenset({TermStatus.RESIGNED, TermStatus.DISMISSED})


class TrainingKind(models.TextChoices):
    """The kinds of training after arrival (MEXT, CLAIR and the host organisations)."""

    ORIENTATION = "orientation", _("Post-arrival orientation")
    MID_YEAR = "mid_year", _("Mid-year seminar")
    PRE_RETURN = "pre_return", _("Pre-return seminar")
    JAPANESE_BEGINNER = "japanese_beginner", _("Japanese course (beginner)")
    JAPANESE_INTERMEDIATE = "japanese_intermediate", _("Japanese course (intermediate)")
    JAPANESE_ADVANCED = "japanese_advanced", _("Japanese course (advanced)")
    SKILL = "skill", _("Skill training")


class Attendance(models.TextChoices):
    ATTENDED = "attended", _("Attended")
    ABSENT = "absent", _("Absent")
    EXCUSED = "excused", _("Excused")
