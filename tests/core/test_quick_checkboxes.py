"""The quick checkboxes write what Django's CheckboxSelectMultiple writes (names, values, ids, labels,
checked, escaping), without a template per option."""

from __future__ import annotations

import re

from django import forms

from jetpm.core.forms import QuickCheckboxSelectMultiple

CHOICES = [("GB", "United Kingdom"), ("IE", "Ireland"), ("X&<", 'Tricky "name" <b>')]


def _normal(html: str) -> str:
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", html.strip()))


def _form(widget: type[forms.Widget], data: dict | None = None) -> forms.Form:
    class F(forms.Form):
        countries = forms.MultipleChoiceField(choices=CHOICES, required=False, widget=widget)

    return F(data, initial={"countries": ["IE"]})


def test_same_html_as_djangos_checkboxes():
    ours = str(_form(QuickCheckboxSelectMultiple)["countries"])
    django = str(_form(forms.CheckboxSelectMultiple)["countries"])
    assert _normal(ours) == _normal(django)
    assert 'value="IE" id="id_countries_1" checked' in ours
    assert "&lt;b&gt;" in ours and "<b>" not in ours


def test_same_html_with_submitted_values_and_a_class():
    data = {"countries": ["GB", "X&<"]}
    ours = _form(QuickCheckboxSelectMultiple, data)["countries"].as_widget(attrs={"class": "columns"})
    django = _form(forms.CheckboxSelectMultiple, data)["countries"].as_widget(attrs={"class": "columns"})
    assert _normal(ours) == _normal(django)
    assert ours.count(" checked") == 2
