from datetime import date
from typing import Any
from urllib.parse import urlencode

from django import template
from django.utils.formats import date_format

from jetpm.core.calendar import fiscal_year_label

register = template.Library()


@register.filter
def fiscal_year(value: int | None) -> str:
    """令和6年度 in Japanese pages, FY2024 in English ones."""
    return "" if value is None else fiscal_year_label(int(value))


@register.filter
def day(value: date | None) -> str:
    return "" if value is None else date_format(value, "DATE_FORMAT")


@register.simple_tag(takes_context=True)
def page_url(context: dict[str, Any], page: int) -> str:
    """The current URL's query string with another page number."""
    params = context["request"].GET.copy()
    params["page"] = page
    return "?" + urlencode(sorted(params.items()))
