"""Selection's workflows (core/workflow.py): the country lists (HQ prepares, the Council approves or sends
back, HQ publishes) and the offers (the applicant replies; the platform lapses a missed deadline; HQ
withdraws the offer of a candidate who withdrew or was disqualified); and the actions each kind of record
offers (core/access.py), declared once for the pages' ``access_*`` calls."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy

from jetpm.core.access import Actions
from jetpm.core.scoping import Scope
from jetpm.core.workflow import ACTOR, NOW, Transition, Workflow, nobody
from jetpm.selection.permissions import (
    can_clear,
    can_decide,
    can_prepare,
    can_read_letter,
    can_reply,
    can_view_selection,
)
from jetpm.selection.states import ListStatus as L
from jetpm.selection.states import OfferStatus as O


def _hq(scope: Scope, obj: Any) -> bool:
    return can_prepare(scope)


def _council(scope: Scope, obj: Any) -> bool:
    return can_decide(scope)


def _applicant(scope: Scope, offer: Any) -> bool:
    return can_reply(scope, offer.application)


LISTS = Workflow(
    key="selection_list",
    model="selection.SelectionList",
    transitions=(
        Transition(
            "propose",
            {L.DRAFT},
            L.PROPOSED,
            who=_hq,
            label=gettext_lazy("Propose to the Council"),
            audit_action="selection.list.propose",
            stamps={"proposed_at": NOW},
            denied=gettext_lazy("Only HQ (MOFA staff) may prepare and publish the selection."),
        ),
        Transition(
            "approve",
            {L.PROPOSED},
            L.APPROVED,
            who=_council,
            label=gettext_lazy("Approve"),
            audit_action="selection.list.approve",
            stamps={"approved_at": NOW, "approved_by": ACTOR},
            denied=gettext_lazy("Only the Council's approvers may approve a selection list."),
            confirm=True,
        ),
        Transition(
            "send_back",
            {L.PROPOSED},
            L.DRAFT,
            who=_council,
            label=gettext_lazy("Send back to HQ"),
            audit_action="selection.list.send_back",
            reason_field="note",
            reason_input="note",
            reason_required=gettext_lazy("Say why the list goes back to HQ."),
            denied=gettext_lazy("Only the Council's approvers may send a selection list back."),
        ),
        Transition(
            "publish",
            {L.APPROVED},
            L.PUBLISHED,
            who=_hq,
            label=gettext_lazy("Publish"),
            audit_action="selection.list.publish",
            stamps={"published_at": NOW},
            denied=gettext_lazy("Only HQ (MOFA staff) may prepare and publish the selection."),
            confirm=True,
        ),
    ),
)


def _offer_audit(offer: Any) -> dict[str, Any]:
    return {"organisation": offer.application.mission_id, "person": offer.application.person_id}


OFFERS = Workflow(
    key="offer",
    model="selection.Offer",
    audit_target=_offer_audit,
    transitions=(
        Transition(
            "accept",
            {O.OPEN},
            O.ACCEPTED,
            who=_applicant,
            label=gettext_lazy("Accept the offer"),
            audit_action="selection.offer.accept",
            stamps={"replied_at": NOW},
            denied=gettext_lazy("Only the applicant may answer their offer."),
        ),
        Transition(
            "decline",
            {O.OPEN},
            O.DECLINED,
            who=_applicant,
            label=gettext_lazy("Decline the offer"),
            audit_action="selection.offer.decline",
            stamps={"replied_at": NOW},
            reason_field="decline_reason",
            reason_input="decline_reason",
            reason_required=gettext_lazy("Tell us why you decline."),
            denied=gettext_lazy("Only the applicant may answer their offer."),
            confirm=True,
        ),
        Transition(
            "lapse",
            {O.OPEN},
            O.LAPSED,
            who=nobody,
            label=gettext_lazy("Deadline missed"),
            audit_action="selection.offer.lapse",
        ),
        Transition(
            "withdraw",
            {O.OPEN, O.ACCEPTED},
            O.WITHDRAWN,
            who=_hq,
            label=gettext_lazy("Withdraw the offer"),
            audit_action="selection.offer.withdraw",
            denied=gettext_lazy("Only HQ may confirm an upgrade."),
        ),
    ),
)

WORKFLOWS = (LISTS, OFFERS)


def _viewer(scope: Scope, obj: Any) -> bool:
    return can_view_selection(scope)


def _clearer(scope: Scope, offer: Any) -> bool:
    return can_clear(scope, offer.application)


def _letter_reader(scope: Scope, application: Any) -> bool:
    return can_read_letter(scope, application)


LIST_ACTIONS = Actions(
    workflow=LISTS,  # propose, approve, send_back, publish
    view=_viewer,  # the list and its entries: the national bodies
    edit=_hq,  # move a candidate between the short-list, the alternates and the rest
)
OFFER_ACTIONS = Actions(
    workflow=OFFERS,  # accept, decline (the applicant), withdraw (HQ)
    reply=_applicant,  # upload the certificates
    clear=_clearer,  # mark the candidate cleared for placement
)
APPLICATION_ACTIONS = Actions(
    letter=_letter_reader,  # the result letter
    confirm_vacancy=_hq,  # record the place an application freed and upgrade the next alternate
)
