"""Placement runs (versioned; immutable once published), their placements, the manual decisions taken on
them, and participants who declined their placement."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jetpm.applications.models import Application
from jetpm.core.models import Organisation
from jetpm.placement.states import Action, RunMode, RunStatus, Source, UnplacedReason


class PlacementRun(models.Model):
    """One solution of one intake year. ``instance`` is what was solved (the engine's contract format,
    including the fixed placements' seats); ``result`` the engine's output; ``summary`` the engine's summary
    of the whole run's current assignment (engine and manual placements together)."""

    intake_year = models.PositiveSmallIntegerField(_("intake fiscal year"), db_index=True)
    version = models.PositiveSmallIntegerField(_("version"))
    mode = models.CharField(_("mode"), max_length=10, choices=RunMode.choices, default=RunMode.OPTIMAL)
    status = models.CharField(_("status"), max_length=12, choices=RunStatus.choices, default=RunStatus.DRAFT)
    supersedes = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name=_("corrects"),
    )
    instance = models.JSONField(_("instance"), default=dict, blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    warnings = models.JSONField(_("warnings"), default=list, blank=True)
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    progress_message = models.CharField(_("progress message"), max_length=200, blank=True)
    error = models.TextField(_("error"), blank=True)
    # Each start of the engine is a new attempt; the worker carrying it writes its sign of life every few
    # seconds. A running run whose worker went silent (killed, machine lost) is "stalled": it can be started
    # again, and a late answer of the old attempt is thrown away (services/runs.py).
    attempt = models.PositiveIntegerField(_("attempt"), default=0)
    heartbeat_at = models.DateTimeField(_("last sign of the worker"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-intake_year", "-version"]
        verbose_name = _("placement run")
        verbose_name_plural = _("placement runs")
        constraints = [
            models.UniqueConstraint(fields=["intake_year", "version"], name="placement_run_version"),
            models.UniqueConstraint(
                fields=["intake_year"],
                condition=models.Q(status="published"),
                name="placement_run_one_published",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.intake_year} v{self.version}"

    @property
    def warning_texts(self) -> list[str]:
        """The warnings in the reader's language."""
        from jetpm.placement.instance import render_message

        return [render_message(w) for w in self.warnings]


class Placement(models.Model):
    """One participant's place in a run: a contracting organisation, or none (unplaced, with the reason)."""

    run = models.ForeignKey(PlacementRun, on_delete=models.CASCADE, related_name="placements")
    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="placements", verbose_name=_("application")
    )
    contracting_org = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="placements",
        verbose_name=_("contracting organisation"),
    )
    position = models.CharField(_("position"), max_length=40, blank=True)
    prefecture_code = models.CharField(_("prefecture"), max_length=2, blank=True)
    choice = models.PositiveSmallIntegerField(
        _("preference met"), null=True, blank=True
    )  # 1–3; None unlisted
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.ENGINE)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    unplaced_reason = models.CharField(
        _("why unplaced"), max_length=20, choices=UnplacedReason.choices, blank=True
    )

    class Meta:
        ordering = ["run", "application__reference"]
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        constraints = [
            models.UniqueConstraint(fields=["run", "application"], name="placement_one_per_run"),
        ]
        indexes = [models.Index(fields=["run", "contracting_org"])]

    def __str__(self) -> str:
        return f"{self.application_id} → {self.contracting_org_id or '-'}"


class ManualDecision(models.Model):
    run = models.ForeignKey(PlacementRun, on_delete=models.CASCADE, related_name="decisions")
    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="+", verbose_name=_("application")
    )
    other = models.ForeignKey(
        Application,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("swapped with"),
    )
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    to_org = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("moved to"),
    )
    reason = models.CharField(_("reason"), max_length=500)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("manual decision")
        verbose_name_plural = _("manual decisions")

    def __str__(self) -> str:
        return f"{self.action} {self.application_id}"


class PlacementDecline(models.Model):
    """A participant declined their placement: it bars applying next year (see ``selectors``)."""

    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="placement_decline", verbose_name=_("application")
    )
    run = models.ForeignKey(PlacementRun, on_delete=models.PROTECT, related_name="declines")
    contracting_org = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("organisation")
    )
    position = models.CharField(_("position"), max_length=40, blank=True)
    declined_at = models.DateTimeField(_("declined"), auto_now_add=True)
    reason = models.CharField(_("reason"), max_length=500)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-declined_at"]
        verbose_name = _("declined placement")
        verbose_name_plural = _("declined placements")

    def __str__(self) -> str:
        return str(self.application_id)
