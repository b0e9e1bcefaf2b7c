"""Pure aggregation of a questionnaire's answers (no Django): per question, how many answered, the count of
each choice, and the sum and average of numbers and scales."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

NUMERIC = frozenset({"number", "scale"})
CHOICE = frozenset({"single", "multiple", "yes_no"})


@dataclass(frozen=True)
class QuestionSpec:
    key: str
    kind: str  # a QuestionKind value
    choices: tuple[str, ...] = ()  # the values of a choice question, in order


@dataclass
class QuestionResult:
    key: str
    kind: str
    answered: int = 0
    counts: dict[str, int] = field(default_factory=dict)  # choice value -> how many chose it
    total: float | None = None  # numbers and scales
    average: float | None = None
    texts: list[str] = field(default_factory=list)  # text answers (not empty)


def _blank(value: Any) -> bool:
    return value is None or value == "" or value == []


def tally(questions: Sequence[QuestionSpec], answers: Iterable[Mapping[str, Any]]) -> list[QuestionResult]:
    """One result per question, in the questions' order, from the answers (one mapping key -> value per
    respondent; a missing or empty value is not an answer)."""
    results = []
    for q in questions:
        counts = dict.fromkeys(q.choices, 0) if q.kind in CHOICE else {}
        if q.kind == "yes_no" and not counts:
            counts = {"yes": 0, "no": 0}
        results.append(QuestionResult(key=q.key, kind=q.kind, counts=counts))
    by_key = {r.key: r for r in results}
    sums: dict[str, float] = {}
    for row in answers:
        for key, result in by_key.items():
            value = row.get(key)
            if _blank(value):
                continue
            result.answered += 1
            if result.kind in NUMERIC:
                sums[key] = sums.get(key, 0.0) + float(value)  # type: ignore[arg-type]
            elif result.kind == "multiple":
                for v in value if isinstance(value, list | tuple) else [value]:
                    result.counts[str(v)] = result.counts.get(str(v), 0) + 1
            elif result.kind in CHOICE:
                v = ("yes" if value else "no") if isinstance(value, bool) else str(value)
                result.counts[v] = result.counts.get(v, 0) + 1
            else:
                result.texts.append(str(value))
    for key, result in by_key.items():
        if result.kind in NUMERIC:
            total = sums.get(key, 0.0)
            result.total = int(total) if total.is_integer() else round(total, 2)
            result.average = round(total / result.answered, 2) if result.answered else None
    return results


def progress(statuses: Iterable[str], *, done: str = "submitted") -> tuple[int, int, int]:
    """(invited, answered, percent answered) of a list of response statuses."""
    values = list(statuses)
    answered = sum(1 for s in values if s == done)
    return len(values), answered, round(100 * answered / len(values)) if values else 0
