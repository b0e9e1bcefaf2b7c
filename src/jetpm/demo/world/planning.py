"""Demo steps of planning: requests, the country plan, guidelines (one function per subject)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jetpm.demo.generator import DemoContext


def requests_step(ctx: DemoContext) -> None:
    """Requests of every demo contracting organisation (filled in by the requests work)."""


def guidelines_step(ctx: DemoContext) -> None:
    """Guidelines and screening criteria of the demo years (filled in by the guidelines work)."""


def plan_step(ctx: DemoContext) -> None:
    """An approved FY2025 country plan (filled in by the plan work)."""
