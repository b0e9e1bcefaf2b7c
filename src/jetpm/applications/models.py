"""Applications (応募): the applicant's form, their documents, their referees and the notices they get."""

from __future__ import annotations

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.functional import LazyObject
from django.utils.translation import gettext_lazy as _

from jetpm.applications.states import (
    ApplicationStatus,
    Degree,
    DocumentKind,
    LanguageAbility,
    Sex,
)
from jetpm.core.models import Country, Language, Organisation, Person, Prefecture, User
from jetpm.core.states import JapaneseLevel, JobType, OrgKind


class PrivateStorage(LazyObject):
    """Uploads live under MEDIA_ROOT, which no URL serves: files go out only through checked views."""

    def _setup(self) -> None:
        self._wrapped = FileSystemStorage(location=settings.MEDIA_ROOT, base_url=None)


private_storage = PrivateStorage()


def _private_storage() -> Storage:
    return private_storage  # type: ignore[return-value]  # a lazy proxy of a FileSystemStorage


class Application(models.Model):
    """One person's application for one intake year, one job type, through the mission of their
    nationality. The applicant fills it in steps (a draft) and submits it inside the mission's window."""

    reference = models.CharField(_("application number"), max_length=20, unique=True)
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="applications", verbose_name=_("applicant")
    )
    intake_year = models.PositiveSmallIntegerField(_("intake fiscal year"), db_index=True)
    mission = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="applications",
        limit_choices_to={"kind": OrgKind.MISSION},
        verbose_name=_("mission"),
    )
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="+", verbose_name=_("country of recruitment")
    )
    job_type = models.CharField(_("job type"), max_length=3, choices=JobType.choices)
    language = models.ForeignKey(
        Language, on_delete=models.PROTECT, related_name="+", verbose_name=_("designated language")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ApplicationStatus.choices, default=ApplicationStatus.DRAFT
    )
    status_reason = models.CharField(_("reason"), max_length=500, blank=True)
    status_changed_at = models.DateTimeField(_("status changed"), auto_now_add=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    steps_done = models.JSONField(_("steps completed"), default=list, blank=True)

    # personal data as in the passport
    passport_family_name = models.CharField(_("family name (as in the passport)"), max_length=100, blank=True)
    passport_given_names = models.CharField(_("given names (as in the passport)"), max_length=150, blank=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    sex = models.CharField(_("sex (as in the passport)"), max_length=1, choices=Sex.choices, blank=True)
    # contact (the applicant may change it after submission)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("telephone"), max_length=40, blank=True)
    address = models.TextField(_("postal address"), blank=True)
    # nationality
    nationality = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="+", verbose_name=_("nationality")
    )
    other_nationalities = models.ManyToManyField(
        Country, blank=True, related_name="+", verbose_name=_("other nationalities")
    )
    # education
    degree = models.CharField(_("highest degree"), max_length=20, choices=Degree.choices, blank=True)
    degree_subject = models.CharField(_("subject studied"), max_length=200, blank=True)
    institution = models.CharField(_("institution"), max_length=200, blank=True)
    degree_date = models.DateField(_("date of the degree (or expected date)"), null=True, blank=True)
    degree_expected = models.BooleanField(_("the degree is still expected"), default=False)
    # languages
    language_ability = models.CharField(
        _("command of the designated language"), max_length=20, choices=LanguageAbility.choices, blank=True
    )
    japanese_level = models.CharField(
        _("Japanese ability (JLPT)"), max_length=4, choices=JapaneseLevel.choices, default=JapaneseLevel.NONE
    )
    # qualifications and experience
    teaching_qualifications = models.TextField(_("teaching qualifications"), blank=True)
    experience = models.TextField(_("work and teaching experience"), blank=True)
    # prior participation and time in Japan
    former_participant = models.BooleanField(_("former JET participant"), default=False)
    former_start_year = models.PositiveSmallIntegerField(
        _("first fiscal year of the former participation"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1987), MaxValueValidator(2100)],
    )
    former_years = models.PositiveSmallIntegerField(
        _("years of the former participation"), null=True, blank=True, validators=[MaxValueValidator(10)]
    )
    years_in_japan_last_10 = models.PositiveSmallIntegerField(
        _("years lived in Japan in the last 10 years"), default=0, validators=[MaxValueValidator(10)]
    )
    # placement preferences
    preference_1 = models.ForeignKey(
        Prefecture,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("first preference"),
    )
    preference_2 = models.ForeignKey(
        Prefecture,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("second preference"),
    )
    preference_3 = models.ForeignKey(
        Prefecture,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("third preference"),
    )
    preference_reasons = models.TextField(_("reasons for the preferences"), blank=True)
    partner_reference = models.CharField(
        _("partner's application number (a partner applying too)"), max_length=20, blank=True
    )
    # medical self-report
    medical_conditions = models.TextField(_("medical conditions to declare"), blank=True)
    medical_fit = models.BooleanField(_("I am fit to work in Japan for a year"), default=False)
    # statement of purpose and declarations
    statement = models.TextField(_("statement of purpose"), blank=True)
    declaration_true = models.BooleanField(_("the information given is true and complete"), default=False)
    declaration_consent = models.BooleanField(
        _("I consent to the processing of my data for the programme"), default=False
    )
    # what the platform found: rule codes not met, and possible duplicates
    eligibility_failures = models.JSONField(_("eligibility rules not met"), default=list, blank=True)
    duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("possible duplicate of"),
    )
    # Set by the retention purge (jetpm.core.purge): the personal data is gone, what the statistics count
    # stays (intake year, mission, country, job type, status, nationality, categories).
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)

    class Meta:
        ordering = ["-intake_year", "reference"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        constraints = [
            models.UniqueConstraint(fields=["person", "intake_year"], name="application_one_per_person_year"),
        ]
        indexes = [
            models.Index(fields=["mission", "intake_year", "status"]),
            models.Index(fields=["intake_year", "country", "job_type", "status"]),
            models.Index(fields=["passport_family_name", "birth_date"]),
            models.Index(fields=["email"]),
            # the lists' order (newest intake first, then by number): a page is read in order, not sorted
            models.Index(fields=["-intake_year", "reference"], name="application_list_order_idx"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def display_name(self) -> str:
        if self.passport_family_name:
            return f"{self.passport_family_name.upper()} {self.passport_given_names}"
        return str(self.person)


class Document(models.Model):
    """An uploaded file, checked by its content (PDF/JPEG/PNG) and stored outside static files."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="documents", verbose_name=_("application")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices)
    file = models.FileField(_("file"), upload_to="applications/%Y/%m/", storage=_private_storage)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=40)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    problem = models.CharField(_("problem found by the mission"), max_length=500, blank=True)
    problem_at = models.DateTimeField(_("problem noted"), null=True, blank=True)

    class Meta:
        ordering = ["application", "kind", "uploaded_at"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        indexes = [
            # the intake list's "document problem" flag: the few documents with a problem, not a scan of all
            models.Index(
                fields=["application"], condition=~models.Q(problem=""), name="document_problem_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application.reference} {self.get_kind_display()}: {self.original_name}"


class Referee(models.Model):
    """One of the applicant's two referees: invited by e-mail, uploads their letter through a one-time link
    (only the SHA-256 digest of the link's token is stored)."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="referees", verbose_name=_("application")
    )
    order = models.PositiveSmallIntegerField(
        _("referee"), validators=[MinValueValidator(1), MaxValueValidator(2)]
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"))
    relationship = models.CharField(_("relationship to the applicant"), max_length=200)
    token_digest = models.CharField(max_length=64, unique=True, null=True, blank=True)
    invited_at = models.DateTimeField(_("invited"), null=True, blank=True)
    expires_at = models.DateTimeField(_("link expires"), null=True, blank=True)
    letter = models.OneToOneField(
        Document,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referee",
        verbose_name=_("letter"),
    )
    received_at = models.DateTimeField(_("letter received"), null=True, blank=True)

    class Meta:
        ordering = ["application", "order"]
        verbose_name = _("referee")
        verbose_name_plural = _("referees")
        constraints = [
            models.UniqueConstraint(fields=["application", "order"], name="referee_unique_order"),
        ]

    def __str__(self) -> str:
        return f"{self.application.reference} #{self.order} {self.name}"


class Notice(models.Model):
    """A message to the applicant, shown in the portal (and sent by e-mail when ``emailed``)."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="notices", verbose_name=_("application")
    )
    kind = models.CharField(_("kind"), max_length=40)
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    emailed = models.BooleanField(_("sent by e-mail"), default=False)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        indexes = [models.Index(fields=["application", "created_at"])]

    def __str__(self) -> str:
        return self.subject
