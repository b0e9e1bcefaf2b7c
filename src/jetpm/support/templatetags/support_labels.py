"""Labels of the support desk's codes in the reader's language."""

from django import template

from jetpm.support.states import CaseKind, Category

register = template.Library()


@register.filter
def kind_label(value: str) -> str:
    return str(dict(CaseKind.choices).get(value, value))


@register.filter
def category_label(value: str) -> str:
    return str(dict(Category.choices).get(value, value))
