"""Outreach test data built through the services (the world fixture has none)."""

from __future__ import annotations

from datetime import date

from jetpm.core.models import Organisation, User
from jetpm.outreach import services
from jetpm.outreach.models import OutreachActivity, SelfEvaluation
from jetpm.outreach.services import ActivityInput


def activity_input(**overrides: object) -> ActivityInput:
    fields: dict[str, object] = {
        "fiscal_year": 2025,
        "kind": "info_session",
        "status": "done",
        "date": date(2025, 10, 7),
        "place": "SOAS University of London",
        "audience": "university_students",
        "alumni_involved": 2,
        "attendance": 40,
        "cost_yen": 30000,
        "notes": "",
    }
    fields.update(overrides)
    return ActivityInput(**fields)  # type: ignore[arg-type]


def add_activity(actor: User, mission: Organisation, **overrides: object) -> OutreachActivity:
    return services.create_activity(actor=actor, mission_id=mission.pk, data=activity_input(**overrides))


def submitted_evaluation(actor: User, mission: Organisation, year: int = 2025) -> SelfEvaluation:
    """A submitted self-evaluation (``actor`` must be the mission's approver or admin)."""
    ev = services.create_evaluation(actor=actor, mission_id=mission.pk, fiscal_year=year)
    services.update_evaluation(
        actor=actor,
        evaluation_id=ev.pk,
        what_worked="Sessions",
        what_did_not_work="Ads",
        changes_next_year="More sessions",
    )
    return services.submit_evaluation(actor=actor, evaluation_id=ev.pk)
