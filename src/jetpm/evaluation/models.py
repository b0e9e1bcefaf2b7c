"""Evaluation records: the examination rules of a year (試験実施要領, versioned like the guideline), the
Council's findings of its next-year discussion and the changes each finding leads to in next year's
guideline, criteria or examination rules."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jetpm.core.models import User
from jetpm.evaluation.states import ChangeTarget, DocumentStatus, FindingSource, FindingStatus
from jetpm.planning.models import Criterion, Guideline


class ExaminationRules(models.Model):
    """The examination rules (試験実施要領) of an intake year: how the missions run the document screening,
    interviews and Japanese tests. A document of the year like the guideline: drafted by the agencies,
    approved by the Council; an approved version is corrected by a new version that supersedes it."""

    intake_year = models.PositiveSmallIntegerField(_("intake fiscal year"), db_index=True)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    status = models.CharField(
        _("status"), max_length=20, choices=DocumentStatus.choices, default=DocumentStatus.DRAFT
    )
    supersedes = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
        verbose_name=_("supersedes"),
    )
    text_ja = models.TextField(_("examination rules (Japanese)"), blank=True)
    text_en = models.TextField(_("examination rules (English)"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    approved_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("approved by")
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)

    class Meta:
        ordering = ["-intake_year", "-version"]
        verbose_name = _("examination rules")
        verbose_name_plural = _("examination rules")
        constraints = [
            models.UniqueConstraint(fields=["intake_year", "version"], name="exam_rules_unique_version"),
            models.UniqueConstraint(
                fields=["intake_year"],
                condition=Q(status=DocumentStatus.APPROVED),
                name="exam_rules_one_approved_per_year",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.intake_year} v{self.version}"


class Finding(models.Model):
    """One finding of the Council's discussion in fiscal year ``fiscal_year`` about the entrance, from a
    source (the PR reviews, the outcomes, fairness, the local governments' evaluations), carried into the
    documents of the intake year ``fiscal_year + 1`` by its :class:`FindingChange` s."""

    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year of the discussion"), db_index=True)
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("finding"))
    source = models.CharField(_("source"), max_length=20, choices=FindingSource.choices)
    source_link = models.CharField(_("link to the source"), max_length=500, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=FindingStatus.choices, default=FindingStatus.OPEN
    )
    withdraw_reason = models.CharField(_("reason for withdrawal"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("recorded by")
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    adopted_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("adopted by")
    )
    adopted_at = models.DateTimeField(_("adopted"), null=True, blank=True)

    class Meta:
        ordering = ["-fiscal_year", "pk"]
        verbose_name = _("Council finding")
        verbose_name_plural = _("Council findings")

    def __str__(self) -> str:
        return self.title

    @property
    def target_year(self) -> int:
        """The intake year whose documents the finding changes."""
        return self.fiscal_year + 1


class FindingChange(models.Model):
    """The change a finding leads to in next year's guideline, one of its criteria, or the examination
    rules (a draft when the link is made)."""

    finding = models.ForeignKey(
        Finding, on_delete=models.CASCADE, related_name="changes", verbose_name=_("finding")
    )
    target = models.CharField(_("changes"), max_length=20, choices=ChangeTarget.choices)
    guideline = models.ForeignKey(
        Guideline,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="finding_changes",
        verbose_name=_("guideline"),
    )
    criterion = models.ForeignKey(
        Criterion,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="finding_changes",
        verbose_name=_("criterion"),
    )
    criterion_label = models.CharField(_("criterion"), max_length=200, blank=True)
    examination_rules = models.ForeignKey(
        ExaminationRules,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="finding_changes",
        verbose_name=_("examination rules"),
    )
    change = models.TextField(_("the change"))
    created_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("linked by")
    )
    created_at = models.DateTimeField(_("linked"), auto_now_add=True)

    class Meta:
        ordering = ["finding", "pk"]
        verbose_name = _("change from a finding")
        verbose_name_plural = _("changes from findings")
        constraints = [
            models.CheckConstraint(
                name="finding_change_one_document",
                condition=(
                    Q(
                        target__in=[ChangeTarget.GUIDELINE, ChangeTarget.CRITERION],
                        guideline__isnull=False,
                        examination_rules__isnull=True,
                    )
                    | Q(
                        target=ChangeTarget.EXAMINATION_RULES,
                        guideline__isnull=True,
                        criterion__isnull=True,
                        examination_rules__isnull=False,
                    )
                ),
            ),
            models.CheckConstraint(
                name="finding_change_criterion_only_for_criteria",
                condition=Q(target=ChangeTarget.CRITERION) | Q(criterion__isnull=True, criterion_label=""),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.finding}: {self.get_target_display()}"
