"""Writes of costs: the year's flat amounts (travel, insurance), and the audit of cost-table downloads."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from jetpm.appointments.models import CostRates
from jetpm.appointments.permissions import can_edit_cost_rates, can_export_costs
from jetpm.core import audit
from jetpm.core.errors import DomainError, PermissionDenied
from jetpm.core.models import User
from jetpm.core.scoping import scope_of

MAX_AMOUNT_YEN = 10_000_000


@transaction.atomic
def set_cost_rates(
    *, actor: User, fiscal_year: int, travel_arrival_yen: int, travel_return_yen: int, insurance_yen: int
) -> CostRates:
    """Set a programme year's travel and insurance amounts (CLAIR and MIC staff)."""
    if not can_edit_cost_rates(scope_of(actor)):
        raise PermissionDenied(_("You may not set the cost rates."))
    if not 1987 <= fiscal_year <= 2100:
        raise DomainError(_("Give a fiscal year between 1987 and 2100."), field="fiscal_year")
    values = {
        "travel_arrival_yen": travel_arrival_yen,
        "travel_return_yen": travel_return_yen,
        "insurance_yen": insurance_yen,
    }
    for name, value in values.items():
        if not 0 <= value <= MAX_AMOUNT_YEN:
            raise DomainError(
                _("The amount must be between 0 and %(max)s yen.") % {"max": f"{MAX_AMOUNT_YEN:,}"},
                field=name,
            )
    row = CostRates.objects.select_for_update(of=("self",)).filter(fiscal_year=fiscal_year).first()
    if row is None:
        row = CostRates.objects.create(fiscal_year=fiscal_year, **values)
        changes = {k: [None, v] for k, v in values.items()}
    else:
        changes = {k: [getattr(row, k), v] for k, v in values.items() if getattr(row, k) != v}
        for k, v in values.items():
            setattr(row, k, v)
        row.save()
    audit.record(actor=actor, action="cost_rates.set", obj=row, changes=changes)
    return row


@transaction.atomic
def record_cost_export(*, actor: User, fiscal_year: int, fmt: str, rows: int) -> None:
    """Every download of the national cost table is audited."""
    if not can_export_costs(scope_of(actor)):
        raise PermissionDenied(_("You may not download the national cost table."))
    audit.record(
        actor=actor,
        action="costs.export",
        obj=actor,
        changes={"fiscal_year": [None, fiscal_year], "format": [None, fmt], "rows": [None, rows]},
    )
