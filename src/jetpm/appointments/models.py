"""Participants and their yearly appointment terms (one term = one programme/fiscal year)."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from jetpm.appointments.states import (
    Assessment,
    Attendance,
    DecisionStatus,
    Intention,
    TermStatus,
    TrainingKind,
)
from jetpm.core.models import Country, Language, Organisation, Person, User
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
    # Set by the retention purge (jetpm.core.purge): the free texts of the appointment are gone; the number,
    # cohort, country, job type and terms stay for the statistics.
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)

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
    # The term's dates (jetpm.appointments.term_dates): a first term runs from the day after arrival; empty
    # for history imported without dates.
    start_date = models.DateField(_("starts on"), null=True, blank=True)
    end_date = models.DateField(_("ends on"), null=True, blank=True)

    class Meta:
        ordering = ["participant", "fiscal_year"]
        verbose_name = _("appointment term")
        verbose_name_plural = _("appointment terms")
        constraints = [
            models.UniqueConstraint(fields=["participant", "fiscal_year"], name="term_unique_per_year"),
            models.CheckConstraint(
                name="term_year_on_programme_positive", condition=Q(year_on_programme__gte=1)
            ),
            models.CheckConstraint(
                name="term_ends_after_start",
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
            ),
        ]
        indexes = [
            models.Index(fields=["fiscal_year"], name="term_fiscal_year_idx"),
            models.Index(fields=["contracting_org", "fiscal_year"], name="term_co_year_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.participant_id} FY{self.fiscal_year}"


class ProgrammeYearRules(models.Model):
    """The reappointment round held in ``fiscal_year`` (deciding the terms of ``fiscal_year`` + 1): its
    decision window, the maximum term and the year's exception policy (e.g. the COVID-era extensions), and
    the assessment ladder: a reappointment into a year up to ``capable_until_year`` needs "capable", into a
    later year "especially excellent" (the seed: years 2–3 and 4–5)."""

    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year of the round"), unique=True)
    max_term_years = models.PositiveSmallIntegerField(_("maximum term (years)"), default=5)
    extension_allowed = models.BooleanField(_("extension beyond the maximum term allowed"), default=False)
    extension_max_years = models.PositiveSmallIntegerField(_("maximum term with the extension"), default=7)
    capable_until_year = models.PositiveSmallIntegerField(
        _("last year on the programme for which “capable” suffices"), default=3
    )
    decisions_open = models.DateField(_("decisions open"))
    decisions_close = models.DateField(_("decisions close"))
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-fiscal_year"]
        verbose_name = _("programme year rules")
        verbose_name_plural = _("programme year rules")
        constraints = [
            models.CheckConstraint(
                name="pyrules_window_ordered", condition=Q(decisions_open__lte=models.F("decisions_close"))
            ),
        ]

    def __str__(self) -> str:
        return f"FY{self.fiscal_year}"


class ReappointmentDecision(models.Model):
    """The reappointment (再任用) of the participant serving ``term``: their intention, the contracting
    organisation's assessment and its decision (final once decided)."""

    term = models.OneToOneField(
        AppointmentTerm,
        on_delete=models.CASCADE,
        related_name="reappointment",
        verbose_name=_("current term"),
    )
    intention = models.CharField(_("intention"), max_length=10, choices=Intention.choices, blank=True)
    assessment = models.CharField(_("assessment"), max_length=25, choices=Assessment.choices, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=DecisionStatus.choices, default=DecisionStatus.DRAFT
    )
    reappointed = models.BooleanField(_("reappointed"), null=True, blank=True)
    next_term = models.OneToOneField(
        AppointmentTerm,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reappointed_from",
        verbose_name=_("next term"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("decided by")
    )

    class Meta:
        ordering = ["term"]
        verbose_name = _("reappointment decision")
        verbose_name_plural = _("reappointment decisions")
        constraints = [
            models.CheckConstraint(
                name="reappointment_reason_when_refused",
                condition=~Q(assessment=Assessment.NOT_REAPPOINTED) | ~Q(reason=""),
            ),
            models.CheckConstraint(
                name="reappointment_decided_complete",
                condition=Q(status=DecisionStatus.DRAFT)
                | (Q(decided_at__isnull=False) & Q(reappointed__isnull=False)),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.term}"


class SalaryRate(models.Model):
    """A row of a programme year's salary table: the gross annual salary of a participant in their
    ``year_on_programme``-th year and after (until the next row), e.g. FY2012–2022: 3.36M, 3.60M, 3.90M, then
    3.96M from the 4th year."""

    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    year_on_programme = models.PositiveSmallIntegerField(_("from year on the programme"))
    annual_salary_yen = models.PositiveIntegerField(_("annual salary (yen)"))
    # an estimate, not a published figure (e.g. the years the seed does not give), until staff confirm it
    assumed = models.BooleanField(_("estimate, not a published figure"), default=False)

    class Meta:
        ordering = ["fiscal_year", "year_on_programme"]
        verbose_name = _("salary rate")
        verbose_name_plural = _("salary rates")
        constraints = [
            models.UniqueConstraint(fields=["fiscal_year", "year_on_programme"], name="salary_rate_unique"),
            models.CheckConstraint(name="salary_rate_year_positive", condition=Q(year_on_programme__gte=1)),
        ]

    def __str__(self) -> str:
        return f"FY{self.fiscal_year} year {self.year_on_programme}: ¥{self.annual_salary_yen:,}"


class TermEnding(models.Model):
    """How a term ended early: resigned or dismissed, on which day and why."""

    term = models.OneToOneField(
        AppointmentTerm, on_delete=models.CASCADE, related_name="ending", verbose_name=_("term")
    )
    ended_on = models.DateField(_("ended on"))
    reason = models.TextField(_("reason"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    recorded_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        verbose_name = _("early end of a term")
        verbose_name_plural = _("early ends of terms")
        constraints = [models.CheckConstraint(name="term_ending_has_reason", condition=~Q(reason=""))]

    def __str__(self) -> str:
        return f"{self.term} ended {self.ended_on}"


class SummerStart(models.Model):
    """The common start date of a programme year's summer arrivals (default 1 August): April–June arrivals'
    first term ends with theirs, the day before its anniversary (jetpm.appointments.term_dates)."""

    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"), unique=True)
    starts_on = models.DateField(_("summer start"))

    class Meta:
        ordering = ["fiscal_year"]
        verbose_name = _("summer start")
        verbose_name_plural = _("summer starts")

    def __str__(self) -> str:
        return f"FY{self.fiscal_year}: {self.starts_on:%Y-%m-%d}"


# --- training -------------------------------------------------------------------------------------------

TRAINING_ORGANISERS = (OrgKind.CLAIR, OrgKind.MEXT, OrgKind.HOST_ORG)


class TrainingEvent(models.Model):
    """A training event after arrival: orientation, seminars, Japanese courses, skill training."""

    kind = models.CharField(_("kind"), max_length=25, choices=TrainingKind.choices)
    title_ja = models.CharField(_("title (Japanese)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    place = models.CharField(_("place"), max_length=200)
    organiser = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="training_events",
        limit_choices_to={"kind__in": TRAINING_ORGANISERS},
        verbose_name=_("organiser"),
    )
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "pk"]
        verbose_name = _("training event")
        verbose_name_plural = _("training events")
        constraints = [
            models.CheckConstraint(
                name="training_event_dates_ordered", condition=Q(ends_on__gte=F("starts_on"))
            ),
        ]
        indexes = [models.Index(fields=["fiscal_year", "organiser"], name="training_year_org_idx")]

    def __str__(self) -> str:
        return self.title_en

    @property
    def title(self) -> str:
        from django.utils.translation import get_language

        return self.title_ja if (get_language() or "ja").startswith("ja") else self.title_en


class TrainingInvitation(models.Model):
    """A participant invited to a training event; their attendance, and their feedback after the event."""

    event = models.ForeignKey(
        TrainingEvent, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("training event")
    )
    participant = models.ForeignKey(
        Participant,
        on_delete=models.CASCADE,
        related_name="training_invitations",
        verbose_name=_("participant"),
    )
    invited_at = models.DateTimeField(_("invited at"), auto_now_add=True)
    attendance = models.CharField(_("attendance"), max_length=10, choices=Attendance.choices, blank=True)
    attendance_recorded_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    feedback_at = models.DateTimeField(_("feedback given at"), null=True, blank=True)

    class Meta:
        ordering = ["event", "participant__jet_id"]
        verbose_name = _("training invitation")
        verbose_name_plural = _("training invitations")
        constraints = [
            models.UniqueConstraint(fields=["event", "participant"], name="training_invitation_unique"),
            models.CheckConstraint(
                name="training_rating_1_to_5",
                condition=Q(rating__isnull=True) | (Q(rating__gte=1) & Q(rating__lte=5)),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event_id}: {self.participant_id}"


# --- costs ----------------------------------------------------------------------------------------------


class CostRates(models.Model):
    """A programme year's flat cost amounts: travel per new participant's arrival and per leaving
    participant's return, and the insurance share per participant (jetpm.appointments.costs.estimate)."""

    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"), unique=True)
    travel_arrival_yen = models.PositiveIntegerField(_("travel per arrival (yen)"))
    travel_return_yen = models.PositiveIntegerField(_("travel per return (yen)"))
    insurance_yen = models.PositiveIntegerField(_("insurance per participant (yen)"))

    class Meta:
        ordering = ["fiscal_year"]
        verbose_name = _("cost rates")
        verbose_name_plural = _("cost rates")

    def __str__(self) -> str:
        return f"FY{self.fiscal_year}"
