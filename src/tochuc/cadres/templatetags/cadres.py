"""The cadre pages' template filter: whether the user holds the clearance right (the same
rule as every clearance read, services.may_see_clearance)."""

from django import template

from tochuc.cadres.services import may_see_clearance

register = template.Library()


@register.filter(name="may_see_clearance")
def may_see_clearance_filter(user) -> bool:
    return may_see_clearance(user)
