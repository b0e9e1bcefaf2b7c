"""Choices of outreach and the self-evaluation's transition table."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ActivityKind(models.TextChoices):
    """The PR methods of seed ６．（１）: sessions, fairs, advertisements, pamphlets…"""

    INFO_SESSION = "info_session", _("University information session")
    JOB_FAIR = "job_fair", _("Job fair")
    JAPAN_EVENT_BOOTH = "japan_event_booth", _("Booth at a Japan event")
    WEB_SNS = "web_sns", _("Web / social media campaign")
    ADVERTISEMENT = "advertisement", _("Newspaper / web advertisement")
    PAMPHLET = "pamphlet", _("Pamphlet distribution")


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    DONE = "done", _("Done")


class Audience(models.TextChoices):
    UNIVERSITY_STUDENTS = "university_students", _("University students")
    GRADUATES = "graduates", _("Recent graduates")
    TEACHERS = "teachers", _("Teachers")
    GENERAL_PUBLIC = "general_public", _("General public")
    ALUMNI_NETWORK = "alumni_network", _("Alumni network (JETAA)")
    OTHER = "other", _("Other (describe)")


class EvaluationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted to MOFA")
    REVIEWED = "reviewed", _("Reviewed by MOFA")


EVALUATION_EDITABLE = {EvaluationStatus.DRAFT}
