"""Template filters for Vietnamese formats."""

from django import template

from tochuc.core import formats

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
