"""Helpers of the guideline tests: a draft with text and criteria, approved when asked."""

from __future__ import annotations

from decimal import Decimal

from jetpm.planning.models import Guideline
from jetpm.planning.services import guidelines as services
from tests.world import World

TEXT_JA = "デモ用の募集要項です。\n\n応募資格を確認してください。"
TEXT_EN = "The demo guideline.\n\nCheck the eligibility rules."


def draft(world: World, year: int = 2027, *, criteria: bool = True) -> Guideline:
    staff = world.users["mic.staff"]
    g = services.create_guideline(actor=staff, intake_year=year)
    services.update_guideline(actor=staff, guideline_id=g.pk, values={"text_ja": TEXT_JA, "text_en": TEXT_EN})
    if criteria:
        for i, (stage, code, weight, hi) in enumerate(
            [
                ("documents", "motivation", "30", 5),
                ("documents", "experience", "70", 5),
                ("interview", "communication", "100", 5),
                ("japanese_test", "reading", "1", 10),
            ]
        ):
            services.add_criterion(
                actor=staff,
                guideline_id=g.pk,
                values={
                    "stage": stage,
                    "code": code,
                    "name_ja": f"基準{i}",
                    "name_en": f"Criterion {i}",
                    "weight": Decimal(weight),
                    "scale_min": 1,
                    "scale_max": hi,
                    "order": i,
                },
            )
    g.refresh_from_db()
    return g


def approved(world: World, year: int = 2027) -> Guideline:
    g = draft(world, year)
    return services.approve_guideline(actor=world.users["council.approver"], guideline_id=g.pk)
