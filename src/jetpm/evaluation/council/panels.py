"""The findings shown on next year's guideline (planning's page, through core/panels.py): which findings
changed the guideline and which of its criteria."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string

from jetpm.core.panels import record_panel
from jetpm.evaluation.council import selectors


@record_panel("planning.Guideline")
def guideline_findings(request: HttpRequest, guideline: Any) -> str:
    changes = selectors.changes_to_guideline(request.user, guideline)  # type: ignore[arg-type]
    if not changes:
        return ""
    return render_to_string(
        "evaluation/council/_findings_panel.html",
        {"findings": selectors.by_finding(changes), "document": guideline},
        request=request,
    )
