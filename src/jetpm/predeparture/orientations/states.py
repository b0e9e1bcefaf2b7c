"""Choices of the orientations, the checklist's visa paperwork and the send-off evaluation."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from jetpm.outreach.states import EvaluationStatus


class EventKind(models.TextChoices):
    ORIENTATION = "orientation", _("Pre-departure orientation")
    RECEPTION = "reception", _("Reception")


class EventStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class Attendance(models.TextChoices):
    INVITED = "invited", _("Invited")
    ATTENDED = "attended", _("Attended")
    ABSENT = "absent", _("Absent")


class MaterialLanguage(models.TextChoices):
    JA = "ja", _("Japanese")
    EN = "en", _("English")


class VisaStatus(models.TextChoices):
    """The visa paperwork as the contracting organisation or CLAIR reports it: the Certificate of
    Eligibility (在留資格認定証明書) applied for, issued, then the visa."""

    NOT_STARTED = "not_started", _("Not started")
    COE_APPLIED = "coe_applied", _("Certificate of Eligibility applied for")
    COE_ISSUED = "coe_issued", _("Certificate of Eligibility issued")
    VISA_ISSUED = "visa_issued", _("Visa issued")


# The send-off evaluation is a yearly mission report (outreach.models.MissionYearReport): its statuses.
SendoffStatus = EvaluationStatus


# The applications whose candidates a mission prepares for departure: the offer accepted, or cleared for
# placement (placed candidates stay cleared).
CANDIDATE_STATUSES = ("accepted", "cleared")
FEEDBACK_RATINGS = (1, 2, 3, 4, 5)
