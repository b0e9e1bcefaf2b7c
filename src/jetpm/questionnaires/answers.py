"""Answers as data: the form built from a questionnaire's questions (every error reported at once), the
answers it gives in their stored shape, and the required questions still unanswered."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jetpm.questionnaires.models import Question, Response
from jetpm.questionnaires.states import QuestionKind as K

SCALE = [(str(n), str(n)) for n in range(1, 6)]
YES_NO = [("yes", gettext_lazy("Yes")), ("no", gettext_lazy("No"))]


def _field(question: Question, *, required: bool) -> forms.Field:
    common: dict[str, Any] = {"label": question.label, "required": required and question.required}
    if question.kind == K.NUMBER:
        return forms.DecimalField(min_value=0, max_digits=14, decimal_places=2, **common)
    if question.kind == K.TEXT:
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=4000, **common)
    if question.kind == K.SINGLE:
        return forms.ChoiceField(choices=question.choice_labels(), widget=forms.RadioSelect, **common)
    if question.kind == K.MULTIPLE:
        return forms.MultipleChoiceField(
            choices=question.choice_labels(), widget=forms.CheckboxSelectMultiple, **common
        )
    if question.kind == K.YES_NO:
        return forms.ChoiceField(choices=YES_NO, widget=forms.RadioSelect, **common)
    return forms.ChoiceField(choices=SCALE, widget=forms.RadioSelect, **common)


def _shown(question: Question, value: Any) -> Any:
    """A stored answer as the form shows it."""
    if value is None:
        return None
    if question.kind == K.YES_NO:
        return "yes" if value else "no"
    if question.kind == K.SCALE:
        return str(value)
    return value


def _stored(question: Question, value: Any) -> Any:
    """A cleaned form value as the answers keep it (None when not answered)."""
    if value in (None, "", []):
        return None
    if question.kind == K.NUMBER:
        return int(value) if value == value.to_integral_value() else float(value)
    if question.kind == K.YES_NO:
        return value == "yes"
    if question.kind == K.SCALE:
        return int(value)
    return value


class AnswerForm(forms.Form):
    """The form of a questionnaire's questions (prefix ``q``). ``required=False`` (saving a draft) lets
    required questions be left empty; submitting requires them — every missing one is reported at once."""

    def __init__(
        self,
        data: Any = None,
        *,
        questions: Iterable[Question],
        answers: Mapping[str, Any] | None = None,
        required: bool = True,
        disabled: bool = False,
    ) -> None:
        self.questions = list(questions)
        answers = answers or {}
        initial = {q.key: _shown(q, answers.get(q.key)) for q in self.questions}
        super().__init__(data, initial=initial, prefix="q")
        for q in self.questions:
            field = _field(q, required=required)
            field.disabled = disabled
            self.fields[q.key] = field

    def answers(self) -> dict[str, Any]:
        """The answers in their stored shape (after ``is_valid``); unanswered questions left out."""
        out = {}
        for q in self.questions:
            value = _stored(q, self.cleaned_data.get(q.key))
            if value is not None:
                out[q.key] = value
        return out


def clean_answers(questions: Iterable[Question], answers: Mapping[str, Any]) -> dict[str, Any]:
    """Answers given as data (an import, the demo) checked against the questions: unknown keys and values
    that do not fit refused (:class:`ValueError` naming the question)."""
    by_key = {q.key: q for q in questions}
    out: dict[str, Any] = {}
    for key, value in answers.items():
        q = by_key.get(key)
        if q is None:
            raise ValueError(_("No question “%(key)s” in this questionnaire.") % {"key": key})
        if value in (None, "", []):
            continue
        if not _fits(q, value):
            raise ValueError(
                _("The answer to “%(question)s” does not fit the question.") % {"question": q.label}
            )
        out[key] = value
    return out


def _fits(q: Question, value: Any) -> bool:
    values = {c for c, _label in q.choice_labels()}
    checks: dict[str, Any] = {
        K.NUMBER: lambda v: isinstance(v, int | float) and not isinstance(v, bool) and v >= 0,
        K.TEXT: lambda v: isinstance(v, str),
        K.SINGLE: lambda v: str(v) in values,
        K.MULTIPLE: lambda v: isinstance(v, list) and all(str(x) in values for x in v),
        K.YES_NO: lambda v: isinstance(v, bool),
        K.SCALE: lambda v: isinstance(v, int) and not isinstance(v, bool) and 1 <= v <= 5,
    }
    return bool(checks[q.kind](value))


def missing_required(response: Response) -> list[tuple[str, str]]:
    """(key, label) of every required question the response leaves unanswered, in order."""
    answers = response.answers or {}
    return [
        (q.key, q.label)
        for q in Question.objects.filter(questionnaire_id=response.questionnaire_id, required=True)
        if answers.get(q.key) in (None, "", [])
    ]


def answer_label(question: Question, value: Any) -> str:
    """An answer as a person reads it: choices by their label, yes/no in words."""
    if value in (None, "", []):
        return ""
    if question.kind == K.YES_NO:
        return str(_("Yes") if value else _("No"))
    if question.kind in (K.SINGLE, K.MULTIPLE):
        labels = dict(question.choice_labels())
        values = value if isinstance(value, list) else [value]
        return ", ".join(labels.get(str(v), str(v)) for v in values)
    return str(value)
