"""Every read of the year's guidelines and criteria, scoped (national bodies see drafts too; everyone signed
in sees approved guidelines)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from jetpm.core import workflow
from jetpm.core.access import access
from jetpm.core.errors import NotFound
from jetpm.core.models import User
from jetpm.core.scoping import scope_of, visible_to
from jetpm.planning.models import Criterion, Guideline
from jetpm.planning.permissions import can_read_guideline_drafts
from jetpm.planning.states import GUIDELINE_EDITABLE, GuidelineStatus, ScreeningStage
from jetpm.planning.workflows import CRITERION_ACTIONS, GUIDELINE_ACTIONS, GUIDELINES


def guidelines_for(user: User, *, year: int | None = None, status: str = "") -> QuerySet[Guideline]:
    qs = visible_to(user, Guideline).annotate(n_criteria=Count("criteria"))
    if year is not None:
        qs = qs.filter(intake_year=year)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-intake_year", "-version")


def access_guideline_by_id(user: User, guideline_id: int, *, action: str | None = None) -> Guideline:
    """A guideline the user may see and, with ``action`` (``"edit"``, ``"copy"``, ``"new_version"`` or a
    step of the workflow), may act on; else :class:`NotFound`."""
    return access(
        user,
        Guideline.objects.select_related("approved_by", "supersedes"),
        action=action,
        actions=GUIDELINE_ACTIONS,
        pk=guideline_id,
    )


def access_criterion_by_id(
    user: User, guideline: Guideline, criterion_id: int | str, *, action: str | None = None
) -> Criterion:
    """A criterion of this guideline (:class:`NotFound` for another guideline's or an unknown one) that the
    user may see and, with ``action="edit"``, change."""
    return access(
        user,
        Criterion.objects.filter(guideline=guideline),
        action=action,
        actions=CRITERION_ACTIONS,
        pk=criterion_id,
    )


def is_editable(guideline: Guideline) -> bool:
    """Only a draft is changed; an approved guideline is corrected by a new version."""
    return guideline.status in GUIDELINE_EDITABLE


def guideline_abilities(user: User, guideline: Guideline) -> dict[str, bool]:
    """What the user may do with the guideline now (the detail page's buttons), from the workflow's steps
    available to them and the guideline's named permissions."""
    steps = {t.name for t in workflow.available(GUIDELINES, user, guideline)}

    def may(action: str) -> bool:
        return GUIDELINE_ACTIONS.allows(user, guideline, action)

    return {
        "can_edit": is_editable(guideline) and may("edit"),
        "can_approve": "approve" in steps,
        "can_copy": may("copy"),
        "can_correct": guideline.status == GuidelineStatus.APPROVED and may("new_version"),
        "sees_history": can_read_guideline_drafts(scope_of(user)),
    }


def approved_guideline_for(user: User, intake_year: int) -> Guideline | None:
    """The approved guideline of an intake year, or None (what the application form checks against)."""
    return (
        visible_to(user, Guideline).filter(intake_year=intake_year, status=GuidelineStatus.APPROVED).first()
    )


def current_guideline(user: User, intake_year: int) -> Guideline:
    guideline = approved_guideline_for(user, intake_year)
    if guideline is None:
        raise NotFound(_("There is no approved guideline for this year."))
    return guideline


def approved_years(user: User) -> list[int]:
    return list(
        visible_to(user, Guideline)
        .filter(status=GuidelineStatus.APPROVED)
        .order_by("-intake_year")
        .values_list("intake_year", flat=True)
    )


@dataclass(frozen=True)
class StageCriteria:
    stage: str
    label: str
    criteria: list[Criterion]
    weight_sum: Decimal

    @property
    def weightless(self) -> bool:
        """The stage has criteria but their weights add up to 0 (screening could not weigh them)."""
        return bool(self.criteria) and self.weight_sum <= 0


def criteria_by_stage(user: User, guideline: Guideline) -> list[StageCriteria]:
    """The guideline's criteria grouped by stage in the stages' order, with each stage's weight sum; stages
    without criteria are left out."""
    rows = list(visible_to(user, Criterion).filter(guideline=guideline).order_by("stage", "order", "code"))
    out: list[StageCriteria] = []
    for stage in ScreeningStage:
        items = [c for c in rows if c.stage == stage.value]
        if items:
            out.append(
                StageCriteria(
                    stage=stage.value,
                    label=str(stage.label),
                    criteria=items,
                    weight_sum=sum((c.weight for c in items), Decimal(0)),
                )
            )
    return out


@dataclass(frozen=True)
class GuidelineText:
    text: str  # in the reader's language (the other one when it is empty)
    lang: str
    other_text: str  # the other language's text, empty when there is none to offer
    other_lang: str


def text_in_language(guideline: Guideline, language: str | None = None) -> GuidelineText:
    """The text in the reader's language with the other language available; an empty text falls back to
    the other language."""
    lang = "ja" if (language or get_language() or "ja")[:2] == "ja" else "en"
    texts = {"ja": guideline.text_ja, "en": guideline.text_en}
    other = "en" if lang == "ja" else "ja"
    if not texts[lang].strip():
        return GuidelineText(text=texts[other], lang=other, other_text="", other_lang=lang)
    return GuidelineText(text=texts[lang], lang=lang, other_text=texts[other], other_lang=other)
