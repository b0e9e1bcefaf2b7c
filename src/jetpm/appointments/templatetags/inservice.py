"""Template helpers of the participant page: a term's dates as served, its costs, the training record."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import template

from jetpm.appointments import term_dates
from jetpm.appointments.costs.selectors import term_cost
from jetpm.appointments.models import AppointmentTerm, Participant
from jetpm.appointments.training.selectors import participant_training

register = template.Library()
RECORD_LIMIT = 100


@register.filter
def served_end(term: AppointmentTerm) -> date | None:
    """The term's end date, cut by an early end (resignation, dismissal)."""
    ending = getattr(term, "ending", None)
    ended_on = ending.ended_on if ending is not None else None
    if term.start_date is None or term.end_date is None:
        return ended_on or term.end_date
    return term_dates.cut(term_dates.TermDates(term.start_date, term.end_date), ended_on).end


@register.inclusion_tag("appointments/costs/_term_cost.html")
def term_costs(term: AppointmentTerm) -> dict[str, Any]:
    """The costs of one term (salary, travel, insurance) from its year's tables."""
    return {"b": term_cost(term), "term": term}


@register.inclusion_tag("appointments/training/_record.html", takes_context=True)
def training_record(context: dict[str, Any], participant: Participant) -> dict[str, Any]:
    """The participant's training record: the invitations the signed-in user may see (the latest 100)."""
    invitations = list(participant_training(context["request"].user, participant)[:RECORD_LIMIT])
    return {"invitations": invitations}
