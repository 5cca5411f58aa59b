"""Reads of imports, scoped: an import is seen by whoever sees its receiving organization (one
without, an administrator's tree file, by administrators)."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from tochuc.core.errors import NotFound
from tochuc.core.scope import in_scope, scope_path, scope_q
from tochuc.imports.models import Import
from tochuc.orgs.models import Organization


def import_get(*, actor, pk: int) -> Import:
    found = Import.objects.select_related("organization").filter(pk=pk).first()
    org = found.organization if found else None
    if found is None or not (in_scope(actor, org) if org else scope_path(actor) == ""):
        raise NotFound
    return found


def import_list(*, actor) -> QuerySet[Import]:
    orgs = Organization.objects.filter(scope_q(actor)).values("id")
    whole = Q(organization__isnull=True) if scope_path(actor) == "" else Q(pk__in=[])
    return Import.objects.filter(Q(organization__in=orgs) | whole).select_related("organization")
