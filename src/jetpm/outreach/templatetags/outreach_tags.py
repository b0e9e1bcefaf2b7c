"""Template filters of outreach's pages."""

from __future__ import annotations

from django import template

from jetpm.outreach.selectors import review_status_label

register = template.Library()


@register.filter
def evaluation_label(status: str | None) -> str:
    """A self-evaluation's status by its label (“Not started” when there is none), as the export says it."""
    return review_status_label(status)
