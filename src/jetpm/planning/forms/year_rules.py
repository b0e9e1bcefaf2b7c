"""Forms of the rules of the year: the year, its rules (one form that reports every error at once, with the
same checks as the service), and which countries recruit each designated language."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jetpm.core.forms import DateInput, QuickCheckboxSelectMultiple
from jetpm.core.models import Country, Language
from jetpm.planning.services.year_rules import (
    FIRST_YEAR,
    LAST_YEAR,
    MAX_SALARY_YEN,
    MAX_TERM_LIMIT,
    SALARY_YEARS,
    YearRulesValues,
    problems,
)

SALARY_LABELS = {
    1: _("Annual salary in the 1st year (yen)"),
    2: _("Annual salary in the 2nd year (yen)"),
    3: _("Annual salary in the 3rd year (yen)"),
    4: _("Annual salary from the 4th year on (yen)"),
}


class RulesYearForm(forms.Form):
    year = forms.IntegerField(label=_("Programme (fiscal) year"), min_value=FIRST_YEAR, max_value=LAST_YEAR)


class YearRulesForm(forms.Form):
    decisions_open = forms.DateField(label=_("Reappointment decisions open"), widget=DateInput())
    decisions_close = forms.DateField(label=_("Reappointment decisions close"), widget=DateInput())
    max_term_years = forms.IntegerField(
        label=_("Maximum term (years)"), min_value=1, max_value=MAX_TERM_LIMIT
    )
    extension_allowed = forms.BooleanField(
        label=_("Extension beyond the maximum term allowed"), required=False
    )
    extension_max_years = forms.IntegerField(
        label=_("Maximum term with the extension (years)"), min_value=1, max_value=MAX_TERM_LIMIT
    )
    capable_until_year = forms.IntegerField(
        label=_("Last year on the programme for which “capable” suffices"),
        help_text=_(
            "Later years need “especially excellent” (usually: years 2–3 capable, 4–5 especially excellent)."
        ),
        min_value=1,
        max_value=MAX_TERM_LIMIT,
    )
    note = forms.CharField(
        label=_("Note on the round (e.g. the reason for an exception)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    summer_start = forms.DateField(
        label=_("Summer start of the terms"),
        help_text=_(
            "April–June arrivals serve their first term until the summer arrivals' first term ends "
            "(the day before its anniversary)."
        ),
        widget=DateInput(),
    )
    salary_1 = forms.IntegerField(label=SALARY_LABELS[1], min_value=1, max_value=MAX_SALARY_YEN)
    salary_2 = forms.IntegerField(label=SALARY_LABELS[2], min_value=1, max_value=MAX_SALARY_YEN)
    salary_3 = forms.IntegerField(label=SALARY_LABELS[3], min_value=1, max_value=MAX_SALARY_YEN)
    salary_4 = forms.IntegerField(label=SALARY_LABELS[4], min_value=1, max_value=MAX_SALARY_YEN)
    salaries_assumed = forms.BooleanField(
        label=_("The salary table is an estimate, not a published figure"), required=False
    )

    def __init__(self, *args: Any, year: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.year = year

    def values(self) -> YearRulesValues:
        d = self.cleaned_data
        return YearRulesValues(
            decisions_open=d["decisions_open"],
            decisions_close=d["decisions_close"],
            max_term_years=d["max_term_years"],
            extension_allowed=d["extension_allowed"],
            extension_max_years=d["extension_max_years"],
            capable_until_year=d["capable_until_year"],
            summer_start=d["summer_start"],
            salaries={yop: d[f"salary_{yop}"] for yop in SALARY_YEARS},
            salaries_assumed=d["salaries_assumed"],
            note=d.get("note") or "",
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # the service's checks on every value the fields accepted (a refused one is None: its checks are
        # skipped), so that every error is reported at once
        values = {name: data.get(name) for name in self.fields}
        for name, message in problems(self.year, values):
            if name not in self.errors:
                self.add_error(name if name in self.fields else None, message)
        return data


class CountryLanguagesForm(forms.Form):
    """One set of checkboxes per designated language: the countries that recruit it."""

    def __init__(
        self, *args: Any, languages: list[Language], countries: list[Country], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        choices = [(c.code, c.name) for c in countries]
        self.languages = languages
        for lang in languages:
            self.fields[f"lang_{lang.code}"] = forms.MultipleChoiceField(
                label=lang.name, choices=choices, required=False, widget=QuickCheckboxSelectMultiple
            )

    def table(self) -> dict[str, list[str]]:
        return {lang.code: list(self.cleaned_data.get(f"lang_{lang.code}") or []) for lang in self.languages}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and not any(data.get(f"lang_{lang.code}") for lang in self.languages):
            raise forms.ValidationError(_("Give at least one country for one language."))
        return data
