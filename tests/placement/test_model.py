"""Parsing and validation of the instance: each bad input is rejected with a message naming the item."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from jetpm.placement.engine import InstanceError, parse_instance, solve, to_output

CONTRACT: dict[str, Any] = {
    "participants": [
        {
            "id": "P0001",
            "job_type": "ALT",
            "language": "en",
            "japanese_level": 2,
            "preferences": ["13", "27", "01"],
            "score": 87.5,
            "attributes": ["drivers_licence"],
            "partner": "P0002",
        },
        {
            "id": "P0002",
            "job_type": "ALT",
            "language": "en",
            "japanese_level": 0,
            "preferences": [],
            "score": 60,
            "partner": "P0001",
        },
    ],
    "positions": [
        {
            "id": "S0001",
            "organisation": "132012",
            "prefecture": "13",
            "job_type": "ALT",
            "language": "en",
            "capacity": 2,
            "min_japanese_level": 0,
            "requires": ["drivers_licence"],
        },
    ],
}


def test_contract_example_parses_and_solves() -> None:
    instance = parse_instance(CONTRACT)
    assert instance.couples == [("P0001", "P0002")]
    out = to_output(solve(instance, "optimal"))
    assert list(out) == ["mode", "assignments", "unassigned", "summary"]
    assert out["assignments"] == {"P0001": "S0001"}  # P0002 has no driver's licence
    assert out["unassigned"] == ["P0002"]
    summary = out["summary"]
    assert list(summary) == [
        "participants",
        "positions",
        "seats",
        "assigned",
        "unassigned",
        "first_choice",
        "second_choice",
        "third_choice",
        "unlisted",
        "total_cost",
        "couples_together",
        "couples_split",
        "blocking_pairs",
        "seconds",
    ]
    assert {k: v for k, v in summary.items() if k != "seconds"} == {
        "participants": 2,
        "positions": 1,
        "seats": 2,
        "assigned": 1,
        "unassigned": 1,
        "first_choice": 1,
        "second_choice": 0,
        "third_choice": 0,
        "unlisted": 0,
        "total_cost": 0,
        "couples_together": 0,
        "couples_split": 0,
        "blocking_pairs": 0,
    }
    assert all(type(v) is int for k, v in summary.items() if k != "seconds")


def test_optional_fields_may_be_left_out() -> None:
    instance = parse_instance(
        {
            "participants": [
                {
                    "id": "A",
                    "job_type": "CIR",
                    "language": "zh",
                    "japanese_level": 5,
                    "preferences": [],
                    "score": 1,
                }
            ],
            "positions": [
                {
                    "id": "S",
                    "organisation": "O",
                    "prefecture": "47",
                    "job_type": "CIR",
                    "language": "zh",
                    "capacity": 1,
                }
            ],
        }
    )
    result = solve(instance, "stable")
    assert result.assignments == {"A": "S"}
    assert result.summary["unlisted"] == 1 and result.summary["total_cost"] == 10


def broken(path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    doc = copy.deepcopy(CONTRACT)
    target: Any = doc
    for key in path[:-1]:
        target = target[key]
    if value is KeyError:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return doc


@pytest.mark.parametrize(
    ("doc", "message"),
    [
        ([], "must be a JSON object"),
        ({"participants": []}, "'positions' must be a list"),
        ({"participants": [], "positions": [], "extra": 1}, "unknown top-level field 'extra'"),
        (
            broken(("participants", 0, "preferences"), ["13", "48"]),
            "participant 'P0001': unknown prefecture '48'",
        ),
        (
            broken(("participants", 0, "preferences"), ["13", "13"]),
            "participant 'P0001': 'preferences' repeats",
        ),
        (broken(("participants", 0, "preferences"), ["13", "27", "01", "02"]), "at most 3"),
        (
            broken(("participants", 1, "preferences"), KeyError),
            "participant 'P0002': 'preferences' is missing",
        ),
        (broken(("positions", 0, "prefecture"), "99"), "position 'S0001': unknown prefecture '99'"),
        (broken(("positions", 0, "capacity"), -1), "position 'S0001': 'capacity' must be at least 0, not -1"),
        (broken(("positions", 0, "capacity"), 1.5), "position 'S0001': 'capacity' must be an integer"),
        (broken(("positions", 0, "capacity"), True), "position 'S0001': 'capacity' must be an integer"),
        (broken(("participants", 1, "id"), "P0001"), "participant 'P0001': duplicate id"),
        (broken(("participants", 1, "partner"), KeyError), "partner 'P0002' does not name 'P0001'"),
        (broken(("participants", 0, "partner"), "P0009"), "partner 'P0009' is not a participant"),
        (broken(("participants", 0, "partner"), "P0001"), "'partner' is the participant itself"),
        (broken(("participants", 0, "japanese_level"), 6), "'japanese_level' must be between 0 and 5"),
        (
            broken(("participants", 0, "score"), "high"),
            "participant 'P0001': 'score' must be a finite number",
        ),
        (broken(("participants", 0, "score"), KeyError), "participant 'P0001': 'score' is missing"),
        (broken(("participants", 0, "job_type"), ""), "'job_type' must be a non-empty string"),
        (broken(("participants", 0, "attributes"), "drivers_licence"), "'attributes' must be a list"),
        (broken(("participants", 0, "colour"), "red"), "participant 'P0001': unknown field 'colour'"),
        (broken(("participants", 0), 7), "participant #1: must be a JSON object"),
        (broken(("positions", 0, "id"), KeyError), "position #1: 'id' is missing"),
        (broken(("positions", 0, "requires"), [""]), "'requires' must be a list of non-empty strings"),
        ({"participants": [], "positions": [CONTRACT["positions"][0]] * 2}, "position 'S0001': duplicate id"),
    ],
)
def test_bad_instances_are_rejected_naming_the_item(doc: Any, message: str) -> None:
    with pytest.raises(InstanceError) as exc:
        parse_instance(doc)
    assert message in str(exc.value)


def test_unknown_mode() -> None:
    with pytest.raises(ValueError, match="unknown mode 'best'"):
        solve(parse_instance(CONTRACT), "best")
