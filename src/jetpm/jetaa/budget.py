"""JETAA support's budget arithmetic and the assessment policy's checks: pure Python, no Django.

Amounts are whole yen. A local-currency amount converts at the rate used (yen per unit), rounded half up.
The policy's checks return the rules a proposed approval breaks (an empty list when it keeps them all), so a
service can refuse with every rule named and a page can show them beside the line before HQ decides."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

# Above these a figure is not a mistake the policy weighs but a typing error: refused outright.
MAX_LINE_YEN = 50_000_000  # one project line (a third of the national budget)
MAX_RATE = Decimal("100000")  # yen per unit of any currency
MAX_PARTICIPANTS = 1_000_000


def to_yen(amount_local: Decimal, rate_to_yen: Decimal) -> int:
    """The amount in yen at the rate used, rounded half up to the yen."""
    return int((Decimal(amount_local) * Decimal(rate_to_yen)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class Policy:
    """The parts of a year's assessment policy the checks use."""

    category_caps: Mapping[str, int]  # the most one line of the category may be approved for
    cap_per_participant_yen: int | None  # the most per expected participant


@dataclass(frozen=True)
class Breach:
    rule: str  # "category_cap", "per_participant_cap", "envelope"
    limit: int  # the limit in yen
    amount: int  # what it would come to


def policy_breaches(
    *, policy: Policy, category: str, expected_participants: int, approved_yen: int
) -> list[Breach]:
    """The policy's caps a line approved for ``approved_yen`` would break."""
    out: list[Breach] = []
    cap = policy.category_caps.get(category)
    if cap is not None and approved_yen > int(cap):
        out.append(Breach("category_cap", int(cap), approved_yen))
    per = policy.cap_per_participant_yen
    if per is not None and expected_participants > 0 and approved_yen > per * expected_participants:
        out.append(Breach("per_participant_cap", per * expected_participants, approved_yen))
    return out


def envelope_breach(
    *, envelope_yen: int | None, approved_elsewhere_yen: int, approved_yen: int
) -> Breach | None:
    """Whether approving ``approved_yen`` more would take the mission's approved total over its envelope."""
    if envelope_yen is None:
        return None
    total = approved_elsewhere_yen + approved_yen
    return Breach("envelope", envelope_yen, total) if total > envelope_yen else None


@dataclass(frozen=True)
class Totals:
    """One level of the budget: asked for, approved, committed, spent (paid out) and what remains."""

    requested: int = 0
    approved: int = 0
    committed: int = 0
    spent: int = 0
    budget: int | None = None  # the level's own budget (national budget, envelope), when it has one

    @property
    def remaining(self) -> int:
        """What is left: of the budget when the level has one (budget − approved), else approved − spent."""
        if self.budget is not None:
            return self.budget - self.approved
        return self.approved - self.spent

    @property
    def approved_unspent(self) -> int:
        """What is approved and not paid out yet (approved − spent), whether the level has a budget or not."""
        return self.approved - self.spent

    @property
    def uncommitted(self) -> int:
        return self.approved - self.committed

    @property
    def unspent(self) -> int:
        return self.committed - self.spent

    def __add__(self, other: Totals) -> Totals:
        budget = (
            None if self.budget is None and other.budget is None else (self.budget or 0) + (other.budget or 0)
        )
        return Totals(
            self.requested + other.requested,
            self.approved + other.approved,
            self.committed + other.committed,
            self.spent + other.spent,
            budget,
        )


def total(parts: Iterable[Totals], *, budget: int | None = None) -> Totals:
    out = Totals(budget=budget)
    for part in parts:
        out = Totals(
            out.requested + part.requested,
            out.approved + part.approved,
            out.committed + part.committed,
            out.spent + part.spent,
            budget,
        )
    return out


def cost_per_participant(spent_yen: int, participants: int) -> int | None:
    """Yen spent per participant, rounded half up; None when nobody took part."""
    if participants <= 0:
        return None
    return int((Decimal(spent_yen) / Decimal(participants)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def percent(part: int, whole: int) -> int | None:
    if whole <= 0:
        return None
    return int((Decimal(part) * 100 / Decimal(whole)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


# --- the stats table (formats/programme-figures.md, `jetpm stats jetaa-support`) --------------------------

SUPPORT_COLUMNS = (
    "fiscal_year",
    "mission",
    "chapters",
    "projects",
    "requested_yen",
    "approved_yen",
    "spent_yen",
    "reported",
    "evaluated",
)


@dataclass(frozen=True)
class MissionRow:
    mission: str  # the mission's code
    chapters: int
    projects: int
    requested_yen: int
    approved_yen: int
    spent_yen: int
    reported: int
    evaluated: int


def support_table(fiscal_year: int, rows: Iterable[MissionRow]) -> list[list[object]]:
    """One row per mission supporting at least one chapter, sorted by mission code, then ``total``."""
    kept = sorted((r for r in rows if r.chapters > 0), key=lambda r: r.mission)
    out: list[list[object]] = []
    sums = [0] * 7
    for r in kept:
        figures = [
            r.chapters,
            r.projects,
            r.requested_yen,
            r.approved_yen,
            r.spent_yen,
            r.reported,
            r.evaluated,
        ]
        sums = [a + b for a, b in zip(sums, figures, strict=True)]
        out.append([fiscal_year, r.mission, *figures])
    out.append([fiscal_year, "total", *sums])
    return out
