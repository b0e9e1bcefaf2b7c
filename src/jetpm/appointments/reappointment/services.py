"""Writes of the reappointment round (再任用): the participant's intention, the organisation's assessment and
the final decision, by the rules of the round's programme year."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from jetpm.appointments import term_dates
from jetpm.appointments.models import AppointmentTerm, ProgrammeYearRules, ReappointmentDecision
from jetpm.appointments.permissions import can_manage_reappointment, can_state_intention
from jetpm.appointments.reappointment import rules as reappointment_rules
from jetpm.appointments.states import Assessment, DecisionStatus, Intention, TermStatus
from jetpm.appointments.workflows import DECISIONS
from jetpm.core import audit, workflow
from jetpm.core.calendar import fiscal_year_label
from jetpm.core.errors import DomainError, PermissionDenied
from jetpm.core.models import User
from jetpm.core.scoping import Scope, get_visible, scope_of


@dataclass(frozen=True)
class RoundRules:
    """The rules of the round held in a fiscal year (ProgrammeYearRules, or the usual ones)."""

    fiscal_year: int
    max_term_years: int
    extension_max_years: int | None
    decisions_open: date
    decisions_close: date
    capable_until_year: int = reappointment_rules.DEFAULT_CAPABLE_UNTIL


def round_rules(fiscal_year: int) -> RoundRules:
    """The one reader of a round's rules (the rules of the year; the usual ones when none are set)."""
    row = ProgrammeYearRules.objects.filter(fiscal_year=fiscal_year).first()
    if row is None:
        opens, closes = reappointment_rules.default_window(fiscal_year)
        return RoundRules(fiscal_year, reappointment_rules.DEFAULT_MAX_TERM, None, opens, closes)
    return RoundRules(
        fiscal_year,
        row.max_term_years,
        row.extension_max_years if row.extension_allowed else None,
        row.decisions_open,
        row.decisions_close,
        row.capable_until_year,
    )


def _coordinator(scope: Scope, term: AppointmentTerm) -> bool:
    return can_manage_reappointment(scope, term.contracting_org_id)


def _check_window(rules: RoundRules, today: date) -> None:
    if not rules.decisions_open <= today <= rules.decisions_close:
        raise DomainError(
            _("Reappointment decisions of %(year)s are made from %(opens)s to %(closes)s.")
            % {
                "year": fiscal_year_label(rules.fiscal_year),
                "opens": date_format(rules.decisions_open, "DATE_FORMAT"),
                "closes": date_format(rules.decisions_close, "DATE_FORMAT"),
            }
        )


def _locked_decision(
    actor: User, term_id: int, *, may: Callable[[Scope, AppointmentTerm], bool], denied: str
) -> tuple[AppointmentTerm, ReappointmentDecision]:
    """The actor's visible serving term and its draft decision, both locked. Who may comes first: not
    visible, or never allowed (``may``) → ``NotFound``/``PermissionDenied``; then the term's state."""
    term = get_visible(
        actor,
        AppointmentTerm.objects.select_for_update(of=("self",)).select_related("participant"),
        pk=term_id,
    )
    if not may(scope_of(actor), term):
        raise PermissionDenied(denied)
    if term.status != TermStatus.SERVING:
        raise DomainError(_("Only a serving participant can be reappointed."), field="term")
    decision, _created = ReappointmentDecision.objects.select_for_update(of=("self",)).get_or_create(
        term=term
    )
    if decision.status == DecisionStatus.DECIDED:
        raise DomainError(_("The reappointment of %(term)s is decided and final.") % {"term": str(term)})
    return term, decision


@transaction.atomic
def record_intention(*, actor: User, term_id: int, intention: str) -> ReappointmentDecision:
    """The participant states whether they wish to continue (or their organisation records it for them)."""
    if intention not in Intention.values:
        raise DomainError(_("Choose an intention."), field="intention")
    term, decision = _locked_decision(
        actor, term_id, may=can_state_intention, denied=_("You may not state this participant's intention.")
    )
    before = decision.intention
    decision.intention = intention
    decision.save(update_fields=["intention"])
    audit.record(
        actor=actor,
        action="reappointment.intention",
        obj=decision,
        organisation=term.contracting_org_id,
        person=term.participant.person_id,
        changes={"intention": [before, intention]},
    )
    return decision


@transaction.atomic
def record_assessment(
    *, actor: User, term_id: int, assessment: str, reason: str = ""
) -> ReappointmentDecision:
    """The contracting organisation's assessment; a reason is required when not reappointing."""
    if assessment not in Assessment.values:
        raise DomainError(_("Choose an assessment."), field="assessment")
    reason = reason.strip()
    if assessment == Assessment.NOT_REAPPOINTED and not reason:
        raise DomainError(_("Give the reason for not reappointing."), field="reason")
    term, decision = _locked_decision(
        actor, term_id, may=_coordinator, denied=_("You may not assess this participant.")
    )
    changes = {"assessment": [decision.assessment, assessment], "reason": [decision.reason, reason]}
    decision.assessment = assessment
    decision.reason = reason
    decision.save(update_fields=["assessment", "reason"])
    audit.record(
        actor=actor,
        action="reappointment.assess",
        obj=decision,
        organisation=term.contracting_org_id,
        person=term.participant.person_id,
        changes=changes,
    )
    return decision


def check_decidable(term: AppointmentTerm, decision: ReappointmentDecision, today: date) -> bool:
    """Whether the decision can be taken now by the year's rules (DomainError naming the rule otherwise),
    and whether it reappoints: checked before the confirmation is asked for and again when deciding."""
    rules = round_rules(term.fiscal_year)
    _check_window(rules, today)
    if not decision.intention:
        raise DomainError(_("Record the participant's intention first."), field="intention")
    reappointed = (
        decision.intention == Intention.CONTINUE and decision.assessment != Assessment.NOT_REAPPOINTED
    )
    if reappointed:
        if not decision.assessment:
            raise DomainError(_("Record the assessment first."), field="assessment")
        errors = reappointment_rules.check(
            term.year_on_programme + 1,
            decision.assessment,
            rules.max_term_years,
            rules.extension_max_years,
            rules.capable_until_year,
        )
        if errors:
            raise DomainError(" ".join(e.translated(_) for e in errors), field="assessment")
        if AppointmentTerm.objects.filter(
            participant_id=term.participant_id, fiscal_year=term.fiscal_year + 1
        ).exists():
            raise DomainError(
                _("%(participant)s already has a term in %(year)s.")
                % {"participant": str(term.participant), "year": fiscal_year_label(term.fiscal_year + 1)}
            )
    return reappointed


def decidable(term: AppointmentTerm, decision: ReappointmentDecision, today: date) -> bool | None:
    """Whether deciding now would reappoint; None when the year's rules refuse it now (deciding says why)."""
    try:
        return check_decidable(term, decision, today)
    except DomainError:
        return None


@transaction.atomic
def decide(*, actor: User, term_id: int, today: date | None = None) -> ReappointmentDecision:
    """Decide the reappointment (final): within the round's window and by the programme year's rules.
    A reappointment creates next year's serving term at the same organisation."""
    today = today or timezone.localdate()
    term, decision = _locked_decision(
        actor, term_id, may=_coordinator, denied=_("You may not decide this reappointment.")
    )
    workflow.check(DECISIONS, decision, "decide", actor=actor)
    reappointed = check_decidable(term, decision, today)
    next_term = None
    if reappointed:
        # the next term continues from the day after this one ends (none when this term has no dates)
        dates = term_dates.next_term(term.end_date) if term.end_date else None
        next_term = AppointmentTerm.objects.create(
            start_date=dates.start if dates else None,
            end_date=dates.end if dates else None,
            participant_id=term.participant_id,
            fiscal_year=term.fiscal_year + 1,
            year_on_programme=term.year_on_programme + 1,
            contracting_org_id=term.contracting_org_id,
            job_type=term.job_type,
            language_id=term.language_id,
            status=TermStatus.SERVING,
        )
    return workflow.perform(
        DECISIONS,
        decision,
        "decide",
        actor=actor,
        values={"reappointed": reappointed, "next_term": next_term},
    )
