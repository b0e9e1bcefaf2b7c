"""Forms of the retention pages: one schedule per record kind, a legal hold's reason."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jetpm.core import retention
from jetpm.core.models import RetentionSchedule
from jetpm.core.states import RetentionAction


class ActionField(forms.ChoiceField):
    """The action after the period: it offers the kind's allowed actions, and parses any action, so that the
    rule (which actions a kind admits) is the service's, reported with the others."""

    def valid_value(self, value: Any) -> bool:
        return str(value) in RetentionAction.values


class ScheduleForm(forms.Form):
    """One kind's schedule; the rules across kinds are the service's (reported on these fields)."""

    months = forms.IntegerField(
        label=_("Period (months)"),
        help_text=_("Counted from the kind's starting event; 12 = 1 year, 0 = at once."),
        widget=forms.NumberInput(attrs={"min": 0, "max": retention.MAX_MONTHS}),
    )
    action = ActionField(label=_("Then"))
    basis_ja = forms.CharField(
        label=_("Reason and legal basis (Japanese)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    basis_en = forms.CharField(
        label=_("Reason and legal basis (English)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, schedule: RetentionSchedule, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "months": schedule.months,
                "action": schedule.action,
                "basis_ja": schedule.basis_ja,
                "basis_en": schedule.basis_en,
                "note": schedule.note,
            },
        )
        kwargs["prefix"] = schedule.kind
        super().__init__(*args, **kwargs)
        self.schedule = schedule
        labels = dict(RetentionAction.choices)
        action = self.fields["action"]
        assert isinstance(action, forms.ChoiceField)
        action.choices = [(a, labels[a]) for a in retention.ALLOWED_ACTIONS[schedule.kind]]


class HoldForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)
