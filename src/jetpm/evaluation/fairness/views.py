"""The fairness view for HQ and the Council: selection rates by group (four-fifths rule, small groups as
counts only), the panels compared before and after calibration, their reviewers' agreement and drift, and
the decisions calibration changed. National views only (404 to anyone else)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from jetpm.core import charts
from jetpm.core.calendar import fiscal_year_label
from jetpm.core.http import AuthedRequest
from jetpm.core.scoping import scope_of
from jetpm.core.views import forbid_unless
from jetpm.evaluation.fairness import selectors, stats
from jetpm.evaluation.outcomes import funnel, labels
from jetpm.evaluation.outcomes import selectors as outcomes
from jetpm.evaluation.outcomes.forms import BREAKDOWN_CHOICES
from jetpm.evaluation.outcomes.views import parse
from jetpm.evaluation.permissions import can_see_outcomes
from jetpm.screening.states import Stage

RATE_BREAKDOWNS = [(k, v) for k, v in BREAKDOWN_CHOICES if k != "panel"] + [
    (k, v) for k, v in BREAKDOWN_CHOICES if k == "panel"
]


def verdict_label(verdict: str) -> str:
    return {"severe": _("Severe"), "lenient": _("Lenient")}.get(verdict, "")


@login_required
def fairness(request: AuthedRequest) -> HttpResponse:
    forbid_unless(can_see_outcomes(scope_of(request.user)))
    fy, by, _fmt = parse(request)
    if "by" not in request.GET:
        by = "gender"
    rows = funnel.funnel(outcomes.records(request.user, fiscal_year=fy), fiscal_year=fy, by=by)[:-1]
    names = labels.group_labels(by, [r.group for r in rows])
    rates = stats.selection_rates({r.group: (r.applicants, r.selected) for r in rows})
    panels = stats.panels(
        selectors.scored(request.user, fiscal_year=fy), selectors.scored(request.user, fiscal_year=fy - 1)
    )
    effect = stats.calibration_effect(selectors.selection_lists(request.user, fiscal_year=fy))
    panel_names = labels.panel_labels({p.panel for p in panels} | {e.panel for e in effect.by_panel})
    stage_names = dict(Stage.choices)
    interview = [p for p in panels if p.stage == Stage.INTERVIEW] or panels
    year = fiscal_year_label(fy)
    flagged = [p for p in interview if p.verdict]
    chart_panels = sorted(interview, key=lambda p: p.offset_before)[:12]
    chart = charts.diverging_pairs(
        "chart-severity",
        title=_("Severity and leniency of the panels before and after calibration, %(year)s")
        % {"year": year},
        desc="; ".join(
            _("%(panel)s: %(before)+.2f before, %(after)s after")
            % {
                "panel": panel_names.get(p.panel, p.panel),
                "before": p.offset_before,
                "after": "–" if p.offset_after is None else f"{p.offset_after:+.2f}",
            }
            for p in chart_panels
        ),
        legend=(_("Before calibration"), _("After calibration")),
        items=[(panel_names.get(p.panel, p.panel), p.offset_before, p.offset_after) for p in chart_panels],
    )
    return render(
        request,
        "evaluation/fairness.html",
        {
            "fy": fy,
            "by": by,
            "by_label": dict(BREAKDOWN_CHOICES)[by],
            "years": outcomes.intake_years(request.user),
            "breakdowns": RATE_BREAKDOWNS,
            "rates": [(r, labels.label(names, r.group)) for r in rates],
            "min_group": stats.MIN_GROUP,
            "panels": [
                (
                    p,
                    panel_names.get(p.panel, p.panel),
                    stage_names.get(p.stage, p.stage),
                    verdict_label(p.verdict),
                )
                for p in panels
            ],
            "flagged": [(p, panel_names.get(p.panel, p.panel), verdict_label(p.verdict)) for p in flagged],
            "effect": effect,
            "effects": [
                (e, panel_names.get(e.panel, e.panel))
                for e in effect.by_panel
                if e.gained or e.panel in {p.panel for p in flagged}
            ],
            "chart": chart,
            "marked": stats.MARKED,
        },
    )
