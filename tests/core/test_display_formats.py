"""Dates and numbers as people read them: English short dates day-first with the month's name (never the
US month/day/year), Japanese as Django writes them, ISO still accepted by date inputs."""

from __future__ import annotations

import datetime as dt

import pytest
from django import forms
from django.utils import translation
from django.utils.formats import date_format, get_format

from jetpm.core.collation import sort_key


def test_english_short_dates_are_day_month_name_year() -> None:
    day = dt.date(2026, 12, 7)
    moment = dt.datetime(2026, 12, 7, 5, 45)
    with translation.override("en"):
        assert date_format(day, "SHORT_DATE_FORMAT") == "7 Dec 2026"
        assert date_format(moment, "SHORT_DATETIME_FORMAT") == "7 Dec 2026, 05:45"


def test_japanese_short_dates_stay_year_first() -> None:
    with translation.override("ja"):
        assert date_format(dt.date(2026, 12, 7), "SHORT_DATE_FORMAT") == "2026/12/07"
        assert date_format(dt.datetime(2026, 12, 7, 5, 45), "SHORT_DATETIME_FORMAT") == "2026/12/07 05:45"
        # the long form is still Django's own
        assert date_format(dt.date(2026, 12, 7), "DATE_FORMAT") == "2026年12月7日"


class _DateForm(forms.Form):
    day = forms.DateField()
    moment = forms.DateTimeField()


def test_date_inputs_still_take_iso_in_both_languages() -> None:
    for language in ("en", "ja"):
        with translation.override(language):
            assert get_format("DATE_INPUT_FORMATS")[0] == "%Y-%m-%d"
            form = _DateForm(data={"day": "2026-12-07", "moment": "2026-12-07T05:45"})
            assert form.is_valid(), form.errors
            assert form.cleaned_data["day"] == dt.date(2026, 12, 7)
            # a date widget renders its value in ISO, as the HTML date picker expects
            assert 'value="2026-12-07"' in str(_DateForm(initial={"day": dt.date(2026, 12, 7)})["day"])


def test_names_sort_accents_aside() -> None:
    from jetpm.core.collation import sort_key

    names = ["Zambia", "Åland Islands", "Czechia", "Côte d'Ivoire", "Tuvalu", "Türkiye", "albania"]
    assert sorted(names, key=sort_key) == [
        "Åland Islands",
        "albania",
        "Côte d'Ivoire",
        "Czechia",
        "Türkiye",
        "Tuvalu",
        "Zambia",
    ]


@pytest.mark.django_db
def test_the_country_select_lists_english_names_alphabetically() -> None:
    from jetpm.core.forms import ByNameChoiceField
    from jetpm.core.models import Country

    with translation.override("en"):
        names = [
            str(label) for value, label in ByNameChoiceField(queryset=Country.objects.all()).choices if value
        ]
    assert names.index("Åland Islands") < names.index("Albania")
    assert names.index("Côte d'Ivoire") < names.index("Croatia") < names.index("Czechia")
    assert names.index("Türkiye") < names.index("Tuvalu")


@pytest.mark.django_db
def test_the_application_forms_other_nationalities_are_sorted_by_name_too() -> None:
    from jetpm.applications.portal.forms import step_form_class

    with translation.override("en"):
        form = step_form_class("personal")()
        names = [str(label) for value, label in form.fields["other_nationalities"].choices if value]
        assert names.index("Åland Islands") < names.index("Albania")
        assert names.index("Türkiye") < names.index("Tuvalu")
    with translation.override("ja"):
        form = step_form_class("personal")()
        names = [str(label) for value, label in form.fields["other_nationalities"].choices if value]
        assert "アルバニア" in names and names == sorted(names, key=sort_key)
