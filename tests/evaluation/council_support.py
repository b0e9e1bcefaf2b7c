"""Helpers of the Council tests: next year's drafts (guideline with criteria, examination rules) and a
finding of this year's discussion."""

from __future__ import annotations

from jetpm.evaluation.council import services
from jetpm.evaluation.models import ExaminationRules, Finding
from tests.world import World

RULES_JA = "試験実施要領の本文です。"
RULES_EN = "The text of the examination rules."


def rules_draft(world: World, year: int = 2027, *, text: bool = True) -> ExaminationRules:
    staff = world.users["mic.staff"]
    rules = services.create_examination_rules(actor=staff, intake_year=year)
    if text:
        rules = services.update_examination_rules(
            actor=staff, examination_rules_id=rules.pk, values={"text_ja": RULES_JA, "text_en": RULES_EN}
        )
    return rules


def finding(world: World, year: int = 2026, title: str = "Interview scores vary by panel") -> Finding:
    return services.record_finding(
        actor=world.users["council.approver"],
        fiscal_year=year,
        title=title,
        text="Severity before calibration differed markedly between panels.",
        source="fairness",
        source_link="/evaluation/fairness/",
    )
