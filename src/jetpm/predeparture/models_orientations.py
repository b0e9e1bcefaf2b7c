"""The records of the missions' pre-departure orientations and receptions, the candidates' checklist (visa
paperwork as the contracting organisation or CLAIR reports it) and the send-off evaluation (the missions'
Entrance Check of screening and send-off, reviewed by MOFA)."""

from __future__ import annotations

from django.conf import settings
from django.core.files.storage import Storage
from django.db import models
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from jetpm.applications.models import private_storage
from jetpm.core.states import PersonKind
from jetpm.outreach.models import MissionYearReport, mission_field
from jetpm.predeparture.orientations.states import (
    Attendance,
    EventKind,
    EventStatus,
    MaterialLanguage,
    VisaStatus,
)

__all__ = [
    "CandidateChecklist",
    "OrientationEvent",
    "OrientationInvitation",
    "OrientationMaterial",
    "OrientationSpeaker",
    "SendoffEvaluation",
]


def _private_storage() -> Storage:
    return private_storage  # type: ignore[return-value]  # a lazy proxy of a FileSystemStorage


class OrientationEvent(models.Model):
    """A mission's pre-departure orientation or reception for the candidates of an intake year."""

    mission = mission_field("orientation_events")
    intake_year = models.PositiveSmallIntegerField(_("intake fiscal year"))
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=EventStatus.choices, default=EventStatus.PLANNED
    )
    title = models.CharField(_("title"), max_length=200)
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200)
    # the departure group the event is for (its members are invited together); None: every candidate
    departure_group = models.ForeignKey(
        "predeparture.DepartureGroup",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="orientation_events",
        verbose_name=_("departure group"),
    )
    # a group named in words before events were tied to departure groups (kept when it matched none)
    group_label = models.CharField(_("group (as written before)"), max_length=100, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=500, blank=True)
    held_at = models.DateTimeField(_("marked as held"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["mission", "date", "id"]
        verbose_name = _("orientation or reception")
        verbose_name_plural = _("orientations and receptions")
        indexes = [models.Index(fields=["mission", "intake_year", "date"])]
        constraints = [
            models.CheckConstraint(
                name="orientation_event_intake_year_sane", condition=Q(intake_year__gte=1987)
            ),
        ]

    def __str__(self) -> str:
        """In the reader's language: "Pre-departure orientation (7 Dec 2026)"."""
        return f"{self.title} ({date_format(self.date, 'SHORT_DATE_FORMAT')})"

    def audit_label(self) -> str:
        """As the audit log keeps it: the ISO date, shown in each reader's language (core/audit_labels.py)."""
        return f"{self.title} ({self.date.isoformat()})"


class OrientationInvitation(models.Model):
    """A candidate invited to an event: their attendance (recorded by the mission) and their feedback."""

    event = models.ForeignKey(
        OrientationEvent, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("event")
    )
    application = models.ForeignKey(
        "applications.Application",
        on_delete=models.PROTECT,
        related_name="orientation_invitations",
        verbose_name=_("application"),
    )
    status = models.CharField(
        _("attendance"), max_length=10, choices=Attendance.choices, default=Attendance.INVITED
    )
    invited_at = models.DateTimeField(_("invited"), auto_now_add=True)
    attendance_at = models.DateTimeField(_("attendance recorded"), null=True, blank=True)
    feedback_rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)
    feedback_comment = models.TextField(_("comment"), blank=True)
    feedback_at = models.DateTimeField(_("feedback given"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["event", "application__reference"]
        verbose_name = _("orientation invitation")
        verbose_name_plural = _("orientation invitations")
        constraints = [
            models.UniqueConstraint(fields=["event", "application"], name="orientation_invitation_once"),
            models.CheckConstraint(
                name="orientation_feedback_rating_range",
                condition=Q(feedback_rating__isnull=True) | Q(feedback_rating__gte=1, feedback_rating__lte=5),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event} — {self.application_id}"

    def audit_label(self) -> str:
        return f"{self.event.audit_label()} — {self.application_id}"


class OrientationMaterial(models.Model):
    """A document handed out at an event, in Japanese or English: checked by content, stored outside static
    files, served only through a permission-checked view."""

    event = models.ForeignKey(
        OrientationEvent, on_delete=models.CASCADE, related_name="materials", verbose_name=_("event")
    )
    language = models.CharField(_("language"), max_length=2, choices=MaterialLanguage.choices)
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to="predeparture/%Y/%m/", storage=_private_storage)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=40)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )

    class Meta:
        ordering = ["event", "language", "title"]
        verbose_name = _("orientation material")
        verbose_name_plural = _("orientation materials")

    def __str__(self) -> str:
        return self.title


class OrientationSpeaker(models.Model):
    """An alumnus who speaks at an event (core Person of kind alumnus)."""

    event = models.ForeignKey(
        OrientationEvent, on_delete=models.CASCADE, related_name="speakers", verbose_name=_("event")
    )
    person = models.ForeignKey(
        "core.Person",
        on_delete=models.PROTECT,
        related_name="orientation_talks",
        limit_choices_to={"kind": PersonKind.ALUMNUS},
        verbose_name=_("speaker"),
    )
    topic = models.CharField(_("topic"), max_length=200)

    class Meta:
        ordering = ["event", "id"]
        verbose_name = _("orientation speaker")
        verbose_name_plural = _("orientation speakers")
        constraints = [
            models.UniqueConstraint(fields=["event", "person"], name="orientation_speaker_once"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} — {self.topic}"


class CandidateChecklist(models.Model):
    """A candidate's pre-departure checklist: the visa paperwork as the contracting organisation or CLAIR
    reports it (documents and certificates still due are read from the application)."""

    application = models.OneToOneField(
        "applications.Application",
        on_delete=models.PROTECT,
        related_name="checklist",
        verbose_name=_("application"),
    )
    visa_status = models.CharField(
        _("visa paperwork"), max_length=20, choices=VisaStatus.choices, default=VisaStatus.NOT_STARTED
    )
    visa_note = models.CharField(_("note on the visa paperwork"), max_length=500, blank=True)
    visa_updated_at = models.DateTimeField(_("visa paperwork reported"), null=True, blank=True)
    visa_updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reported by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["application__reference"]
        verbose_name = _("pre-departure checklist")
        verbose_name_plural = _("pre-departure checklists")

    def __str__(self) -> str:
        return f"{self.application_id}"


class SendoffEvaluation(MissionYearReport):
    """A mission's yearly self-evaluation of screening and send-off (the Entrance Check), submitted to MOFA
    HQ and reviewed side by side with the other missions'.

    ``figures`` is the snapshot of the year's orientations taken at submission (live while a draft);
    ``desk_figures`` is the Q&A desk's figures, left for the support desk to fill (docs/architecture.md)."""

    text_fields = (
        "screening_schedule",
        "screening_venue",
        "screening_content",
        "screening_criteria",
        "sendoff_schedule",
        "sendoff_venue",
        "sendoff_content",
        "orientations_comment",
        "desk_comment",
        "changes_next_year",
    )
    mission = mission_field("sendoff_evaluations")
    screening_schedule = models.TextField(_("screening: schedule"), blank=True)
    screening_venue = models.TextField(_("screening: venue"), blank=True)
    screening_content = models.TextField(_("screening: content"), blank=True)
    screening_criteria = models.TextField(_("screening: criteria"), blank=True)
    sendoff_schedule = models.TextField(_("send-off: schedule"), blank=True)
    sendoff_venue = models.TextField(_("send-off: venue"), blank=True)
    sendoff_content = models.TextField(_("send-off: content"), blank=True)
    orientations_comment = models.TextField(_("orientations and receptions"), blank=True)
    desk_comment = models.TextField(_("Q&A desk"), blank=True)
    changes_next_year = models.TextField(_("what changes next year"), blank=True)
    figures = models.JSONField(_("orientation figures at submission"), default=dict, blank=True)
    desk_figures = models.JSONField(_("Q&A desk figures"), default=dict, blank=True)

    class Meta(MissionYearReport.Meta):
        verbose_name = _("send-off evaluation")
        verbose_name_plural = _("send-off evaluations")
        constraints = [
            models.UniqueConstraint(fields=["mission", "fiscal_year"], name="sendoff_evaluation_unique_year"),
            models.CheckConstraint(
                name="sendoff_evaluation_fiscal_year_sane", condition=Q(fiscal_year__gte=1987)
            ),
        ]
