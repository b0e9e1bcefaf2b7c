"""Outreach records: a mission's PR activities of a fiscal year and its yearly self-evaluation."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from jetpm.core.states import OrgKind
from jetpm.outreach.states import ActivityKind, ActivityStatus, Audience, EvaluationStatus

if TYPE_CHECKING:
    from jetpm.core.models import Organisation


def mission_field(related_name: str) -> models.ForeignKey[Organisation, Organisation]:
    """The mission a record belongs to (an activity, a yearly report, an orientation)."""
    return models.ForeignKey(
        "core.Organisation",
        on_delete=models.PROTECT,
        related_name=related_name,
        limit_choices_to={"kind": OrgKind.MISSION},
        verbose_name=_("mission"),
    )


class OutreachActivity(models.Model):
    """One PR activity of a mission (募集・広報活動): planned, then done with its attendance."""

    mission = mission_field("outreach_activities")
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    kind = models.CharField(_("kind"), max_length=20, choices=ActivityKind.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=ActivityStatus.choices, default=ActivityStatus.PLANNED
    )
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200)
    audience = models.CharField(_("target audience"), max_length=30, choices=Audience.choices)
    audience_detail = models.CharField(_("audience (details)"), max_length=200, blank=True)
    alumni_involved = models.IntegerField(_("alumni involved"), default=0)
    attendance = models.IntegerField(_("attendance"), null=True, blank=True)
    cost_yen = models.IntegerField(_("cost (yen)"), default=0)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["mission", "date", "id"]
        verbose_name = _("outreach activity")
        verbose_name_plural = _("outreach activities")
        indexes = [models.Index(fields=["mission", "fiscal_year", "date"])]
        constraints = [
            models.CheckConstraint(
                name="outreach_activity_alumni_nonnegative", condition=Q(alumni_involved__gte=0)
            ),
            models.CheckConstraint(name="outreach_activity_cost_nonnegative", condition=Q(cost_yen__gte=0)),
            models.CheckConstraint(
                name="outreach_activity_attendance_nonnegative",
                condition=Q(attendance__isnull=True) | Q(attendance__gte=0),
            ),
            models.CheckConstraint(
                name="outreach_activity_attendance_only_when_done",
                condition=Q(status=ActivityStatus.DONE) | Q(attendance__isnull=True),
            ),
            models.CheckConstraint(
                name="outreach_activity_fiscal_year_sane", condition=Q(fiscal_year__gte=1987)
            ),
        ]

    def __str__(self) -> str:
        """In the reader's language: "Fair — Tokyo (7 Dec 2026)"."""
        return f"{self.get_kind_display()} — {self.place} ({date_format(self.date, 'SHORT_DATE_FORMAT')})"

    def audit_label(self) -> str:
        """As the audit log keeps it: the ISO date, shown in each reader's language (core/audit_labels.py)."""
        return f"{self.get_kind_display()} — {self.place} ({self.date.isoformat()})"


class MissionYearReport(models.Model):
    """What every yearly report of a mission shares (the outreach self-evaluation, the send-off evaluation):
    written as a draft, submitted to MOFA HQ, reviewed there with a comment. A report declares its
    ``mission = mission_field(...)``, its texts and its figures."""

    mission: Any
    text_fields: ClassVar[tuple[str, ...]]  # the texts the mission writes (saved while a draft)
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    status = models.CharField(
        _("status"), max_length=10, choices=EvaluationStatus.choices, default=EvaluationStatus.DRAFT
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    review_comment = models.TextField(_("MOFA's comment"), blank=True)
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True
        ordering = ["-fiscal_year", "mission"]

    def __str__(self) -> str:
        return f"{self.mission} FY{self.fiscal_year}"


class SelfEvaluation(MissionYearReport):
    """A mission's yearly self-evaluation of its outreach (seed ６．（１） Check), submitted to MOFA HQ.

    ``figures`` is the snapshot of the year's activities taken at submission; while a draft, the figures
    are computed live from the activities."""

    text_fields = ("what_worked", "what_did_not_work", "changes_next_year")
    mission = mission_field("outreach_evaluations")
    figures = models.JSONField(_("figures at submission"), default=dict, blank=True)
    what_worked = models.TextField(_("what worked"), blank=True)
    what_did_not_work = models.TextField(_("what did not work"), blank=True)
    changes_next_year = models.TextField(_("what to change next year"), blank=True)

    class Meta(MissionYearReport.Meta):
        verbose_name = _("outreach self-evaluation")
        verbose_name_plural = _("outreach self-evaluations")
        constraints = [
            models.UniqueConstraint(
                fields=["mission", "fiscal_year"], name="outreach_evaluation_unique_year"
            ),
            models.CheckConstraint(
                name="outreach_evaluation_submitted_has_date",
                condition=Q(status=EvaluationStatus.DRAFT) | Q(submitted_at__isnull=False),
            ),
            models.CheckConstraint(
                name="outreach_evaluation_reviewed_has_date",
                condition=~Q(status=EvaluationStatus.REVIEWED) | Q(reviewed_at__isnull=False),
            ),
            models.CheckConstraint(
                name="outreach_evaluation_fiscal_year_sane", condition=Q(fiscal_year__gte=1987)
            ),
        ]
