"""Forms of the local governments' voice (the answers' form is the engine's AnswerForm)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jetpm.core.models import Prefecture
from jetpm.core.states import COKind, OrgKind

BLANK = [("", "---------")]


class StartForm(forms.Form):
    fiscal_year = forms.IntegerField(label=_("Fiscal year"), min_value=1987, max_value=2100)
    due_on = forms.DateField(label=_("Due"), widget=forms.DateInput(attrs={"type": "date"}))


class ResultsFilter(forms.Form):
    year = forms.IntegerField(label=_("Fiscal year"), min_value=1987, max_value=2100, required=False)
    kind = forms.ChoiceField(label=_("Kind of organisation"), required=False)
    prefecture = forms.ModelChoiceField(
        label=_("Prefecture"), queryset=Prefecture.objects.order_by("code"), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["kind"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = BLANK + list(COKind.choices) + [("host_org", OrgKind.HOST_ORG.label)]
