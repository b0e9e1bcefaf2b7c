"""Forms of JETAA support's pages: they parse; the rules are the services' (amounts are read as text so that
a negative or absurd figure reaches the service, which names the rule it breaks). The one rule checked here
too is the assessment's reason, so that a decision without one is refused before the confirmation page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jetpm.core import money
from jetpm.core.calendar import fiscal_year_label
from jetpm.core.forms import AmountField
from jetpm.jetaa.states import Category, Currency, Decision, Effect, Rating
from jetpm.jetaa.workflows import LINES

_CHOOSE = [("", _("Choose…"))]


def _date(label: Any) -> forms.DateField:
    return forms.DateField(label=label, required=False, widget=forms.DateInput(attrs={"type": "date"}))


def _text(label: Any, rows: int = 3, help_text: Any = "") -> forms.CharField:
    return forms.CharField(
        label=label, required=False, widget=forms.Textarea(attrs={"rows": rows}), help_text=help_text
    )


def _amount(label: Any, help_text: Any = "") -> AmountField:
    return AmountField(label=label, help_text=help_text)


Problems = Callable[..., tuple[list[tuple[str | None, str]], Any]]


class RulesForm(forms.Form):
    """A form that reports every error at once: the service's rules (``problems(**values)``, a value its
    field refused is None) run on what parsed, also when a field refused its input, and each error goes onto
    its field unless the field has one already."""

    def __init__(self, *args: Any, problems: Problems | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.problems = problems

    def values(self) -> dict[str, Any]:
        return dict(self.cleaned_data)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.problems is not None:
            found, _clean = self.problems(**{name: None for name in self.fields} | self.values())
            for name, message in found:
                if name not in self.errors:
                    self.add_error(name if name in self.fields else None, message)
        return data


class YearForm(forms.Form):
    fy = forms.TypedChoiceField(label=_("Fiscal year"), coerce=int, required=False)

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["fy"].choices = [(y, fiscal_year_label(y)) for y in years]  # type: ignore[attr-defined]


class ChapterPlanForm(forms.Form):
    """A chapter's officer starts the chapter's plan of a year."""

    fiscal_year = forms.TypedChoiceField(label=_("Fiscal year"), coerce=int, required=False)
    mission = forms.TypedChoiceField(
        label=_("Mission"),
        coerce=int,
        required=False,
        help_text=_("Only when the chapter's country has several missions."),
    )
    notes = _text(_("Notes for the mission"))

    def __init__(self, *args: Any, years: list[int], missions: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["fiscal_year"].choices = [(y, fiscal_year_label(y)) for y in years]  # type: ignore[attr-defined]
        if len(missions) > 1:
            self.fields["mission"].choices = [*_CHOOSE, *((m.pk, str(m)) for m in missions)]  # type: ignore[attr-defined]
        else:
            del self.fields["mission"]

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "fiscal_year": data.get("fiscal_year"),
            "mission_id": data.get("mission") or None,
            "notes": data.get("notes") or "",
        }


class LineForm(RulesForm):
    """One project of a chapter's plan: what, when, where, for how many, and the amount asked. Every error
    at once: a field's own (a date that is none) and the service's rules on the rest (``problems``)."""

    category = forms.ChoiceField(label=_("Category"), choices=[*_CHOOSE, *Category.choices], required=False)
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    description = _text(_("Description"))
    starts_on = _date(_("Starts on"))
    ends_on = _date(_("Ends on"))
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    expected_participants = AmountField(label=_("Expected participants"), max_length=12)
    currency = forms.ChoiceField(
        label=_("Currency"),
        choices=[*_CHOOSE, *Currency.choices],
        required=False,
        error_messages={"invalid_choice": _("Choose the currency from the list.")},
    )
    amount_local = _amount(_("Amount asked (in that currency)"))
    rate_to_yen = _amount(_("Rate used (yen per unit)"), help_text=_("1 for an amount in yen."))
    budget_breakdown = _text(_("Budget lines"), help_text=_("One cost a line: what it is and its amount."))
    carried_from = forms.TypedChoiceField(
        label=_("Continues last year's project"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args: Any, earlier: list[Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["carried_from"].choices = [  # type: ignore[attr-defined]
            ("", _("None (a new project)")),
            *((line.pk, line.title) for line in earlier or []),
        ]

    def values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["carried_from_id"] = data.pop("carried_from", None)
        return data


class RevisionForm(LineForm):
    """A change during the year: a new version of the line, with the reason."""

    change_reason = _text(_("What changed and why"))

    def values(self) -> dict[str, Any]:
        data = super().values()
        data.pop("carried_from_id", None)
        data["reason"] = data.pop("change_reason", "")
        return data


class ReasonForm(forms.Form):
    reason = _text(_("Reason"))


class ExecutionPlanForm(forms.Form):
    requests_to_jetaa = _text(
        _("The mission's requests to JETAA"), rows=4, help_text=_("PR, screening, orientation help…")
    )
    contact_arrangements = _text(_("Contact arrangements with the chapters and individual alumni"), rows=4)


class ExecutionPlanCreateForm(ExecutionPlanForm):
    fiscal_year = forms.TypedChoiceField(label=_("Fiscal year"), coerce=int, required=False)
    mission = forms.TypedChoiceField(label=_("Mission"), coerce=int, required=False)

    def __init__(self, *args: Any, years: list[int], missions: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["fiscal_year"].choices = [(y, fiscal_year_label(y)) for y in years]  # type: ignore[attr-defined]
        self.fields["mission"].choices = [(m.pk, str(m)) for m in missions]  # type: ignore[attr-defined]
        self.order_fields(["fiscal_year", "mission"])


class AssessForm(RulesForm):
    """HQ's decision on one line. A reduction needs the amount, a reduction or a rejection the reason: every
    missing one is named at once, before the confirmation."""

    decision = forms.ChoiceField(
        label=_("Decision"), choices=Decision.choices, required=False, widget=forms.RadioSelect
    )
    approved_yen = _amount(_("Amount approved (yen)"), help_text=_("Only when reducing."))
    reason = _text(_("Reason"), help_text=_("Required to reduce or reject."))

    def clean(self) -> dict[str, Any]:
        data = self.cleaned_data
        decision = data.get("decision")
        if not decision:
            self.add_error("decision", _("Choose approve, reduce or reject."))
        if decision == Decision.REDUCE and not (data.get("approved_yen") or "").strip():
            self.add_error("approved_yen", _("Give the amount approved."))
        if decision in (Decision.REDUCE, Decision.REJECT) and not (data.get("reason") or "").strip():
            name = "reduce" if decision == Decision.REDUCE else "reject"
            self.add_error("reason", str(LINES.get(name).reason_required))
        super().clean()  # then the service's rules, on what is still without an error
        return data

    def values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["approved_yen"] = data.get("approved_yen") or None
        return data


class CommitmentForm(RulesForm):
    amount_yen = _amount(_("Amount committed (yen)"))
    committed_on = _date(_("Committed on"))
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class PaymentForm(RulesForm):
    commitment_id = forms.TypedChoiceField(label=_("Commitment"), coerce=int, required=False)
    amount_yen = _amount(_("Amount paid (yen)"))
    paid_on = _date(_("Paid on"))
    receipt_reference = forms.CharField(label=_("Receipt reference"), max_length=100, required=False)
    currency = forms.ChoiceField(
        label=_("Currency"), choices=Currency.choices, required=False, initial=Currency.JPY
    )
    amount_local = _amount(
        _("Amount paid (in that currency)"), help_text=_("Only for a payment in another currency.")
    )
    rate_to_yen = _amount(
        _("Rate used (yen per unit)"),
        help_text=_("The amount in yen is the amount paid at this rate, rounded to the yen."),
    )

    def __init__(self, *args: Any, commitments: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["commitment_id"].choices = [  # type: ignore[attr-defined]
            *_CHOOSE,
            *(
                (c.pk, f"{date_format(c.committed_on, 'DATE_FORMAT')} {money.yen(c.amount_yen)}")
                for c in commitments
            ),
        ]

    def values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["commitment_id"] = data.get("commitment_id") or None
        data["currency"] = (data.get("currency") or "JPY").strip().upper() or "JPY"
        for name in ("amount_local", "rate_to_yen"):
            data[name] = (data.get(name) or "").strip() or None
        return data


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        if not data:
            return []
        items = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in items]


class ReportForm(RulesForm):
    """The chapter's report on a project: every error at once (a date that is none, the service's rules on
    the rest), the photos checked by their content before anything is saved."""

    held_on = _date(_("Held on"))
    participants = AmountField(label=pgettext_lazy("jetaa project", "Participants"), max_length=12)
    impressions = _text(_("Participants' impressions"), rows=5)
    expenses_yen = _amount(_("Expenses (yen)"))
    expenses_note = _text(_("Expenses in detail"))
    photos = MultipleFileField(label=_("Photos"), required=False, help_text=_("JPEG or PNG, up to ten."))
    final = forms.BooleanField(
        label=_("This report is final"),
        required=False,
        help_text=_(
            "Once sent, the report goes to the mission, which evaluates the project; it cannot be changed "
            "afterwards."
        ),
    )

    def values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["confirmed"] = bool(data.pop("final", False))
        data["photos"] = data.get("photos") or []
        return data


class EvaluationForm(forms.Form):
    effect = forms.ChoiceField(label=_("Effect"), choices=[*_CHOOSE, *Effect.choices], required=False)
    support_next_year = forms.ChoiceField(
        label=_("Support next year warranted"),
        choices=[*_CHOOSE, ("yes", _("Yes")), ("no", _("No"))],
        required=False,
    )
    reason = _text(_("Reason for the decision on next year's support"))
    comment = _text(_("Comment"))

    def values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        choice = data.get("support_next_year")
        data["support_next_year"] = {"yes": True, "no": False}.get(choice or "")
        return data


class HQEvaluationForm(forms.Form):
    effectiveness = forms.ChoiceField(
        label=_("Effectiveness"), choices=[*_CHOOSE, *Rating.choices], required=False
    )
    efficiency = forms.ChoiceField(label=_("Efficiency"), choices=[*_CHOOSE, *Rating.choices], required=False)
    comment = _text(_("HQ's evaluation"), rows=4)


class NextYearForm(forms.Form):
    """HQ starts next year's guidelines and assessment policy from this year's, revised."""

    fiscal_year = forms.TypedChoiceField(label=_("Fiscal year"), coerce=int, required=False)
    revision_note = _text(_("What changed from last year"), rows=4)
    national_budget_yen = _amount(_("National budget (yen)"))
    cap_per_participant_yen = _amount(_("Cap per expected participant (yen)"))
    priorities = _text(_("Priorities"))
    ineligible_costs = _text(_("Ineligible costs"))
    chapter_plans_from = _date(_("Chapters' plans from"))
    chapter_plans_until = _date(_("Chapters' plans until"))
    mission_plans_from = _date(_("Missions' plans from"))
    mission_plans_until = _date(_("Missions' plans until"))
    assessment_from = _date(_("Assessment from"))
    assessment_until = _date(_("Assessment until"))
    reports_until = _date(_("Reports until"))
    evaluations_until = _date(_("Evaluations until"))

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["fiscal_year"].choices = [(y, fiscal_year_label(y)) for y in years]  # type: ignore[attr-defined]

    def values(self) -> dict[str, Any]:
        """The changed values only (an empty field keeps this year's)."""
        data = {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}
        data.setdefault("revision_note", "")
        return data


class EnvelopeForm(forms.Form):
    """HQ sets a mission's envelope of the year's budget (the service checks it against the national budget
    and what is approved already)."""

    mission = forms.TypedChoiceField(label=_("Mission"), coerce=int, required=False, empty_value=None)
    amount_yen = _amount(_("Envelope (yen)"))

    def __init__(self, *args: Any, missions: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["mission"].choices = [("", _("Choose a mission")), *((m.pk, str(m)) for m in missions)]  # type: ignore[attr-defined]
