"""Screening (選考): the missions' panels, conflicts of interest, reviews against the year's criteria,
interviews, Japanese tests and the missions' reports to HQ."""

from __future__ import annotations

from datetime import UTC

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from jetpm.applications.models import Application
from jetpm.core.models import Organisation, User
from jetpm.core.states import JobType, OrgKind
from jetpm.screening.states import InterviewMode, MemberKind, ReportStatus, ReviewStatus, Stage


class Panel(models.Model):
    """A mission's screening panel for an intake year: staff plus external members."""

    mission = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="panels",
        limit_choices_to={"kind": OrgKind.MISSION},
        verbose_name=_("mission"),
    )
    intake_year = models.PositiveSmallIntegerField(_("intake fiscal year"))
    name = models.CharField(_("name"), max_length=200)
    job_type = models.CharField(_("job type"), max_length=3, choices=JobType.choices, blank=True)
    chair = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("chair")
    )
    disagreement_threshold = models.DecimalField(
        _("disagreement threshold (points of the weighted score)"), max_digits=5, decimal_places=2, default=1
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["mission", "-intake_year", "name"]
        verbose_name = _("panel")
        verbose_name_plural = _("panels")
        constraints = [
            models.UniqueConstraint(fields=["mission", "intake_year", "name"], name="panel_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class PanelMember(models.Model):
    panel = models.ForeignKey(
        Panel, on_delete=models.CASCADE, related_name="members", verbose_name=_("panel")
    )
    user = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="panel_seats", verbose_name=_("user")
    )
    kind = models.CharField(_("kind of member"), max_length=20, choices=MemberKind.choices)

    class Meta:
        ordering = ["panel", "user__username"]
        verbose_name = _("panel member")
        verbose_name_plural = _("panel members")
        constraints = [models.UniqueConstraint(fields=["panel", "user"], name="panel_member_unique")]

    def __str__(self) -> str:
        return f"{self.panel}: {self.user}"


class Assignment(models.Model):
    """An application screened by a panel (one panel per application)."""

    panel = models.ForeignKey(
        Panel, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("panel")
    )
    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="assignment", verbose_name=_("application")
    )
    assigned_at = models.DateTimeField(_("assigned"), auto_now_add=True)

    class Meta:
        verbose_name = _("panel assignment")
        verbose_name_plural = _("panel assignments")

    def __str__(self) -> str:
        return f"{self.application} → {self.panel}"


class Conflict(models.Model):
    """A member's declared conflict of interest: they never see that application again."""

    user = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="conflicts", verbose_name=_("member")
    )
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="conflicts", verbose_name=_("application")
    )
    reason = models.CharField(_("reason"), max_length=300)
    declared_at = models.DateTimeField(_("declared"), auto_now_add=True)

    class Meta:
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        constraints = [models.UniqueConstraint(fields=["user", "application"], name="conflict_unique")]

    def __str__(self) -> str:
        return f"{self.user} ✕ {self.application}"


class Review(models.Model):
    """One member's scores of one application at one stage, against the year's criteria. Saved as a draft,
    then submitted and locked."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="reviews", verbose_name=_("application")
    )
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices)
    reviewer = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="reviews", verbose_name=_("reviewer")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.DRAFT
    )
    scores = models.JSONField(_("scores"), default=dict, blank=True)  # criterion code → score
    weighted = models.DecimalField(_("weighted score"), max_digits=7, decimal_places=3, null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)

    class Meta:
        ordering = ["application", "stage", "reviewer_id"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [
            models.UniqueConstraint(fields=["application", "stage", "reviewer"], name="review_unique"),
            models.CheckConstraint(
                name="review_submitted_has_score",
                condition=~Q(status=ReviewStatus.SUBMITTED) | Q(weighted__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application} {self.stage} {self.reviewer}"


class StageResult(models.Model):
    """The panel's result of one application at one stage: the weighted mean of the members' submitted
    reviews, the chair's resolution where they disagree, and the score calibrated within the panel."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="stage_results", verbose_name=_("application")
    )
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices)
    mean = models.DecimalField(_("weighted mean"), max_digits=7, decimal_places=3, null=True, blank=True)
    spread = models.DecimalField(
        _("spread (highest − lowest)"), max_digits=7, decimal_places=3, null=True, blank=True
    )
    resolved = models.DecimalField(
        _("score resolved by the chair"), max_digits=7, decimal_places=3, null=True, blank=True
    )
    resolved_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("resolved by")
    )
    resolution_note = models.CharField(_("note of the resolution"), max_length=500, blank=True)
    z_score = models.FloatField(_("z-score within the panel"), null=True, blank=True)
    passed = models.BooleanField(_("passed"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["application", "stage"]
        verbose_name = _("stage result")
        verbose_name_plural = _("stage results")
        constraints = [models.UniqueConstraint(fields=["application", "stage"], name="stage_result_unique")]

    def __str__(self) -> str:
        return f"{self.application} {self.stage}: {self.final}"

    @property
    def final(self):  # type: ignore[no-untyped-def]
        return self.resolved if self.resolved is not None else self.mean


class Interview(models.Model):
    """An interview slot given to one application, with the invitation sent to the applicant."""

    panel = models.ForeignKey(
        Panel, on_delete=models.CASCADE, related_name="interviews", verbose_name=_("panel")
    )
    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="interview", verbose_name=_("application")
    )
    starts_at = models.DateTimeField(_("starts"))
    minutes = models.PositiveSmallIntegerField(_("length (minutes)"), default=30)
    mode = models.CharField(_("mode"), max_length=20, choices=InterviewMode.choices)
    place = models.CharField(_("place or online link"), max_length=300)
    message = models.TextField(_("invitation message"), blank=True)
    invited_at = models.DateTimeField(_("invited"), null=True, blank=True)

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("interview")
        verbose_name_plural = _("interviews")
        indexes = [models.Index(fields=["panel", "starts_at"])]

    def __str__(self) -> str:
        """In the reader's language and local time (core/time_zones.py): "2027-GB-0001 20 Jan 2027, 10:00"."""
        return (
            f"{self.application} {date_format(timezone.localtime(self.starts_at), 'SHORT_DATETIME_FORMAT')}"
        )

    def audit_label(self) -> str:
        """As the audit log keeps it: the start in UTC, marked so, shown in each reader's language and local
        time (core/audit_labels.py)."""
        return f"{self.application} {self.starts_at.astimezone(UTC):%Y-%m-%d %H:%M} UTC"


class JapaneseTest(models.Model):
    """The result of a CIR candidate's Japanese test at the mission."""

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="japanese_test", verbose_name=_("application")
    )
    tested_on = models.DateField(_("tested on"))
    score = models.PositiveSmallIntegerField(_("score (0–100)"))
    passed = models.BooleanField(_("passed"))
    notes = models.CharField(_("notes"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )

    class Meta:
        verbose_name = _("Japanese test")
        verbose_name_plural = _("Japanese tests")
        constraints = [models.CheckConstraint(name="japanese_test_score_range", condition=Q(score__lte=100))]

    def __str__(self) -> str:
        return f"{self.application} {self.score}"


class MissionReport(models.Model):
    """A mission's screening report to HQ: the candidates it recommends, ranked per job type. Locked once
    submitted; a correction is a new version that supersedes it."""

    mission = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="screening_reports",
        limit_choices_to={"kind": OrgKind.MISSION},
        verbose_name=_("mission"),
    )
    intake_year = models.PositiveSmallIntegerField(_("intake fiscal year"))
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    status = models.CharField(
        _("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    supersedes = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
        verbose_name=_("supersedes"),
    )
    note = models.TextField(_("note to HQ"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )

    class Meta:
        ordering = ["mission", "-intake_year", "-version"]
        verbose_name = _("screening report")
        verbose_name_plural = _("screening reports")
        constraints = [
            models.UniqueConstraint(
                fields=["mission", "intake_year", "version"], name="report_unique_version"
            ),
            models.UniqueConstraint(
                fields=["mission", "intake_year"],
                condition=Q(status=ReportStatus.SUBMITTED),
                name="report_one_submitted",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mission} {self.intake_year} v{self.version}"


class ReportEntry(models.Model):
    report = models.ForeignKey(
        MissionReport, on_delete=models.CASCADE, related_name="entries", verbose_name=_("report")
    )
    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="+", verbose_name=_("application")
    )
    job_type = models.CharField(_("job type"), max_length=3, choices=JobType.choices)
    rank = models.PositiveIntegerField(_("rank"))
    score = models.DecimalField(_("score"), max_digits=7, decimal_places=3)
    z_score = models.FloatField(_("z-score"), null=True, blank=True)

    class Meta:
        ordering = ["report", "job_type", "rank"]
        verbose_name = _("report entry")
        verbose_name_plural = _("report entries")
        constraints = [
            models.UniqueConstraint(fields=["report", "application"], name="report_entry_unique_application"),
            models.UniqueConstraint(fields=["report", "job_type", "rank"], name="report_entry_unique_rank"),
        ]

    def __str__(self) -> str:
        return f"{self.report} {self.job_type} #{self.rank} {self.application}"
