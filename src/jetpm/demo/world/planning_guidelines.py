"""The demo world's guidelines and screening criteria: approved guidelines for the intakes of FY2025, FY2026
and FY2027 (FY2026 corrected once: version 1 superseded by version 2), and a FY2028 draft copied from FY2027.

The criteria are plausible but the demo's own: weights per stage, scales 1–5 (documents, interview) and
1–10 (the CIR Japanese test). The guideline text is written for the demo and is not the Council's wording.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils import timezone

from jetpm.core.calendar import fiscal_year_label
from jetpm.core.models import User
from jetpm.core.states import JapaneseLevel, OrgKind, Role
from jetpm.demo.world.walk import Walk
from jetpm.planning.models import Criterion, Guideline
from jetpm.planning.services.guidelines import EDITABLE_FIELDS
from jetpm.planning.states import GuidelineStatus, ScreeningStage
from jetpm.planning.workflows import GUIDELINES

if TYPE_CHECKING:
    from jetpm.demo.generator import DemoContext

APPROVED_YEARS = (2025, 2026, 2027)
DRAFT_YEAR = 2028
CORRECTED_YEAR = 2026  # approved twice: version 1 (superseded) and its correction, version 2

# (stage, code, Japanese name, English name, weight, lowest, highest)
CRITERIA: list[tuple[str, str, str, str, str, int, int]] = [
    (
        ScreeningStage.DOCUMENTS,
        "motivation",
        "志望動機・志望理由書",
        "Motivation and statement of purpose",
        "30",
        1,
        5,
    ),
    (
        ScreeningStage.DOCUMENTS,
        "experience",
        "指導・国際交流の経験",
        "Teaching and exchange experience",
        "25",
        1,
        5,
    ),
    (ScreeningStage.DOCUMENTS, "academic", "学業成績", "Academic record", "15", 1, 5),
    (ScreeningStage.DOCUMENTS, "language", "語学力", "Language ability", "15", 1, 5),
    (ScreeningStage.DOCUMENTS, "adaptability", "適応力", "Adaptability", "15", 1, 5),
    (ScreeningStage.INTERVIEW, "communication", "コミュニケーション能力", "Communication", "30", 1, 5),
    (ScreeningStage.INTERVIEW, "cultural", "異文化への適応力", "Cultural adaptability", "25", 1, 5),
    (ScreeningStage.INTERVIEW, "teaching", "模擬授業", "Teaching demonstration", "25", 1, 5),
    (ScreeningStage.INTERVIEW, "motivation", "意欲", "Motivation", "20", 1, 5),
    (ScreeningStage.JAPANESE_TEST, "reading", "読解", "Reading", "30", 1, 10),
    (ScreeningStage.JAPANESE_TEST, "writing", "作文", "Writing", "30", 1, 10),
    (ScreeningStage.JAPANESE_TEST, "conversation", "会話", "Conversation", "40", 1, 10),
]

TEXT_JA = """【デモ用の文章です。実際の募集要項ではありません。】

{label}のJETプログラム参加者を募集します。本要項は、国際化推進連合協議会が定めたデモ用の募集要項です。外国語指導助手（ALT）、国際交流員（CIR）及びスポーツ国際交流員（SEA）として、日本の地方公共団体等で地域の国際化と外国語教育に携わる方を募集します。

応募者は、来日日までに学士号を取得（又は取得見込み）し、募集国の国籍を有し、指定言語に優れた能力を有する必要があります。国際交流員の応募者には、日本語能力試験{cir_level}程度以上の日本語能力が求められます。

過去にJETプログラムに参加した方は、最後の任用期間の終了から{gap}年以上経過し、かつ通算の参加年数が{cap}年未満である場合に応募できます。過去10年間に日本に通算{max_japan}年以上居住した方は応募できません。

選考は、書類選考、面接（国際交流員は日本語試験を含む）の順に行います。審査基準と配点は本要項の別表のとおりです。応募書類は、各在外公館が定める期間内にオンラインで提出してください。"""

TEXT_EN = """[Demo text written for this demo world; not the Council's actual guideline.]

Applications are invited for the JET Programme intake of {label}. These guidelines are the demo world's
own: they describe how Assistant Language Teachers (ALT), Coordinators for International Relations (CIR)
and Sports Exchange Advisors (SEA) are recruited to work with local authorities and schools in Japan.

Applicants must hold a bachelor's degree by the arrival date (or expect to), hold the nationality of the
country in which they apply, and have an excellent command of the designated language. Applicants for
CIR positions need Japanese at JLPT level {cir_level} or above.

Former participants may apply again when at least {gap} years have passed since their last term and
they have taken part for fewer than {cap} years in total. Applicants who have lived in Japan for
{max_japan} years or more in total in the last ten years are not eligible.

Screening takes place in stages: document screening, then an interview (with a Japanese test for CIR
applicants). The criteria and their weights are listed with these guidelines. Submit the application
online within the period set by your Japanese embassy or consulate-general."""


def _texts(year: int, g: Guideline) -> tuple[str, str]:
    values = {
        "cir_level": g.cir_japanese_level,
        "gap": g.former_participant_gap_years,
        "cap": g.lifetime_cap_years,
        "max_japan": g.max_years_in_japan,
    }
    ja = TEXT_JA.format(label=fiscal_year_label(year, "ja"), **values)
    en = TEXT_EN.format(label=fiscal_year_label(year, "en"), **values).replace("\n\n", "\0")
    return ja, en.replace("\n", " ").replace("\0", "\n\n")


def _approver(ctx: DemoContext) -> User | None:
    return ctx.users.get(f"{OrgKind.COUNCIL}.{Role.APPROVER}")


def _rules(year: int) -> dict[str, object]:
    """The years differ a little, as real guidelines do from year to year."""
    return {
        "former_participant_gap_years": 3 if year < 2027 else 5,
        "lifetime_cap_years": 5,
        "max_years_in_japan": 6,
        "cir_japanese_level": JapaneseLevel.N2,
        "statement_max_words": 1000 if year == 2025 else 1200,
    }


def _criteria_of(g: Guideline) -> list[Criterion]:
    return [
        Criterion(
            guideline=g,
            stage=stage,
            code=code,
            name_ja=ja,
            name_en=en,
            weight=Decimal(weight),
            scale_min=lo,
            scale_max=hi,
            order=i,
        )
        for i, (stage, code, ja, en, weight, lo, hi) in enumerate(CRITERIA)
    ]


def build_guidelines(ctx: DemoContext) -> None:
    approver = _approver(ctx)
    tz = timezone.get_current_timezone()

    def approved_at(year: int, days: int = 0) -> datetime:
        # approved by the Council in the summer before the intake's recruitment opens (autumn of year - 1)
        return datetime(year - 1, 7, 20, 10, tzinfo=tz) + timedelta(days=days + ctx.rng.randint(0, 10))

    first: list[Guideline] = []
    for year in APPROVED_YEARS:
        g = Guideline(
            intake_year=year,
            version=1,
            status=GuidelineStatus.SUPERSEDED if year == CORRECTED_YEAR else GuidelineStatus.APPROVED,
            approved_by=approver,
            approved_at=approved_at(year),
            **_rules(year),  # type: ignore[arg-type]
        )
        g.text_ja, g.text_en = _texts(year, g)
        first.append(g)
    # drafted, then approved through the workflow layer; the correction supersedes the version it corrects
    approving = Walk(GUIDELINES)
    for g in first:
        approving.plan(g, [GuidelineStatus.DRAFT, GuidelineStatus.APPROVED])
    first = Guideline.objects.bulk_create(first)
    approving.run(when=lambda g, status: g.approved_at)
    by_year = {g.intake_year: g for g in first}

    old = by_year[CORRECTED_YEAR]
    correction = Guideline(
        intake_year=CORRECTED_YEAR,
        version=2,
        status=GuidelineStatus.APPROVED,
        supersedes=old,
        approved_by=approver,
        approved_at=approved_at(CORRECTED_YEAR, days=30),
        **_rules(CORRECTED_YEAR),  # type: ignore[arg-type]
    )
    # the correction: the statement of purpose may be longer than version 1 said
    correction.statement_max_words = 1500
    correction.text_ja, correction.text_en = _texts(CORRECTED_YEAR, correction)
    latest = by_year[max(APPROVED_YEARS)]
    draft = Guideline(
        intake_year=DRAFT_YEAR,
        version=1,
        status=GuidelineStatus.DRAFT,
        **{name: getattr(latest, name) for name in EDITABLE_FIELDS},  # a copy of the latest year
    )
    correcting = Walk(GUIDELINES)
    correcting.plan(correction, [GuidelineStatus.DRAFT, GuidelineStatus.APPROVED])
    correcting.plan(draft, [GuidelineStatus.DRAFT])
    rest = Guideline.objects.bulk_create([correction, draft])
    superseding = Walk(GUIDELINES)  # as approving the correction does: the version in force first
    superseding.plan(old, [GuidelineStatus.APPROVED, GuidelineStatus.SUPERSEDED])
    superseding.run(when=lambda g, status: correction.approved_at)
    correcting.run(when=lambda g, status: correction.approved_at)

    Criterion.objects.bulk_create(c for g in [*first, *rest] for c in _criteria_of(g))
    ctx.extra["guidelines"] = {
        g.intake_year: g for g in [*first, *rest] if g.status != GuidelineStatus.SUPERSEDED
    }
