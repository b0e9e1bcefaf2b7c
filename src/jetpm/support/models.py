"""The support desk's records: one case system with two faces (the missions' Q&A desk for candidates, CLAIR's
consultations for participants and contracting organisations), the cases' messages, and the missions' FAQ."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jetpm.core.states import OrgKind
from jetpm.support.states import CaseKind, CaseStatus, Category, MessageKind


class Case(models.Model):
    """A question of a candidate to their mission, or a consultation of a participant or a contracting
    organisation with CLAIR (advice, or counselling: confidential). Its name carries no content (the audit
    log records it by that name)."""

    kind = models.CharField(_("kind"), max_length=20, choices=CaseKind.choices)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    status = models.CharField(_("status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    # a question: the mission that answers it; a consultation: none (CLAIR answers)
    mission = models.ForeignKey(
        "core.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": OrgKind.MISSION},
        verbose_name=_("mission"),
    )
    # a consultation a contracting organisation opened (advice only)
    organisation = models.ForeignKey(
        "core.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": OrgKind.CONTRACTING_ORG},
        verbose_name=_("contracting organisation"),
    )
    # the candidate who asked, or the participant who consults
    person = models.ForeignKey(
        "core.Person",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="support_cases",
        verbose_name=_("person"),
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("opened by"),
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assigned to"),
    )
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"))
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    opened_at = models.DateTimeField(_("opened"), default=timezone.now)
    first_answered_at = models.DateTimeField(_("first answered"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-opened_at", "-id"]
        verbose_name = _("support case")
        verbose_name_plural = _("support cases")
        indexes = [
            models.Index(fields=["kind", "mission", "status"]),
            models.Index(fields=["kind", "fiscal_year"]),
            models.Index(fields=["person", "kind"]),
        ]
        constraints = [
            models.CheckConstraint(
                name="support_question_has_mission",
                condition=~Q(kind=CaseKind.QUESTION) | Q(mission__isnull=False, person__isnull=False),
            ),
            models.CheckConstraint(
                name="support_counselling_is_a_persons",
                condition=~Q(kind=CaseKind.COUNSELLING) | Q(person__isnull=False, organisation__isnull=True),
            ),
            models.CheckConstraint(
                name="support_case_has_an_opener",
                condition=Q(person__isnull=False) | Q(organisation__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        if self.kind == CaseKind.QUESTION:
            return str(_("Question #%(id)s") % {"id": self.pk})
        return str(_("Consultation #%(id)s") % {"id": self.pk})

    @property
    def is_question(self) -> bool:
        return self.kind == CaseKind.QUESTION

    @property
    def is_confidential(self) -> bool:
        return self.kind == CaseKind.COUNSELLING


class CaseMessage(models.Model):
    """An answer (from the mission or CLAIR) or a follow-up (from whoever opened the case)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="messages", verbose_name=_("case"))
    kind = models.CharField(_("kind"), max_length=20, choices=MessageKind.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )
    body = models.TextField(_("message"))
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("case message")
        verbose_name_plural = _("case messages")

    def __str__(self) -> str:
        return str(_("Message #%(id)s") % {"id": self.pk})


class FaqEntry(models.Model):
    """A question and its answer, anonymised by the mission's staff and published to the candidates of the
    mission (built from an answered question)."""

    mission = models.ForeignKey(
        "core.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": OrgKind.MISSION},
        verbose_name=_("mission"),
    )
    source = models.ForeignKey(
        Case,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="faq_entries",
        verbose_name=_("from the question"),
    )
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    question = models.TextField(_("question"))
    answer = models.TextField(_("answer"))
    published_at = models.DateTimeField(_("published"), default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )

    class Meta:
        ordering = ["mission", "category", "-published_at", "-id"]
        verbose_name = _("FAQ entry")
        verbose_name_plural = _("FAQ entries")

    def __str__(self) -> str:
        return str(_("FAQ entry #%(id)s") % {"id": self.pk})
