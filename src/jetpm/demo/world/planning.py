"""Demo steps of planning: requests, the country plan, guidelines (one function per subject)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jetpm.demo.generator import DemoContext


def requests_step(ctx: DemoContext) -> None:
    """Requests of every demo contracting organisation (see :mod:`jetpm.demo.world.planning_requests`)."""
    from jetpm.demo.world.planning_requests import requests_world

    requests_world(ctx)


def guidelines_step(ctx: DemoContext) -> None:
    """Guidelines and screening criteria of the demo years (see jetpm.demo.world.planning_guidelines)."""
    from jetpm.demo.world.planning_guidelines import build_guidelines

    build_guidelines(ctx)


def plan_step(ctx: DemoContext) -> None:
    """Approved FY2025–FY2027 country plans and a draft FY2028 one (jetpm.demo.world.planning_plans)."""
    from jetpm.demo.world.planning_plans import plan_step as build_plans

    build_plans(ctx)
