from decimal import Decimal

import pytest

from jetpm.selection.ranking import ALTERNATE, NOT_SELECTED, SHORTLISTED, Candidate, propose


def c(i: int, z: float | None, score: str) -> Candidate:
    return Candidate(application_id=i, score=Decimal(score), z_score=z, mission_rank=i)


def test_ranks_by_z_score_then_score_within_the_seats():
    placed = propose([c(1, 0.1, "90"), c(2, 1.5, "70"), c(3, None, "99"), c(4, 1.5, "80")], seats=2)
    assert [(p.candidate.application_id, p.result, p.alternate_rank) for p in placed] == [
        (4, SHORTLISTED, None),
        (2, SHORTLISTED, None),
        (1, ALTERNATE, 1),
        (3, ALTERNATE, 2),
    ]


def test_limited_alternates_leave_the_rest_not_selected():
    placed = propose([c(i, float(-i), "50") for i in range(1, 6)], seats=1, alternates=2)
    assert [p.result for p in placed] == [SHORTLISTED, ALTERNATE, ALTERNATE, NOT_SELECTED, NOT_SELECTED]
    assert [p.alternate_rank for p in placed] == [None, 1, 2, None, None]


def test_no_candidates_and_negative_input():
    assert propose([], seats=3) == []
    with pytest.raises(ValueError):
        propose([], seats=-1)
