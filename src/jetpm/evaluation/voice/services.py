"""Every write of the local governments' voice, through the questionnaire engine (jetpm.questionnaires):
CLAIR starts the year's survey (its questions as data, opened, sent to every active contracting and host
organisation), the organisations answer and submit it (their one response, saved until submitted)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jetpm.core.calendar import fiscal_year_label, fiscal_year_of
from jetpm.core.errors import DomainError, NotFound, PermissionDenied
from jetpm.core.models import Organisation, User
from jetpm.core.scoping import scope_of
from jetpm.core.states import OrgKind
from jetpm.evaluation.permissions import can_start_voice_survey
from jetpm.evaluation.voice.questions import PURPOSE, QUESTIONS
from jetpm.questionnaires import services as engine
from jetpm.questionnaires.models import Questionnaire, Response

RESPONDENT_KINDS = (OrgKind.CONTRACTING_ORG, OrgKind.HOST_ORG)


def default_due(fiscal_year: int) -> date:
    """The survey of fiscal year Y is answered by the end of January of Y + 1 (before the Council's
    next-year discussion)."""
    return date(fiscal_year + 1, 1, 31)


def _clair() -> Organisation:
    clair = Organisation.objects.filter(kind=OrgKind.CLAIR).order_by("pk").first()
    if clair is None:
        raise DomainError(_("There is no CLAIR organisation to send the survey."))
    return clair


@transaction.atomic
def start_survey(*, actor: User, fiscal_year: int, due_on: date | None = None) -> Questionnaire:
    """The year's survey: defined with the default questions, opened, and sent to every active contracting
    and host organisation by CLAIR, due ``due_on`` (the end of January of the next year by default). Only
    the current or next fiscal year; one survey per year."""
    if not can_start_voice_survey(scope_of(actor)):
        raise PermissionDenied(_("Only CLAIR staff may start the local governments' survey."))
    this_year = fiscal_year_of(timezone.localdate())
    if fiscal_year not in (this_year, this_year + 1):
        raise DomainError(
            _("fiscal year: the survey can be started for %(this)s or %(next)s only.")
            % {"this": fiscal_year_label(this_year), "next": fiscal_year_label(this_year + 1)},
            field="fiscal_year",
        )
    if Questionnaire.objects.filter(purpose=PURPOSE, fiscal_year=fiscal_year).exists():
        raise DomainError(
            _("fiscal year: the survey of %(year)s was started already.")
            % {"year": fiscal_year_label(fiscal_year)},
            field="fiscal_year",
        )
    due = due_on or default_due(fiscal_year)
    clair = _clair()
    q = engine.create_questionnaire(
        actor=actor,
        owner_id=clair.pk,
        purpose=PURPOSE,
        fiscal_year=fiscal_year,
        title_ja=f"{fiscal_year_label(fiscal_year, 'ja')} JETプログラム評価（地方自治体）",
        title_en=f"FY{fiscal_year} evaluation of the JET Programme by local governments",
        questions=QUESTIONS,
    )
    engine.open_questionnaire(actor=actor, questionnaire_id=q.pk)
    respondents = [
        engine.Respondent(organisation_id=pk)
        for pk in Organisation.objects.filter(kind__in=RESPONDENT_KINDS, is_active=True)
        .order_by("code")
        .values_list("pk", flat=True)
    ]
    engine.invite(actor=actor, questionnaire_id=q.pk, via_id=clair.pk, respondents=respondents, due_on=due)
    q.refresh_from_db()
    return q


def _own(actor: User, response_id: int) -> Response:
    response = Response.objects.select_related("questionnaire").filter(pk=response_id).first()
    if response is None or response.questionnaire.purpose != PURPOSE:
        raise NotFound(_("No such record."))
    return response


@transaction.atomic
def answer_survey(*, actor: User, response_id: int, answers: dict[str, Any], submit: bool) -> Response:
    """Save the organisation's answers, and with ``submit`` submit them (every required answer given; a
    submitted response is final)."""
    _own(actor, response_id)
    return engine.answer(actor=actor, response_id=response_id, answers=answers, submit=submit)


@transaction.atomic
def export_survey(
    *, actor: User, questionnaire_id: int, fmt: str, kind: str = "", prefecture: int | None = None
) -> tuple[bytes, str, str]:
    """The submitted answers (as filtered) as CSV or XLSX, audited: (content, content type, file name)."""
    from jetpm.core import audit, exports
    from jetpm.evaluation.permissions import sees_voice_results
    from jetpm.evaluation.voice import selectors

    if not sees_voice_results(scope_of(actor)):
        raise NotFound(_("No such record."))
    q = selectors.surveys_for(actor).filter(pk=questionnaire_id).first()
    if q is None:
        raise NotFound(_("No such record."))
    rows = list(selectors.export_rows(q, selectors.filtered(actor, q, kind=kind, prefecture=prefecture)))
    content, content_type = exports.table_bytes(fmt, f"FY{q.fiscal_year}", rows)
    audit.record(
        actor=actor,
        action="questionnaire.export",
        obj=q,
        organisation=q.owner_id,
        changes={"rows": [None, len(rows) - 1], "kind": [None, kind], "prefecture": [None, prefecture]},
    )
    return content, content_type, f"lg-evaluation-{q.fiscal_year}.{fmt}"
