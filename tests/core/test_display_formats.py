"""Dates and numbers as people read them: English short dates day-first with the month's name (never the
US month/day/year), Japanese as Django writes them, ISO still accepted by date inputs."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import translation
from django.utils.formats import date_format, get_format


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
