"""Every write of the alumni surveys: HQ defines and opens the year's survey, a mission sends it to its
jurisdiction's chapters or alumni and reminds them. Answers go through the engine
(questionnaires.services)."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from jetpm.alumni.jurisdiction import alumni_of, chapters_of
from jetpm.alumni.outreach_permissions import can_define_surveys, can_send_for_mission
from jetpm.alumni.surveys.defaults import QUESTIONS, TITLES, SurveyPurpose
from jetpm.core import audit
from jetpm.core.calendar import wareki_fiscal_year
from jetpm.core.errors import DomainError, NotFound, PermissionDenied
from jetpm.core.mail import absolute_url
from jetpm.core.models import Organisation, User
from jetpm.core.scoping import scope_of
from jetpm.core.states import OrgKind
from jetpm.questionnaires import services as engine
from jetpm.questionnaires.models import Questionnaire, Response
from jetpm.questionnaires.services import Respondent
from jetpm.questionnaires.states import ResponseStatus


def _hq(actor: User) -> Organisation:
    scope = scope_of(actor)
    ids = [o for o, kind, _r in scope.roles if kind == OrgKind.MOFA]
    org = (
        Organisation.objects.filter(pk__in=ids).first()
        or Organisation.objects.filter(kind=OrgKind.MOFA).first()
    )
    if org is None:
        raise DomainError(_("MOFA is not among the organisations."))
    return org


@transaction.atomic
def define_survey(*, actor: User, purpose: str, fiscal_year: int) -> Questionnaire:
    """The year's survey with its default questions, as HQ's draft."""
    if not can_define_surveys(scope_of(actor)):
        raise PermissionDenied(_("Only MOFA's staff may define the alumni surveys."))
    if purpose not in SurveyPurpose.values:
        raise DomainError(_("Unknown survey."), field="purpose")
    title_ja, title_en = TITLES[SurveyPurpose(purpose)]
    return engine.create_questionnaire(
        actor=actor,
        owner_id=_hq(actor).pk,
        purpose=purpose,
        fiscal_year=fiscal_year,
        title_ja=f"{title_ja}（{wareki_fiscal_year(fiscal_year)}）",
        title_en=f"{title_en} FY{fiscal_year}",
        questions=QUESTIONS[SurveyPurpose(purpose)],
    )


def _survey(questionnaire_id: int) -> Questionnaire:
    q = Questionnaire.objects.filter(pk=questionnaire_id, purpose__in=SurveyPurpose.values).first()
    if q is None:
        raise NotFound(_("No such record."))
    return q


def _mail(rows: list[tuple[str, str, list[str]]]) -> None:
    if rows:
        transaction.on_commit(
            lambda: send_mass_mail([(s, b, settings.DEFAULT_FROM_EMAIL, to) for s, b, to in rows])
        )


def _invitation_mail(response: Response, *, reminder: bool) -> tuple[str, str, list[str]] | None:
    address = response.organisation.email if response.organisation is not None else response.person.email  # type: ignore[union-attr]
    if not address:
        return None
    user = response.person.user if response.person is not None else None
    with translation.override(getattr(user, "language", "") or "en"):
        q = response.questionnaire
        subject = (_("Reminder: %(title)s") if reminder else _("Please answer: %(title)s")) % {
            "title": q.title
        }
        link = absolute_url(reverse("alumni:surveys:answer", kwargs={"response_id": response.pk}))
        body = _(
            "%(sender)s asks you to answer “%(title)s” by %(due)s.\n\nAnswer here (sign in first): %(link)s\n"
        ) % {
            "sender": response.via.name,
            "title": q.title,
            "due": date_format(response.due_on, "DATE_FORMAT"),
            "link": link,
        }
    return subject, body, [address]


@transaction.atomic
def send_survey(*, actor: User, questionnaire_id: int, mission_id: int, due_on: date) -> int:
    """Send the open survey to the mission's chapters (membership survey) or alumni (status survey), each
    with their own page to answer on; those already sent it keep their one response. Returns how many were
    newly sent it."""
    q = _survey(questionnaire_id)
    if not can_send_for_mission(scope_of(actor), mission_id):
        raise NotFound(_("No such record."))
    if q.purpose == SurveyPurpose.MEMBERSHIP:
        respondents = [
            Respondent(organisation_id=pk) for pk in chapters_of([mission_id]).values_list("pk", flat=True)
        ]
    else:
        respondents = [
            Respondent(person_id=pk) for pk in alumni_of([mission_id]).values_list("pk", flat=True)
        ]
    if not respondents:
        raise DomainError(_("There is nobody in the mission's countries to send this survey to."))
    before = set(Response.objects.filter(questionnaire=q).values_list("pk", flat=True))
    count = engine.invite(
        actor=actor, questionnaire_id=q.pk, via_id=mission_id, respondents=respondents, due_on=due_on
    )
    new = (
        Response.objects.filter(questionnaire=q, via_id=mission_id)
        .exclude(pk__in=before)
        .select_related("questionnaire", "organisation", "person__user", "via")
    )
    _mail([m for r in new if (m := _invitation_mail(r, reminder=False)) is not None])
    return count


@transaction.atomic
def remind_mission(*, actor: User, questionnaire_id: int, mission_id: int) -> int:
    """Remind every respondent of the mission who has not submitted yet (a mail, and the day recorded)."""
    q = _survey(questionnaire_id)
    if not can_send_for_mission(scope_of(actor), mission_id):
        raise NotFound(_("No such record."))
    ids = Response.objects.filter(questionnaire=q, via_id=mission_id, status=ResponseStatus.OPEN).values_list(
        "pk", flat=True
    )
    reminded = engine.remind(actor=actor, response_ids=list(ids))
    rows = Response.objects.filter(pk__in=[r.pk for r in reminded]).select_related(
        "questionnaire", "organisation", "person__user", "via"
    )
    _mail([m for r in rows if (m := _invitation_mail(r, reminder=True)) is not None])
    return len(reminded)


def record_export(*, actor: User, questionnaire_id: int, what: str, rows: int) -> None:
    """An export of a survey's answers (alumni's answers are personal): audited."""
    q = _survey(questionnaire_id)
    audit.record(
        actor=actor,
        action="questionnaire.export",
        obj=q,
        organisation=q.owner_id,
        changes={"what": [None, what], "rows": [None, rows]},
    )
