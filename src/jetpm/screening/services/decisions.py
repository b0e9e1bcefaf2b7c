"""The mission's decisions after each stage: pass to the next stage or not recommend (with a reason)."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from jetpm.applications.models import Application
from jetpm.applications.services.transitions import lock, move
from jetpm.core.errors import DomainError
from jetpm.core.models import User
from jetpm.screening.models import Panel, StageResult
from jetpm.screening.services._common import require_decider
from jetpm.screening.states import STAGES


def _decide_locked(app: Application, *, actor: User, stage: str, passed: bool, reason: str) -> None:
    if stage not in STAGES:
        raise DomainError(_("No decision is taken at this stage."), field="stage")
    rule = STAGES[stage]
    if app.status != rule.scored_in:
        raise DomainError(
            _("Application %(ref)s is not waiting for this decision (it is “%(status)s”).")
            % {"ref": app.reference, "status": app.get_status_display()},
            field="decision",
        )
    move(app, rule.passed if passed else rule.failed, actor=actor, reason=reason, action="screening.decision")
    StageResult.objects.update_or_create(application=app, stage=stage, defaults={"passed": passed})


@transaction.atomic
def decide(*, actor: User, application_id: int, stage: str, passed: bool, reason: str = "") -> Application:
    """Pass or fail one application after a stage (``move`` checks the status table and the reason)."""
    app = lock(application_id)
    require_decider(actor, app.mission_id)
    _decide_locked(app, actor=actor, stage=stage, passed=passed, reason=reason)
    return app


@transaction.atomic
def decide_by_cutoff(
    *, actor: User, panel_id: int, stage: str, cutoff: Decimal, reason: str
) -> tuple[int, int]:
    """Decide every application of a panel waiting after ``stage`` that has a final score: ≥ cutoff
    passes, below fails with the reason. Applications without a score are left alone. Returns
    (passed, failed)."""
    panel = Panel.objects.get(pk=panel_id)
    require_decider(actor, panel.mission_id)
    if stage not in STAGES:
        raise DomainError(_("No decision is taken at this stage."), field="stage")
    if not reason.strip():
        raise DomainError(_("A reason for those below the cut-off is required."), field="reason")
    source = STAGES[stage].scored_in
    results = {
        r.application_id: r.final
        for r in StageResult.objects.filter(
            application__assignment__panel=panel, stage=stage, application__status=source
        )
    }
    passed = failed = 0
    for app in (
        Application.objects.select_for_update(of=("self",))
        .filter(pk__in=[k for k, v in results.items() if v is not None])
        .select_related("person")
        .order_by("reference")
    ):
        ok = results[app.pk] >= cutoff
        _decide_locked(app, actor=actor, stage=stage, passed=ok, reason="" if ok else reason)
        passed += ok
        failed += not ok
    return passed, failed
