"""Reads of costs, scoped: the terms, reappointments and requests the user may see, aggregated in SQL
(one query each, whatever the number of participants), priced by jetpm.appointments.costs.estimate."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils.translation import get_language

from jetpm.appointments.costs import estimate as costs
from jetpm.appointments.models import AppointmentTerm, CostRates, SalaryRate
from jetpm.appointments.permissions import COST_ORGANISATION_ACTIONS
from jetpm.appointments.reappointment.selectors import reappointed_in_round
from jetpm.appointments.selectors import terms_for
from jetpm.appointments.states import EARLY_ENDS, DecisionStatus
from jetpm.core.access import access
from jetpm.core.models import Organisation, User
from jetpm.core.scoping import Operator, scope_of, visible_to
from jetpm.core.states import OrgKind
from jetpm.planning.models import RequestLine
from jetpm.planning.states import RequestStatus

PREFECTURE = "prefecture"
ORGANISATION = "organisation"
# requests a contracting organisation has sent on (a draft is not yet a request)
COUNTED_REQUESTS = [
    RequestStatus.SUBMITTED,
    RequestStatus.FORWARDED,
    RequestStatus.ACCEPTED,
    RequestStatus.RETURNED,
]
LEAVING = Q(status__in=EARLY_ENDS) | Q(
    reappointment__status=DecisionStatus.DECIDED, reappointment__reappointed=False
)


def salary_tables(fiscal_years: list[int]) -> dict[int, costs.SalaryTable]:
    rows: dict[int, list[tuple[int, int]]] = {fy: [] for fy in fiscal_years}
    for fy, yop, amount in SalaryRate.objects.filter(fiscal_year__in=fiscal_years).values_list(
        "fiscal_year", "year_on_programme", "annual_salary_yen"
    ):
        rows[fy].append((yop, amount))
    return {fy: costs.SalaryTable(fy, tuple(sorted(r))) for fy, r in rows.items()}


def cost_rates(fiscal_years: list[int]) -> dict[int, costs.Rates]:
    return {
        r.fiscal_year: costs.Rates(r.fiscal_year, r.travel_arrival_yen, r.travel_return_yen, r.insurance_yen)
        for r in CostRates.objects.filter(fiscal_year__in=fiscal_years)
    }


@dataclass(frozen=True)
class CostRow:
    key: str
    name_ja: str
    name_en: str
    organisation_id: int | None
    current: costs.Breakdown
    estimate: costs.Breakdown

    @property
    def name(self) -> str:
        return self.name_ja if (get_language() or "ja").startswith("ja") else self.name_en

    @property
    def reappointed(self) -> int:
        """Participants continuing into next year (the estimate's participants less the new ones)."""
        return self.estimate.participants - self.estimate.arrivals


@dataclass(frozen=True)
class CostReport:
    fiscal_year: int
    group: str
    rows: list[CostRow]
    total: costs.Breakdown
    total_estimate: costs.Breakdown
    table: costs.SalaryTable
    next_table: costs.SalaryTable
    rates: costs.Rates | None
    next_rates: costs.Rates | None

    @property
    def reappointed(self) -> int:
        return self.total_estimate.participants - self.total_estimate.arrivals


def _fields(group: str, prefix: str) -> tuple[str, str, str, str]:
    if group == PREFECTURE:
        p = f"{prefix}prefecture__"
        return f"{p}code", f"{p}name_ja", f"{p}name_en", f"{p}id"
    return f"{prefix}code", f"{prefix}name_ja", f"{prefix}name_en", f"{prefix}id"


def _scoped(qs: QuerySet[Any], prefix: str, organisation: Organisation | None) -> QuerySet[Any]:
    return qs.filter(**{f"{prefix}id": organisation.pk}) if organisation is not None else qs


def cost_report(
    user: User | Operator, *, fiscal_year: int, group: str, organisation: Organisation | None = None
) -> CostReport:
    """This year's costs and next year's estimate of the participants the user may see, by prefecture or
    by contracting organisation (``organisation``: of that one only): five queries."""
    fy, nxt = fiscal_year, fiscal_year + 1
    tables = salary_tables([fy, nxt])
    rates = cost_rates([fy, nxt])
    names: dict[str, tuple[str, str, int | None]] = {}
    current: dict[str, dict[int, int]] = {}
    arrivals: dict[str, int] = {}
    returns: dict[str, int] = {}
    reappointed: dict[str, dict[int, int]] = {}
    new: dict[str, int] = {}

    code, ja, en, pk = _fields(group, "contracting_org__")
    terms = _scoped(
        terms_for(user).filter(fiscal_year=fy, contracting_org__isnull=False),
        "contracting_org__",
        organisation,
    )
    for r in (
        terms.order_by()
        .values(code, ja, en, pk, "year_on_programme")
        .annotate(
            n=Count("id"),
            arriving=Count("id", filter=Q(year_on_programme=1)),
            leaving=Count("id", filter=LEAVING),
        )
    ):
        key = r[code] or ""
        names[key] = (r[ja] or "", r[en] or "", r[pk])
        current.setdefault(key, {})[r["year_on_programme"]] = r["n"]
        arrivals[key] = arrivals.get(key, 0) + r["arriving"]
        returns[key] = returns.get(key, 0) + r["leaving"]

    code, ja, en, pk = _fields(group, "term__contracting_org__")
    decisions = _scoped(
        reappointed_in_round(user, fy),
        "term__contracting_org__",
        organisation,
    )
    for r in decisions.order_by().values(code, ja, en, pk, "term__year_on_programme").annotate(n=Count("id")):
        key = r[code] or ""
        names.setdefault(key, (r[ja] or "", r[en] or "", r[pk]))
        reappointed.setdefault(key, {})[r["term__year_on_programme"] + 1] = r["n"]

    code, ja, en, pk = _fields(group, "request__organisation__")
    lines = _scoped(
        visible_to(user, RequestLine.objects.all()).filter(
            request__intake_year=nxt, request__status__in=COUNTED_REQUESTS
        ),
        "request__organisation__",
        organisation,
    )
    for r in lines.order_by().values(code, ja, en, pk).annotate(n=Sum("new_participants")):
        if not r["n"]:
            continue
        key = r[code] or ""
        names.setdefault(key, (r[ja] or "", r[en] or "", r[pk]))
        new[key] = new.get(key, 0) + r["n"]

    rows = [
        CostRow(
            key=key,
            name_ja=names[key][0],
            name_en=names[key][1],
            organisation_id=names[key][2] if group == ORGANISATION else None,
            current=costs.year_costs(
                fiscal_year=fy,
                by_year_on_programme=current.get(key, {}),
                arrivals=arrivals.get(key, 0),
                returns=returns.get(key, 0),
                table=tables[fy],
                rates=rates.get(fy),
            ),
            estimate=costs.estimate(
                fiscal_year=nxt,
                reappointed_by_next_year=reappointed.get(key, {}),
                new_participants=new.get(key, 0),
                table=tables[nxt],
                rates=rates.get(nxt),
            ),
        )
        for key in sorted(names)
    ]
    return CostReport(
        fiscal_year=fy,
        group=group,
        rows=rows,
        total=costs.total([r.current for r in rows], fiscal_year=fy, table=tables[fy], rates=rates.get(fy)),
        total_estimate=costs.total(
            [r.estimate for r in rows], fiscal_year=nxt, table=tables[nxt], rates=rates.get(nxt)
        ),
        table=tables[fy],
        next_table=tables[nxt],
        rates=rates.get(fy),
        next_rates=rates.get(nxt),
    )


def default_group(user: User) -> str:
    """National bodies see the national table by prefecture; the others their organisations."""
    scope = scope_of(user)
    return PREFECTURE if (scope.national or scope.is_superuser) else ORGANISATION


def access_cost_organisation(user: User, organisation_id: Any, *, action: str | None = None) -> Organisation:
    """A contracting organisation the user may see and take ``action`` on (``COST_ORGANISATION_ACTIONS``:
    ``"view"`` its costs); ``NotFound`` otherwise."""
    return access(
        user,
        Organisation.objects.filter(kind=OrgKind.CONTRACTING_ORG),
        action=action,
        actions=COST_ORGANISATION_ACTIONS,
        pk=organisation_id,
    )


def term_cost(term: AppointmentTerm) -> costs.Breakdown:
    """One term's costs (for the participant page): three small queries."""
    fy = term.fiscal_year
    leaving = term.status in EARLY_ENDS or (
        getattr(term, "reappointment", None) is not None
        and term.reappointment.status == DecisionStatus.DECIDED
        and term.reappointment.reappointed is False
    )
    return costs.participant_cost(
        fiscal_year=fy,
        year_on_programme=term.year_on_programme,
        arriving=term.year_on_programme == 1,
        leaving=leaving,
        table=salary_tables([fy])[fy],
        rates=cost_rates([fy]).get(fy),
    )
