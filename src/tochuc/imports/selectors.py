"""Reads of imports, scoped: an import is seen by whoever sees its receiving organization."""

from __future__ import annotations

from django.db.models import QuerySet

from tochuc.core.errors import NotFound
from tochuc.core.scope import in_scope, scope_q
from tochuc.imports.models import Import
from tochuc.orgs.models import Organization


def import_get(*, actor, pk: int) -> Import:
    found = Import.objects.select_related("organization").filter(pk=pk).first()
    if found is None or not in_scope(actor, found.organization):
        raise NotFound
    return found


def import_list(*, actor) -> QuerySet[Import]:
    orgs = Organization.objects.filter(scope_q(actor)).values("id")
    return Import.objects.filter(organization__in=orgs).select_related("organization")
