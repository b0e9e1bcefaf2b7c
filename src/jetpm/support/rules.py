"""Visibility rules of the support desk's records (see jetpm.core.scoping), and its confidential audit.

- A question: its candidate, and its mission's staff (another mission answers 404).
- Advice: whoever opened it (the participant, or the contracting organisation's coordinators), and CLAIR's
  staff.
- Counselling: its participant and CLAIR's counsellors only — never the contracting organisation, the mission,
  CLAIR's other staff, the national bodies or a superuser.
- The FAQ: the mission's staff, and the mission's candidates once published.
"""

from django.db.models import CharField, Q
from django.db.models.functions import Cast

from jetpm.core.models import Person
from jetpm.core.rules import register_confidential_audit
from jetpm.core.scoping import Scope, register, register_url_parameter
from jetpm.support.models import Case, FaqEntry
from jetpm.support.permissions import is_clair_staff, is_counsellor
from jetpm.support.states import CaseKind


def case_rule_q(scope: Scope, prefix: str = "") -> Q:
    def q(**kw: object) -> Q:
        return Q(**{f"{prefix}{k}": v for k, v in kw.items()})

    out = q(pk__in=[])
    if scope.person_id is not None:
        out |= q(person_id=scope.person_id)
    if scope.mission_ids:
        out |= q(kind=CaseKind.QUESTION, mission_id__in=scope.mission_ids)
    if scope.co_ids:
        out |= q(kind=CaseKind.ADVICE, organisation_id__in=scope.co_ids, person__isnull=True)
    if is_clair_staff(scope):
        out |= q(kind=CaseKind.ADVICE)
    if is_counsellor(scope):
        out |= q(kind=CaseKind.COUNSELLING)
    if scope.is_superuser:
        out |= ~q(kind=CaseKind.COUNSELLING)
    return out


@register(Case)
def case_rule(scope: Scope) -> Q:
    return case_rule_q(scope)


@register(FaqEntry)
def faq_rule(scope: Scope) -> Q:
    if scope.is_superuser:
        return Q()
    out = Q(mission_id__in=scope.mission_ids)
    if scope.person_id is not None:
        out |= Q(mission_id__in=Person.objects.filter(pk=scope.person_id).values("mission_id"))
    return out


def counselling_events() -> Q:
    """The audit events of counselling cases (their ids as the events store them: text)."""
    ids = Case.objects.filter(kind=CaseKind.COUNSELLING).annotate(sid=Cast("pk", CharField())).values("sid")
    return Q(object_type="support.Case", object_id__in=ids)


register_confidential_audit(counselling_events, is_counsellor)
register_url_parameter("case_id", "support.Case")
register_url_parameter("faq_id", "support.FaqEntry")
