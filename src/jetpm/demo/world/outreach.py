"""Demo step of outreach: a year of PR activities per mission and their self-evaluations."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jetpm.demo.generator import DemoContext


def outreach_step(ctx: DemoContext) -> None:
    """Filled in by the outreach work."""
