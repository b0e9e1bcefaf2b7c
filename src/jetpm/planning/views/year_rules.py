"""The page of the rules of a programme year (``?year=Y``; the current fiscal year without it). Thin: parse,
call the selector or one service, render."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from jetpm.core import actions
from jetpm.core.calendar import fiscal_year_of
from jetpm.core.http import AuthedRequest
from jetpm.core.scoping import scope_of
from jetpm.core.views import forbid_unless
from jetpm.planning.forms.year_rules import CountryLanguagesForm, RulesYearForm, YearRulesForm
from jetpm.planning.permissions import can_edit_year_rules, can_view_year_rules
from jetpm.planning.selectors.year_rules import YearRules, recruiting_countries, year_rules
from jetpm.planning.services import year_rules as services


def _year(request: AuthedRequest) -> int:
    if "year" not in request.GET:
        return fiscal_year_of(timezone.localdate())
    form = RulesYearForm(request.GET)
    if not form.is_valid():
        raise Http404
    return int(form.cleaned_data["year"])


def _url(year: int) -> str:
    return reverse("planning:year_rules") + f"?year={year}"


def _initial(rules: YearRules) -> dict[str, object]:
    r = rules.round
    out: dict[str, object] = {
        "decisions_open": r.decisions_open,
        "decisions_close": r.decisions_close,
        "max_term_years": r.max_term_years,
        "extension_allowed": r.extension_max_years is not None,
        "extension_max_years": r.extension_max_years or r.max_term_years + 2,
        "capable_until_year": r.capable_until_year,
        "note": rules.round_note,
        "summer_start": rules.summer_start,
        "salaries_assumed": rules.salaries_assumed,
    }
    for row in rules.salaries:
        out[f"salary_{row.year_on_programme}"] = row.annual_salary_yen
    return out


def _languages_form(rules: YearRules, data: object = None) -> CountryLanguagesForm:
    return CountryLanguagesForm(
        data,  # type: ignore[arg-type]
        languages=[row.language for row in rules.languages],
        countries=recruiting_countries(rules.year),
        initial={f"lang_{row.language.code}": [c.code for c in row.countries] for row in rules.languages},
    )


def _render(
    request: AuthedRequest,
    rules: YearRules,
    form: YearRulesForm,
    languages_form: CountryLanguagesForm,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "planning/year_rules.html",
        {
            "rules": rules,
            "form": form,
            "languages_form": languages_form,
            "year_form": RulesYearForm(initial={"year": rules.year}),
            "can_edit": can_edit_year_rules(scope_of(request.user)),
            "previous_year": rules.year - 1,
            "next_year": rules.year + 1,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def year_rules_page(request: AuthedRequest) -> HttpResponse:
    scope = scope_of(request.user)
    forbid_unless(can_view_year_rules(scope))
    year = _year(request)
    rules = year_rules(request.user, year)
    if request.method == "POST":
        forbid_unless(can_edit_year_rules(scope))
        form = YearRulesForm(request.POST, year=year)
        if (
            form.is_valid()
            and actions.perform_form(
                request,
                form,
                lambda: services.set_year_rules(actor=request.user, year=year, values=form.values()),
                success=_("The rules of the year were saved."),
            ).ok
        ):
            return redirect(_url(year))
        return _render(request, rules, form, _languages_form(rules), status=400)
    return _render(request, rules, YearRulesForm(initial=_initial(rules), year=year), _languages_form(rules))


@login_required
@require_POST
def year_rules_languages(request: AuthedRequest) -> HttpResponse:
    scope = scope_of(request.user)
    forbid_unless(can_view_year_rules(scope) and can_edit_year_rules(scope))
    year = _year(request)
    rules = year_rules(request.user, year)
    form = _languages_form(rules, request.POST)
    if (
        form.is_valid()
        and actions.perform_form(
            request,
            form,
            lambda: services.set_country_languages(actor=request.user, year=year, table=form.table()),
            success=_("The countries' recruited languages were saved."),
        ).ok
    ):
        return redirect(_url(year) + "#languages")
    return _render(request, rules, YearRulesForm(initial=_initial(rules), year=year), form, status=400)
