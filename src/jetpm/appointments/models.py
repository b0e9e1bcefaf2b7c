"""Participants and their yearly appointment terms (one term = one programme/fiscal year)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jetpm.appointments.states import TermStatus
from jetpm.core.models import Country, Language, Organisation, Person
from jetpm.core.states import JobType, OrgKind


class Participant(models.Model):
    """A person appointed on the programme: their programme number, cohort and recruiting country."""

    person = models.OneToOneField(
        Person, on_delete=models.PROTECT, related_name="participant", verbose_name=_("person")
    )
    jet_id = models.CharField(_("JET number"), max_length=20, unique=True)
    cohort_year = models.PositiveSmallIntegerField(_("cohort (fiscal year of first appointment)"))
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="+", verbose_name=_("recruiting country")
    )
    job_type = models.CharField(_("job type"), max_length=3, choices=JobType.choices)
    language = models.ForeignKey(
        Language,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("designated language"),
    )

    class Meta:
        ordering = ["jet_id"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        indexes = [models.Index(fields=["cohort_year"], name="participant_cohort_idx")]

    def __str__(self) -> str:
        return self.jet_id


class AppointmentTerm(models.Model):
    """One programme (fiscal) year of a participant's appointment. ``job_type`` and ``language`` are the
    year's own (the participant's are those of their latest term)."""

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="terms", verbose_name=_("participant")
    )
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    year_on_programme = models.PositiveSmallIntegerField(_("year on the programme"))
    contracting_org = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="appointment_terms",
        limit_choices_to={"kind": OrgKind.CONTRACTING_ORG},
        verbose_name=_("contracting organisation"),
    )
    job_type = models.CharField(_("job type"), max_length=3, choices=JobType.choices)
    language = models.ForeignKey(
        Language,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("designated language"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=TermStatus.choices, default=TermStatus.COMPLETED
    )

    class Meta:
        ordering = ["participant", "fiscal_year"]
        verbose_name = _("appointment term")
        verbose_name_plural = _("appointment terms")
        constraints = [
            models.UniqueConstraint(fields=["participant", "fiscal_year"], name="term_unique_per_year"),
            models.CheckConstraint(
                name="term_year_on_programme_positive", condition=Q(year_on_programme__gte=1)
            ),
        ]
        indexes = [
            models.Index(fields=["fiscal_year"], name="term_fiscal_year_idx"),
            models.Index(fields=["contracting_org", "fiscal_year"], name="term_co_year_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.participant_id} FY{self.fiscal_year}"
