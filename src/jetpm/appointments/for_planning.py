"""What planning reads and writes of the participants (``jetpm.planning.participants``, installed by
``AppointmentsConfig.ready``): a request's "continuing" figures, last year's participants by line, and a
programme year's appointment rules for the page "Rules of the year". Planning imports no later stage; this
module is where appointments answers it."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.db.models import Count, Q

from jetpm.appointments.models import AppointmentTerm, ProgrammeYearRules, SalaryRate, SummerStart
from jetpm.appointments.reappointment.selectors import reappointed_in_round
from jetpm.appointments.reappointment.services import round_rules
from jetpm.appointments.selectors import summer_start, terms_for
from jetpm.appointments.states import DecisionStatus, TermStatus
from jetpm.core import audit
from jetpm.core.models import User
from jetpm.core.scoping import visible_to
from jetpm.planning.participants import AppointmentRules, ContinuingFigures, LineKey
from jetpm.planning.services.year_rules import SALARY_YEARS, YearRulesValues


def continuing_figures(user: Any, *, organisation_id: int, intake_year: int) -> ContinuingFigures:
    """The "continuing" figures of an organisation's request for ``intake_year``: the reappointments its
    round of ``intake_year`` - 1 confirmed, as the user may see them. Two queries."""
    round_year = intake_year - 1
    rows = (
        reappointed_in_round(user, round_year)
        .filter(term__contracting_org_id=organisation_id)
        .order_by()
        .values_list("term__job_type", "term__language__code")
        .annotate(n=Count("id"))
    )
    counts = {(job, lang or ""): n for job, lang, n in rows}
    serving = (
        terms_for(user)
        .filter(contracting_org_id=organisation_id, fiscal_year=round_year)
        .exclude(status__in=[TermStatus.RESIGNED, TermStatus.DISMISSED])
        .aggregate(
            n=Count("id"),
            decided=Count("id", filter=Q(reappointment__status=DecisionStatus.DECIDED)),
        )
    )
    return ContinuingFigures(
        round_year=round_year,
        counts=counts,
        serving=serving["n"],
        pending=serving["n"] - serving["decided"],
    )


def last_years_participants(intake_year: int) -> dict[LineKey, int]:
    """The participants of the fiscal year before ``intake_year`` (their appointment terms of that year) by
    (recruiting country, job type, designated language), in one query."""
    rows = (
        AppointmentTerm.objects.filter(fiscal_year=intake_year - 1, language__isnull=False)
        .order_by()
        .values_list("participant__country__code", "job_type", "language__code")
        .annotate(n=Count("participant_id", distinct=True))
    )
    return {(c, j, lang): int(n) for c, j, lang, n in rows}


def appointment_rules(user: Any, year: int) -> AppointmentRules:
    """Programme year ``year``'s round, summer start and salary table, as the user may see them."""
    row = visible_to(user, ProgrammeYearRules).filter(fiscal_year=year).first()
    rates = visible_to(user, SalaryRate).filter(fiscal_year=year).order_by()
    return AppointmentRules(
        round=round_rules(year),
        round_note=row.note if row is not None else "",
        round_set=row is not None,
        summer_start=summer_start(year),
        summer_start_set=visible_to(user, SummerStart).filter(fiscal_year=year).exists(),
        salaries={r.year_on_programme: (r.annual_salary_yen, r.assumed) for r in rates},
    )


def set_appointment_rules(*, actor: User, year: int, values: YearRulesValues) -> None:
    """Write programme year ``year``'s round, summer start and salary table (each audited when it changes).
    Called by ``planning.services.year_rules.set_year_rules``, in its transaction, once it has checked the
    editor and every value."""
    _set_round(actor, year, values)
    _set_summer_start(actor, year, values.summer_start)
    _set_salaries(actor, year, values.salaries, values.salaries_assumed)


def _set_round(actor: User, year: int, v: YearRulesValues) -> None:
    fields: dict[str, Any] = {
        "max_term_years": v.max_term_years,
        "extension_allowed": v.extension_allowed,
        "extension_max_years": v.extension_max_years,
        "capable_until_year": v.capable_until_year,
        "decisions_open": v.decisions_open,
        "decisions_close": v.decisions_close,
        "note": v.note.strip(),
    }
    row = ProgrammeYearRules.objects.select_for_update(of=("self",)).filter(fiscal_year=year).first()
    if row is None:
        row = ProgrammeYearRules.objects.create(fiscal_year=year, **fields)
        changes = audit.diff({}, audit.snapshot(row, list(fields)))
    else:
        before = audit.snapshot(row, list(fields))
        for k, value in fields.items():
            setattr(row, k, value)
        changes = audit.diff(before, audit.snapshot(row, list(fields)))
        if not changes:
            return
        row.save()
    audit.record(actor=actor, action="year_rules.round", obj=row, changes=changes)


def _set_summer_start(actor: User, year: int, day: date) -> None:
    row = SummerStart.objects.select_for_update(of=("self",)).filter(fiscal_year=year).first()
    before = row.starts_on.isoformat() if row is not None else None
    if before == day.isoformat():
        return
    if row is None:
        row = SummerStart.objects.create(fiscal_year=year, starts_on=day)
    else:
        row.starts_on = day
        row.save(update_fields=["starts_on"])
    audit.record(
        actor=actor,
        action="year_rules.summer_start",
        obj=row,
        changes={"starts_on": [before, day.isoformat()]},
    )


def _set_salaries(actor: User, year: int, salaries: Mapping[int, int], assumed: bool) -> None:
    rows = {
        r.year_on_programme: r
        for r in SalaryRate.objects.select_for_update(of=("self",)).filter(fiscal_year=year)
    }
    changes: dict[str, list[Any]] = {}
    for yop in SALARY_YEARS:
        amount = salaries[yop]
        row = rows.get(yop)
        if row is None:
            rows[yop] = SalaryRate.objects.create(
                fiscal_year=year, year_on_programme=yop, annual_salary_yen=amount, assumed=assumed
            )
            changes[f"year_{yop}"] = [None, amount]
        elif (row.annual_salary_yen, row.assumed) != (amount, assumed):
            if row.annual_salary_yen != amount:
                changes[f"year_{yop}"] = [row.annual_salary_yen, amount]
            if row.assumed != assumed:
                changes.setdefault("assumed", [row.assumed, assumed])
            row.annual_salary_yen, row.assumed = amount, assumed
            row.save(update_fields=["annual_salary_yen", "assumed"])
    # rows beyond the table's (from another source) would silently override it: the table is these rows
    extra = [r for yop, r in rows.items() if yop not in SALARY_YEARS]
    for r in extra:
        changes[f"year_{r.year_on_programme}"] = [r.annual_salary_yen, None]
        r.delete()
    if changes:
        audit.record(actor=actor, action="year_rules.salary", obj=rows[1], changes=changes)
