"""The architecture contracts (pyproject.toml ``[tool.importlinter]``, docs/architecture.md "Architecture
contracts"): the code keeps them, and each one breaks when a forbidden import is added. `make test` also runs
``lint-imports``, which prints the offending chains; this test proves that the contracts bite, on the real
import graph with one import added."""

from __future__ import annotations

from copy import deepcopy
from pathlib import Path
from typing import Any

import grimp
import pytest
from importlinter.api import read_configuration
from importlinter.contracts.forbidden import ForbiddenContract
from importlinter.contracts.layers import LayersContract

PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"
CLASSES: dict[str, Any] = {"layers": LayersContract, "forbidden": ForbiddenContract}


@pytest.fixture(scope="module")
def config() -> dict[str, Any]:
    return read_configuration(str(PYPROJECT))


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    return grimp.build_graph("jetpm", include_external_packages=True, cache_dir=None)


def _kept(config: dict[str, Any], graph: grimp.ImportGraph) -> dict[str, bool]:
    """Each contract's id → whether the graph keeps it."""
    out = {}
    for options in config["contracts_options"]:
        contract = CLASSES[options["type"]](
            name=options["name"], session_options=config["session_options"], contract_options=options
        )
        out[options["id"]] = contract.check(deepcopy(graph), verbose=False).kept
    return out


def test_the_code_keeps_every_contract(config: dict[str, Any], graph: grimp.ImportGraph) -> None:
    kept = _kept(config, graph)
    assert set(kept) == {"stages", "pure"}
    assert all(kept.values()), f"broken: {[c for c, ok in kept.items() if not ok]} (run lint-imports)"


@pytest.mark.parametrize(
    ("importer", "imported", "contract"),
    [
        # an earlier stage imports a later one (also through a function-level import: grimp reads them all)
        ("jetpm.planning.services.plans", "jetpm.selection.models", "stages"),
        ("jetpm.placement.services.runs", "jetpm.appointments.models", "stages"),
        ("jetpm.applications.selectors_intake", "jetpm.screening.selectors", "stages"),
        # core imports a stage, or a consumer
        ("jetpm.core.models", "jetpm.planning.models", "stages"),
        ("jetpm.core.dashboard", "jetpm.stats.selectors", "stages"),
        # a stage imports a consumer; consumers import one another
        ("jetpm.appointments.selectors", "jetpm.api.common", "stages"),
        ("jetpm.stats.views", "jetpm.demo.generator", "stages"),
        # the portal is a consumer too, before the app exists
        ("jetpm.selection.services", "jetpm.portal.views", "stages"),
        ("jetpm.portal.views", "jetpm.stats.views", "stages"),
        # the later stages: appointments does not read the alumni; the pre-departure stage, the support desk
        # and the evaluation are independent of one another; the questionnaires serve every stage
        ("jetpm.appointments.models", "jetpm.alumni.models", "stages"),
        ("jetpm.predeparture.urls", "jetpm.support.urls", "stages"),
        ("jetpm.evaluation.urls", "jetpm.predeparture.urls", "stages"),
        ("jetpm.questionnaires.apps", "jetpm.planning.models", "stages"),
        # a new app must be placed in the layers (exhaustive)
        ("jetpm.newstage.models", "jetpm.core.models", "stages"),
        # a pure module imports Django, or a module that does
        ("jetpm.planning.apportionment", "django", "pure"),
        ("jetpm.placement.engine.model", "jetpm.placement.models", "pure"),
        ("jetpm.appointments.term_dates", "jetpm.core.models", "pure"),
        ("jetpm.core.calendar", "jetpm.core.scoping", "pure"),
    ],
)
def test_a_forbidden_import_breaks_its_contract(
    config: dict[str, Any], graph: grimp.ImportGraph, importer: str, imported: str, contract: str
) -> None:
    g = deepcopy(graph)
    for module in (importer, imported):
        parts = module.split(".")
        for n in range(1, len(parts) + 1):  # a new module, with its packages
            if ".".join(parts[:n]) not in g.modules and parts[0] == "jetpm":
                g.add_module(".".join(parts[:n]))
    g.add_import(importer=importer, imported=imported, line_number=1, line_contents=f"import {imported}")
    kept = _kept(config, g)
    assert kept[contract] is False
    assert all(ok for c, ok in kept.items() if c != contract)
