"""The tree's history as versions: every change closes the organizations' current versions
and opens new ones from the rows as they now stand; past dates read the versions."""

from __future__ import annotations

from datetime import UTC, date, datetime

from django.db.models import Count, F, Min, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Length, Substr

from tochuc.core.errors import ServiceError
from tochuc.core.scope import path_q
from tochuc.orgs.models import EPOCH, Organization, OrganizationEvent, OrganizationVersion


def covering(on: date, prefix: str = "") -> Q:
    """Rows of a dated period (start_date, end_date exclusive; a version, a placement) that
    cover `on`; `prefix` reaches the period through a relation ("organization__versions__")."""
    return Q(**{f"{prefix}start_date__lte": on}) & (
        Q(**{f"{prefix}end_date__gt": on}) | Q(**{f"{prefix}end_date__isnull": True})
    )


def kinds_on(on: date, *, low: str, high: str, width: int) -> dict[str, dict[str, int]]:
    """Organizations standing on `on` with a path in [low, high), by kind, grouped by the path's
    first `width` characters: each subtree of one level of that day's tree, its top included."""
    rows = (
        OrganizationVersion.objects.filter(covering(on), path__gte=low, path__lt=high)
        .annotate(top=Substr("path", 1, width), size=Length("path"))
        .filter(size__gte=width)
        .values_list("top", "kind")
        .annotate(n=Count("id"))
        .order_by()
    )
    out: dict[str, dict[str, int]] = {}
    for top, kind, n in rows:
        out.setdefault(top, {})[kind] = n
    return out


def _current(q: Q) -> QuerySet[OrganizationVersion]:
    return OrganizationVersion.objects.filter(
        end_date__isnull=True, organization__in=Organization.objects.filter(q).values("id")
    )


def versions_check(q: Q, on: date) -> None:
    """Refuse a change dated before the last recorded change of any organization it touches
    (the history is written forward; an earlier date would rewrite it)."""
    latest = _current(q).order_by("-start_date").values_list("start_date", flat=True).first()
    if latest is not None and latest > on:
        raise ServiceError(
            {
                "effective_date": [
                    f"Ngày hiệu lực phải từ {latest:%d/%m/%Y} trở đi: tổ chức đã có thay đổi "
                    "ghi nhận từ ngày đó."
                ]
            }
        )


def versions_close(q: Q, on: date, plan=None) -> None:
    """End the current versions of the matching organizations on `on` (a version that began
    that same day never stood: it goes)."""
    current = _current(q)
    same_day = current.filter(start_date__gte=on)
    if plan is not None and same_day.exclude(plan=plan).exists():
        # Deleting it would leave nothing for this plan's undo to restore.
        raise ServiceError(
            {
                "effective_date": [
                    f"Tổ chức «{same_day.exclude(plan=plan).first().name}» đã có thay đổi "
                    f"khác cùng ngày {on:%d/%m/%Y}: chọn ngày hiệu lực sau đó."
                ]
            }
        )
    same_day.delete()
    current.update(end_date=on, closed_by=plan)


def versions_close_many(ids: list[int], on: date, plan) -> None:
    """versions_close for a bulk change (the 2025 replay) by organization ids, one statement
    per chunk; the caller has refused any version starting on or after `on`."""
    for i in range(0, len(ids), 5000):
        OrganizationVersion.objects.filter(
            end_date__isnull=True, organization_id__in=ids[i : i + 5000]
        ).update(end_date=on, closed_by=plan)


def versions_open(q: Q, on: date, plan=None) -> None:
    """Open a version from each matching organization's row as it now stands."""
    rows = Organization.objects.filter(q).values_list("id", "parent_id", "path", "name", "kind")
    OrganizationVersion.objects.bulk_create(
        [
            OrganizationVersion(
                organization_id=pk,
                start_date=on,
                parent_id=parent,
                path=path,
                name=name,
                kind=kind,
                plan=plan,
            )
            for pk, parent, path, name, kind in rows
        ],
        batch_size=2000,
    )


def versions_rewrite(q: Q, on: date, plan=None) -> None:
    """After a change of the rows matching `q`: close their versions, open new ones."""
    versions_close(q, on, plan)
    versions_open(q, on, plan)


def versions_first(orgs: list[Organization], plan=None, *, founded: date = EPOCH) -> None:
    """The first versions of organizations just created, from their founding date, or
    `founded` for those without one: the date their 'create' event gives, so no past date
    before it shows them (the 2025 communes of a bulk load begin on 01/07/2025, not 1930)."""
    OrganizationVersion.objects.bulk_create(
        [
            OrganizationVersion(
                organization_id=o.pk,
                start_date=o.established_on or founded,
                parent_id=o.parent_id,
                path=o.path,
                name=o.name,
                kind=o.kind,
                plan=plan,
            )
            for o in orgs
        ],
        batch_size=2000,
    )


def version_on(organization: Organization, on: date) -> OrganizationVersion | None:
    """The organization as it stood on `on` (None: it did not exist then)."""
    return organization.versions.filter(covering(on)).first()


def version_standing(organization: Organization, on: date) -> OrganizationVersion:
    """version_on for a reader asked about that date: the organization did not exist then
    (before its founding, after its dissolution) is the user's error on the date."""
    version = version_on(organization, on)
    if version is not None:
        return version
    first = organization.versions.order_by("start_date").first()
    if first is not None and on < first.start_date:
        reason = f"chưa thành lập (thành lập ngày {first.start_date:%d/%m/%Y})"
        fix = "chọn một ngày từ khi tổ chức được thành lập"
    else:
        last = organization.versions.order_by("-start_date").first()
        ended = f" từ ngày {last.end_date:%d/%m/%Y}" if last and last.end_date else ""
        reason = f"không còn{ended} (đã giải thể, sáp nhập hoặc chia tách)"
        fix = "chọn một ngày tổ chức còn hoạt động"
    raise ServiceError({"on": [f"Ngày {on:%d/%m/%Y} «{organization.name}» {reason}: {fix}."]})


def subtree_on(organization: Organization, on: date) -> QuerySet[OrganizationVersion]:
    """The versions of the organization's subtree as it stood on `on` (itself included);
    empty if it did not exist then."""
    version = version_on(organization, on)
    if version is None:
        return OrganizationVersion.objects.none()
    return OrganizationVersion.objects.filter(covering(on), path_q(version.path))


def versions_before_founding(
    organizations=Organization, versions=OrganizationVersion, events=OrganizationEvent
) -> list[tuple[int, date, date]]:
    """(organization, first version's start, founding) for every organization whose history
    begins before its 'create' event, so the tree of a date before it existed shows it.

    An organization entered without a founding date has stood since EPOCH by design (its
    members' past placements count under it) and its event is dated the day it was entered:
    that day says when it was recorded, not founded, so it is not reported. The models can
    be a migration's.
    """
    from django.utils import timezone

    founding = events.objects.filter(
        organization=OuterRef("organization_id"), kind="create"
    ).order_by("effective_date")
    rows = (
        versions.objects.values("organization_id")
        .annotate(
            first=Min("start_date"),
            founded=Subquery(founding.values("effective_date")[:1]),
            recorded=Subquery(founding.values("recorded_at")[:1]),
            known=Subquery(
                organizations.objects.filter(pk=OuterRef("organization_id")).values(
                    "established_on"
                )[:1]
            ),
        )
        .filter(first__lt=F("founded"))
        .order_by("organization_id")
    )
    out = []
    for row in rows:
        recorded = row["recorded"]
        if isinstance(recorded, str):  # SQLite hands a subquery's timestamp back as text
            recorded = datetime.fromisoformat(recorded)
        if timezone.is_naive(recorded):
            recorded = timezone.make_aware(recorded, UTC)
        entered = row["known"] is None and row["founded"] == timezone.localdate(recorded)
        if not entered:
            out.append((row["organization_id"], row["first"], row["founded"]))
    return out


def versions_founding_repair(
    organizations=Organization, versions=OrganizationVersion, events=OrganizationEvent
) -> int:
    """Begin the history of each organization versions_before_founding() reports on its
    founding day (what stood only before it goes); returns how many were repaired."""
    by_day: dict[date, list[int]] = {}
    for org, _, founded in versions_before_founding(organizations, versions, events):
        by_day.setdefault(founded, []).append(org)
    for founded, ids in by_day.items():
        for i in range(0, len(ids), 5000):
            early = versions.objects.filter(
                organization_id__in=ids[i : i + 5000], start_date__lt=founded
            )
            early.filter(end_date__lte=founded).delete()
            early.update(start_date=founded)
    return sum(len(ids) for ids in by_day.values())
