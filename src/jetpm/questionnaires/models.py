"""The questionnaire engine's records: a questionnaire of a year, its questions (data), and one response per
respondent (an organisation or a person), sent through an organisation with a due date."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from jetpm.core.models import Organisation, Person
from jetpm.questionnaires.states import QuestionKind, QuestionnaireStatus, ResponseStatus


def _in_language(ja: str, en: str) -> str:
    return ja if (get_language() or "ja").startswith("ja") and ja else en or ja


class Questionnaire(models.Model):
    """A questionnaire of a fiscal year for one purpose (a stage's key, such as ``"jetaa_membership"``),
    owned by the organisation that defines it and reads its results."""

    purpose = models.CharField(_("purpose"), max_length=40)
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    title_ja = models.CharField(_("title (Japanese)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    owner = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("defined by")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=QuestionnaireStatus.choices, default=QuestionnaireStatus.DRAFT
    )
    opened_at = models.DateTimeField(_("opened"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-fiscal_year", "purpose"]
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        constraints = [
            models.UniqueConstraint(fields=["purpose", "fiscal_year"], name="questionnaire_one_per_year")
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return _in_language(self.title_ja, self.title_en)


class Question(models.Model):
    """One question, as data: its key (the answers' key), kind, labels, whether it is required, and for a
    choice question its choices (a list of ``{"value", "ja", "en"}``)."""

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="questions", verbose_name=_("questionnaire")
    )
    position = models.PositiveSmallIntegerField(_("position"))
    key = models.SlugField(_("key"), max_length=40)
    kind = models.CharField(_("kind"), max_length=20, choices=QuestionKind.choices)
    label_ja = models.CharField(_("question (Japanese)"), max_length=300)
    label_en = models.CharField(_("question (English)"), max_length=300)
    required = models.BooleanField(_("required"), default=False)
    choices = models.JSONField(_("choices"), default=list, blank=True)

    class Meta:
        ordering = ["questionnaire", "position", "id"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "key"], name="question_key_unique"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return _in_language(self.label_ja, self.label_en)

    def choice_labels(self) -> list[tuple[str, str]]:
        return [(str(c["value"]), _in_language(c.get("ja", ""), c.get("en", ""))) for c in self.choices]


class Response(models.Model):
    """The one response of a respondent (an organisation or a person) to a questionnaire: sent through an
    organisation (``via``) with a due date, edited until submitted."""

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.PROTECT, related_name="responses", verbose_name=_("questionnaire")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="questionnaire_responses",
        verbose_name=_("responding organisation"),
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="questionnaire_responses",
        verbose_name=_("responding person"),
    )
    via = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("sent by")
    )
    due_on = models.DateField(_("due"))
    status = models.CharField(
        _("status"), max_length=20, choices=ResponseStatus.choices, default=ResponseStatus.OPEN
    )
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    invited_at = models.DateTimeField(_("sent"), auto_now_add=True)
    reminded_at = models.DateTimeField(_("reminded"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["questionnaire", "id"]
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        constraints = [
            models.CheckConstraint(
                name="response_one_respondent",
                condition=(Q(organisation__isnull=False) & Q(person__isnull=True))
                | (Q(organisation__isnull=True) & Q(person__isnull=False)),
            ),
            models.UniqueConstraint(
                fields=["questionnaire", "organisation"],
                condition=Q(organisation__isnull=False),
                name="response_one_per_organisation",
            ),
            models.UniqueConstraint(
                fields=["questionnaire", "person"],
                condition=Q(person__isnull=False),
                name="response_one_per_person",
            ),
        ]
        indexes = [models.Index(fields=["questionnaire", "via", "status"], name="response_progress_idx")]

    def __str__(self) -> str:
        return f"{self.questionnaire} — {self.respondent}"

    @property
    def respondent(self) -> Organisation | Person | None:
        return self.organisation if self.organisation_id else self.person
