"""Pure grouping of the survey's responses (no Django): per group (a prefecture, a kind of organisation),
how many were invited and answered, and the tally of the submitted answers (questionnaires/tally.py)."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from jetpm.questionnaires.tally import QuestionResult, QuestionSpec, tally


@dataclass
class Group:
    key: Hashable
    invited: int = 0
    answered: int = 0
    results: dict[str, QuestionResult] = field(default_factory=dict)

    @property
    def percent(self) -> int:
        return round(100 * self.answered / self.invited) if self.invited else 0

    def average(self, key: str) -> float | None:
        result = self.results.get(key)
        return result.average if result is not None else None

    def share_yes(self, key: str) -> int | None:
        """The percentage of yes among the answers to a yes/no question (None when nobody answered)."""
        result = self.results.get(key)
        if result is None or not result.answered:
            return None
        return round(100 * result.counts.get("yes", 0) / result.answered)


def group(
    specs: Sequence[QuestionSpec], rows: Iterable[tuple[Hashable, bool, Mapping[str, Any]]]
) -> list[Group]:
    """``rows``: (group key, submitted?, answers) per invited respondent → one :class:`Group` per key, in the
    order the keys first appear."""
    groups: dict[Hashable, Group] = {}
    answers: dict[Hashable, list[Mapping[str, Any]]] = {}
    for key, submitted, given in rows:
        g = groups.setdefault(key, Group(key))
        g.invited += 1
        if submitted:
            g.answered += 1
            answers.setdefault(key, []).append(given or {})
    for key, g in groups.items():
        g.results = {r.key: r for r in tally(specs, answers.get(key, []))}
    return list(groups.values())
