"""Forms of the support desk: they parse; the rules are the services'."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jetpm.core.calendar import fiscal_year_label
from jetpm.support.states import CaseKind, CaseStatus, Category

_CHOOSE = [("", _("Choose…"))]


class QuestionForm(forms.Form):
    category = forms.ChoiceField(label=_("Category"), choices=[*_CHOOSE, *Category.choices], required=False)
    subject = forms.CharField(label=_("Subject"), max_length=200, required=False)
    body = forms.CharField(label=_("Your question"), widget=forms.Textarea(attrs={"rows": 6}), required=False)


class ConsultationForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of consultation"),
        choices=[
            *_CHOOSE,
            (CaseKind.ADVICE, CaseKind.ADVICE.label),
            (CaseKind.COUNSELLING, CaseKind.COUNSELLING.label),
        ],
        required=False,
        help_text=_("Counselling is confidential: only you and CLAIR's counsellors see it."),
    )
    category = forms.ChoiceField(label=_("Category"), choices=[*_CHOOSE, *Category.choices], required=False)
    subject = forms.CharField(label=_("Subject"), max_length=200, required=False)
    body = forms.CharField(label=_("Your message"), widget=forms.Textarea(attrs={"rows": 6}), required=False)

    def __init__(self, *args: Any, counselling: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not counselling:
            self.fields["kind"].choices = [*_CHOOSE, (CaseKind.ADVICE, CaseKind.ADVICE.label)]  # type: ignore[attr-defined]
            self.fields["kind"].help_text = ""


class MessageForm(forms.Form):
    body = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 5}), required=False)


class AssignForm(forms.Form):
    assignee = forms.TypedChoiceField(label=_("Assign to"), coerce=int, required=False)

    def __init__(self, *args: Any, users: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].choices = [*_CHOOSE, *((u.pk, u.get_username()) for u in users)]  # type: ignore[attr-defined]


class FaqForm(forms.Form):
    category = forms.ChoiceField(label=_("Category"), choices=[*_CHOOSE, *Category.choices], required=False)
    question = forms.CharField(
        label=_("Question (as the FAQ shows it)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Remove every name and detail that could tell who asked."),
    )
    answer = forms.CharField(
        label=_("Answer (as the FAQ shows it)"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )


class CaseFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *CaseStatus.choices]
    )
    category = forms.ChoiceField(
        label=_("Category"), required=False, choices=[("", _("All categories")), *Category.choices]
    )


class ConsultationFilterForm(CaseFilterForm):
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[
            ("", _("All kinds")),
            (CaseKind.ADVICE, CaseKind.ADVICE.label),
            (CaseKind.COUNSELLING, CaseKind.COUNSELLING.label),
        ],
    )


class YearForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Fiscal year"), coerce=int, required=False)

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, fiscal_year_label(y)) for y in years]  # type: ignore[attr-defined]
