"""JETAA support's records: the year's policy and budget, the missions' envelopes, the chapters' plans and
their project lines, the missions' execution plans, HQ's assessment, support committed and paid, the
chapters' reports, the missions' evaluations and HQ's evaluation of each mission's year.

Amounts are whole yen (``*_yen``); a line asked in local currency keeps the amount and the rate used."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.files.storage import Storage
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from jetpm.applications.models import private_storage
from jetpm.core.models import Organisation
from jetpm.core.states import OrgKind
from jetpm.jetaa.states import (
    OUTCOME,
    Category,
    ChapterPlanStatus,
    Decision,
    Effect,
    ExecutionPlanStatus,
    LineStatus,
    PolicyStatus,
    Rating,
)

_USER = settings.AUTH_USER_MODEL


def _private_storage() -> Storage:
    return private_storage  # type: ignore[return-value]  # a lazy proxy of a FileSystemStorage


def _by(verbose: Any) -> models.ForeignKey:  # type: ignore[type-arg]
    return models.ForeignKey(
        _USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=verbose
    )


class SupportYear(models.Model):
    """One version of a fiscal year's JETAA support guidelines and assessment policy (査定方針), as data: the
    national budget, caps per category and per participant, priorities, ineligible costs, and the windows of
    the year's calendar. HQ (MOFA) drafts and approves it; an approved version is never edited — a revision
    is a new version that supersedes it (and points to it)."""

    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    previous = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="revision",
        verbose_name=_("revises"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=PolicyStatus.choices, default=PolicyStatus.DRAFT
    )
    national_budget_yen = models.PositiveBigIntegerField(_("national budget (yen)"))
    # caps: {category: yen} — the most one project line of that category may be approved for
    category_caps = models.JSONField(_("caps per category (yen)"), default=dict, blank=True)
    cap_per_participant_yen = models.PositiveIntegerField(
        _("cap per expected participant (yen)"), null=True, blank=True
    )
    priorities = models.TextField(_("priorities"), blank=True)
    ineligible_costs = models.TextField(_("ineligible costs"), blank=True)
    guidelines = models.TextField(_("guidelines"), blank=True)
    revision_note = models.TextField(_("what changed from last year"), blank=True)
    # the year's calendar (each window inclusive)
    chapter_plans_from = models.DateField(_("chapters' plans from"))
    chapter_plans_until = models.DateField(_("chapters' plans until"))
    mission_plans_from = models.DateField(_("missions' plans from"))
    mission_plans_until = models.DateField(_("missions' plans until"))
    assessment_from = models.DateField(_("assessment from"))
    assessment_until = models.DateField(_("assessment until"))
    reports_until = models.DateField(_("reports until"))
    evaluations_until = models.DateField(_("evaluations until"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = _by(_("created by"))
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = _by(_("approved by"))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-fiscal_year", "-version"]
        verbose_name = _("JETAA support policy of the year")
        verbose_name_plural = _("JETAA support policies of the year")
        constraints = [
            models.UniqueConstraint(fields=["fiscal_year", "version"], name="jetaa_year_version_unique"),
            models.UniqueConstraint(
                fields=["fiscal_year"],
                condition=Q(status=PolicyStatus.APPROVED),
                name="jetaa_year_one_approved",
            ),
            models.CheckConstraint(
                name="jetaa_year_windows_ordered",
                condition=Q(chapter_plans_until__gte=F("chapter_plans_from"))
                & Q(mission_plans_until__gte=F("mission_plans_from"))
                & Q(assessment_until__gte=F("assessment_from")),
            ),
        ]

    def __str__(self) -> str:
        from jetpm.core.calendar import fiscal_year_label

        return str(
            _("JETAA support %(year)s (version %(version)s)")
            % {"year": fiscal_year_label(self.fiscal_year), "version": self.version}
        )


class MissionEnvelope(models.Model):
    """A mission's share of the year's national budget for JETAA support, set by HQ: what HQ's assessment
    may approve for that mission's plan in total."""

    mission = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="jetaa_envelopes",
        limit_choices_to={"kind": OrgKind.MISSION},
        verbose_name=_("mission"),
    )
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    amount_yen = models.PositiveBigIntegerField(_("envelope (yen)"))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = _by(_("updated by"))

    class Meta:
        ordering = ["fiscal_year", "mission__code"]
        verbose_name = _("mission envelope")
        verbose_name_plural = _("mission envelopes")
        constraints = [
            models.UniqueConstraint(fields=["mission", "fiscal_year"], name="jetaa_envelope_once"),
        ]

    def __str__(self) -> str:
        return f"{self.mission} FY{self.fiscal_year}"


class ExecutionPlan(models.Model):
    """A mission's annual execution plan for JETAA support (年間執行計画): the chapters' plans it includes,
    its own requests to JETAA (PR, screening, orientation help) and its contact arrangements with the
    chapters and individual alumni; submitted to HQ, which assesses its lines."""

    mission = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="jetaa_execution_plans",
        limit_choices_to={"kind": OrgKind.MISSION},
        verbose_name=_("mission"),
    )
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    status = models.CharField(
        _("status"), max_length=20, choices=ExecutionPlanStatus.choices, default=ExecutionPlanStatus.DRAFT
    )
    requests_to_jetaa = models.TextField(_("the mission's requests to JETAA"), blank=True)
    contact_arrangements = models.TextField(_("contact arrangements with chapters and alumni"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = _by(_("submitted by"))
    assessed_at = models.DateTimeField(_("assessed at"), null=True, blank=True)
    assessed_by = _by(_("assessed by"))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-fiscal_year", "mission__code"]
        verbose_name = _("execution plan")
        verbose_name_plural = _("execution plans")
        constraints = [
            models.UniqueConstraint(fields=["mission", "fiscal_year"], name="jetaa_execution_plan_once"),
        ]

    def __str__(self) -> str:
        from jetpm.core.calendar import fiscal_year_label

        return str(
            _("Execution plan of %(mission)s, %(year)s")
            % {"mission": self.mission, "year": fiscal_year_label(self.fiscal_year)}
        )


class ChapterPlan(models.Model):
    """A chapter's annual project plan asking for support, sent to its mission (the mission of the chapter's
    country): draft → submitted → included in the mission's execution plan, or returned with a reason (and
    submitted again). A chapter has one plan a year, so it is in exactly one mission's plan."""

    chapter = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="jetaa_plans",
        limit_choices_to={"kind": OrgKind.JETAA_CHAPTER},
        verbose_name=_("JETAA chapter"),
    )
    mission = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="jetaa_chapter_plans",
        limit_choices_to={"kind": OrgKind.MISSION},
        verbose_name=_("mission"),
    )
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    execution_plan = models.ForeignKey(
        ExecutionPlan,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="chapter_plans",
        verbose_name=_("execution plan"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ChapterPlanStatus.choices, default=ChapterPlanStatus.DRAFT
    )
    notes = models.TextField(_("notes"), blank=True)
    return_reason = models.TextField(_("reason for returning"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = _by(_("submitted by"))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-fiscal_year", "chapter__code"]
        verbose_name = _("chapter plan")
        verbose_name_plural = _("chapter plans")
        constraints = [
            models.UniqueConstraint(fields=["chapter", "fiscal_year"], name="jetaa_chapter_plan_once"),
        ]
        indexes = [models.Index(fields=["mission", "fiscal_year"], name="jetaa_cplan_mission_fy_idx")]

    def __str__(self) -> str:
        from jetpm.core.calendar import fiscal_year_label

        return str(
            _("Plan of %(chapter)s, %(year)s")
            % {"chapter": self.chapter, "year": fiscal_year_label(self.fiscal_year)}
        )


class ProjectLine(models.Model):
    """One project a chapter asks support for: its category, title, dates, place, expected participants and
    the amount asked (in local currency with the rate used, and in yen). HQ assesses it (approve, reduce,
    reject); a change after submission is a new version (``previous``) assessed again. ``carried_from`` is
    last year's line it continues, so its evaluation shows beside it."""

    plan = models.ForeignKey(
        ChapterPlan, on_delete=models.CASCADE, related_name="lines", verbose_name=_("chapter plan")
    )
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    place = models.CharField(_("place"), max_length=200)
    expected_participants = models.PositiveIntegerField(_("expected participants"))
    currency = models.CharField(_("currency"), max_length=3, default="JPY")
    amount_local = models.DecimalField(_("amount asked (local currency)"), max_digits=14, decimal_places=2)
    rate_to_yen = models.DecimalField(_("rate used (yen per unit)"), max_digits=12, decimal_places=4)
    requested_yen = models.PositiveBigIntegerField(_("amount asked (yen)"))
    budget_breakdown = models.TextField(_("budget lines"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=LineStatus.choices, default=LineStatus.PENDING
    )
    approved_yen = models.PositiveBigIntegerField(_("approved (yen)"), default=0)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    previous = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="revisions",
        verbose_name=_("revises"),
    )
    change_reason = models.TextField(_("reason for the change"), blank=True)
    carried_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="carried_to",
        verbose_name=_("continues last year's project"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["plan", "starts_on", "id"]
        verbose_name = _("project line")
        verbose_name_plural = _("project lines")
        constraints = [
            models.CheckConstraint(name="jetaa_line_dates_ordered", condition=Q(ends_on__gte=F("starts_on"))),
            models.CheckConstraint(name="jetaa_line_amount_positive", condition=Q(amount_local__gt=0)),
            models.CheckConstraint(name="jetaa_line_rate_positive", condition=Q(rate_to_yen__gt=0)),
            models.CheckConstraint(
                name="jetaa_line_approved_within_requested", condition=Q(approved_yen__lte=F("requested_yen"))
            ),
            models.CheckConstraint(
                name="jetaa_line_approved_only_when_supported",
                condition=Q(status__in=["approved", "reduced"]) | Q(approved_yen=0),
            ),
        ]
        indexes = [models.Index(fields=["plan", "status"], name="jetaa_line_plan_status_idx")]

    def __str__(self) -> str:
        return self.title


class Assessment(models.Model):
    """HQ's decision on one version of a project line: approve, reduce (with the amount) or reject, with the
    reason (required when reducing or rejecting). Never edited: a changed line is assessed afresh."""

    line = models.OneToOneField(
        ProjectLine, on_delete=models.CASCADE, related_name="assessment", verbose_name=_("project line")
    )
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    approved_yen = models.PositiveBigIntegerField(_("approved (yen)"))
    reason = models.TextField(_("reason"), blank=True)
    assessed_at = models.DateTimeField(_("assessed at"))
    assessed_by = _by(_("assessed by"))

    class Meta:
        ordering = ["line"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        constraints = [
            models.CheckConstraint(
                name="jetaa_assessment_reason_unless_approved",
                condition=Q(decision="approve") | ~Q(reason=""),
            ),
            models.CheckConstraint(
                name="jetaa_assessment_reject_is_zero", condition=~Q(decision="reject") | Q(approved_yen=0)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.line} — {self.get_decision_display()}"

    def get_outcome_display(self) -> str:
        """The decision as what it made of the line: Approved, Reduced, Rejected."""
        return str(OUTCOME[Decision(self.decision)].label)


class Commitment(models.Model):
    """Support the mission commits to a supported project (an order, an agreement): together no more than
    the line's approved amount."""

    line = models.ForeignKey(
        ProjectLine, on_delete=models.PROTECT, related_name="commitments", verbose_name=_("project line")
    )
    amount_yen = models.PositiveBigIntegerField(_("amount committed (yen)"))
    committed_on = models.DateField(_("committed on"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    recorded_by = _by(_("recorded by"))

    class Meta:
        ordering = ["line", "committed_on", "id"]
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        constraints = [
            models.CheckConstraint(name="jetaa_commitment_positive", condition=Q(amount_yen__gt=0))
        ]

    def __str__(self) -> str:
        return f"{self.line} ¥{self.amount_yen:,}"


class Payment(models.Model):
    """Money paid out against a commitment (with the receipt's reference): together no more than the
    commitment. A payment in local currency keeps the amount and the rate used."""

    commitment = models.ForeignKey(
        Commitment, on_delete=models.PROTECT, related_name="payments", verbose_name=_("commitment")
    )
    amount_yen = models.PositiveBigIntegerField(_("amount paid (yen)"))
    currency = models.CharField(_("currency"), max_length=3, default="JPY")
    amount_local = models.DecimalField(
        _("amount paid (local currency)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    rate_to_yen = models.DecimalField(
        _("rate used (yen per unit)"), max_digits=12, decimal_places=4, null=True, blank=True
    )
    paid_on = models.DateField(_("paid on"))
    receipt_reference = models.CharField(_("receipt reference"), max_length=100, blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    recorded_by = _by(_("recorded by"))

    class Meta:
        ordering = ["commitment", "paid_on", "id"]
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        constraints = [models.CheckConstraint(name="jetaa_payment_positive", condition=Q(amount_yen__gt=0))]

    def __str__(self) -> str:
        return f"{self.commitment.line} ¥{self.amount_yen:,} ({self.paid_on:%Y-%m-%d})"


class ProjectReport(models.Model):
    """The chapter's report on a supported project it carried out: when it was held, how many took part,
    the participants' impressions and the expenses."""

    line = models.OneToOneField(
        ProjectLine, on_delete=models.PROTECT, related_name="report", verbose_name=_("project line")
    )
    held_on = models.DateField(_("held on"))
    participants = models.PositiveIntegerField(_("participants"))
    impressions = models.TextField(_("participants' impressions"))
    expenses_yen = models.PositiveBigIntegerField(_("expenses (yen)"))
    expenses_note = models.TextField(_("expenses in detail"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"))
    submitted_by = _by(_("submitted by"))

    class Meta:
        ordering = ["line"]
        verbose_name = _("project report")
        verbose_name_plural = _("project reports")

    def __str__(self) -> str:
        return str(_("Report: %(project)s") % {"project": self.line})


class ReportPhoto(models.Model):
    """A photo of a project attached to its report: checked by content (JPEG/PNG), stored outside static
    files, served only through a permission-checked view."""

    report = models.ForeignKey(
        ProjectReport, on_delete=models.CASCADE, related_name="photos", verbose_name=_("report")
    )
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    file = models.FileField(_("file"), upload_to="jetaa/%Y/%m/", storage=_private_storage)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=40)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    uploaded_by = _by(_("uploaded by"))

    class Meta:
        ordering = ["report", "id"]
        verbose_name = _("report photo")
        verbose_name_plural = _("report photos")

    def __str__(self) -> str:
        return self.caption or self.original_name


class MissionEvaluation(models.Model):
    """The mission's evaluation of one supported project once reported: its effect, and whether support
    next year is warranted (carried onto next year's plan lines), with the reason."""

    line = models.OneToOneField(
        ProjectLine, on_delete=models.PROTECT, related_name="evaluation", verbose_name=_("project line")
    )
    effect = models.CharField(_("effect"), max_length=10, choices=Effect.choices)
    comment = models.TextField(_("comment"), blank=True)
    support_next_year = models.BooleanField(_("support next year warranted"))
    reason = models.TextField(_("reason"))
    evaluated_at = models.DateTimeField(_("evaluated at"))
    evaluated_by = _by(_("evaluated by"))

    class Meta:
        ordering = ["line"]
        verbose_name = _("mission's evaluation")
        verbose_name_plural = _("missions' evaluations")

    def __str__(self) -> str:
        return f"{self.line} — {self.get_effect_display()}"


class HQEvaluation(models.Model):
    """HQ's evaluation of a mission's year of JETAA support, for effectiveness and efficiency (cost per
    participant, outcomes by category, against the plan)."""

    execution_plan = models.OneToOneField(
        ExecutionPlan,
        on_delete=models.PROTECT,
        related_name="hq_evaluation",
        verbose_name=_("execution plan"),
    )
    effectiveness = models.CharField(_("effectiveness"), max_length=10, choices=Rating.choices)
    efficiency = models.CharField(_("efficiency"), max_length=10, choices=Rating.choices)
    comment = models.TextField(_("comment"))
    evaluated_at = models.DateTimeField(_("evaluated at"))
    evaluated_by = _by(_("evaluated by"))

    class Meta:
        ordering = ["execution_plan"]
        verbose_name = _("HQ's evaluation")
        verbose_name_plural = _("HQ's evaluations")

    def __str__(self) -> str:
        return str(_("HQ's evaluation of %(plan)s") % {"plan": self.execution_plan})
