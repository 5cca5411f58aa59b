"""Template filters for Vietnamese formats, and the regulation values a page states."""

from datetime import date

from django import template

from tochuc.core import formats
from tochuc.core.rules import rule_value

register = template.Library()


@register.filter
def vn_number(value):
    return formats.number(value)


@register.filter
def vn_date(value):
    return formats.short_date(value)


@register.filter
def vn_long_date(value):
    return formats.long_date(value)


@register.filter
def vn_iso_date(value):
    """'2026-03-25' (as stored in JSON details) -> '25/03/2026'."""
    try:
        return formats.short_date(date.fromisoformat(str(value)))
    except ValueError:
        return value


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.simple_tag
def rule(key, on=None):
    """A regulation value in force on a date, as the page's sentence states it: the number
    follows the operator's rows, not the regulation as it stood when the page was written."""
    return formats.number(rule_value(key, on))
