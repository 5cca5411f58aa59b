"""The 2025 reorganization replayed on a tree of the units as they stood before 01/07/2025.

For each 2025 province, in one transaction recorded as an applied restructuring plan:
- its communes are created (the vietnam-provinces list: "Đảng bộ xã ...", upper level,
  directly under the province);
- each old commune's organizations go to its new commune -- a split commune's to the
  default one, listed for review -- and the village branches directly under it become chi bộ
  cơ sở (a đảng bộ bộ phận becomes a đảng bộ cơ sở); the old commune is dissolved;
- the district's own organizations go under the province (an island district's to its đặc
  khu) and the district is dissolved;
- the other merged provinces' organizations go to the province whose code the new one
  keeps, and those provinces are dissolved; it takes the new name.

Members stay in their branches, so nobody is lost and the periods of their membership are
unchanged; the tree's versions keep every count of a past date on the tree of that date.
Being a plan, the last province replayed can be undone like any other (plan_undo).
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable
from datetime import date
from functools import reduce
from operator import or_

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from tochuc.core.audit import audit_record, recorded_actor
from tochuc.core.errors import ServiceError
from tochuc.core.formats import number
from tochuc.core.scope import check_write, in_scope, path_q
from tochuc.orgs import events
from tochuc.orgs.counters import counts_apply, subtree_counts
from tochuc.orgs.models import (
    MEMBER_KINDS,
    PARENT_KINDS,
    SEGMENT,
    Organization,
    OrganizationEvent,
    OrganizationVersion,
    RestructuringPlan,
)
from tochuc.orgs.people import people
from tochuc.orgs.services.admin_units import (
    REORGANIZED_ON,
    Unit,
    organizations_insert,
    provinces,
    wards,
)
from tochuc.orgs.services.admin_units_2024 import (
    DISTRICT_CODE,
    LEVEL_CODE,
    mapping,
    old_units,
    predecessors,
)
from tochuc.orgs.services.organizations import organization_rename, relocate
from tochuc.orgs.services.restructuring import org_figures
from tochuc.orgs.versions import versions_close_many, versions_open

DECISION_SYMBOL = "60-NQ/TW"  # Nghị quyết Hội nghị Trung ương 11 khóa XIII, 12/4/2025
DECISION_DATE = date(2025, 4, 12)
# What an organization directly under an old commune becomes directly under a new one.
UNDER_COMMUNE = {"branch": "grassroots_branch", "sub_committee": "grassroots_committee"}


def _pending() -> dict[int, list[Organization]]:
    """2025 province code -> its old provinces still standing with a pre-2025 tree."""
    province_map = mapping().province
    codes = {LEVEL_CODE["province"].format(c): c for c in province_map}
    olds = Organization.objects.filter(code__in=codes, dissolved_on__isnull=True)
    with_districts = set(
        Organization.objects.filter(
            parent__in=olds, code__regex=DISTRICT_CODE, dissolved_on__isnull=True
        ).values_list("parent_id", flat=True)
    )
    groups: dict[int, list[Organization]] = defaultdict(list)
    for org in olds:
        groups[province_map[codes[org.code]]].append(org)
    return {
        new: sorted(orgs, key=lambda o: o.code)
        for new, orgs in groups.items()
        if any(o.pk in with_districts or o.code != f"T{new:02d}" for o in orgs)
    }


def replay_2025(
    *,
    actor,
    effective: date = REORGANIZED_ON,
    decision_symbol: str = DECISION_SYMBOL,
    decision_date: date | None = DECISION_DATE,
    province: str | None = None,
    progress: Callable[[str], None] | None = None,
) -> dict:
    """Turn every pre-2025 province group found (or the named 2025 province's) into its 2025
    tree. Returns {"provinces": [...one summary per 2025 province...], "seconds"}."""
    from tochuc.orgs.services.admin_units import province_find

    say = progress or (lambda message: None)
    started = time.perf_counter()
    pending = _pending()
    if province:
        unit = province_find(province)
        pending = {unit.code: pending[unit.code]} if unit.code in pending else {}
    if not pending:
        raise ServiceError(
            "Không có cây tổ chức trước ngày 01/07/2025 để sắp xếp: nạp bằng lệnh "
            "tochuc orgs load-admin-units --before-2025."
        )
    units = {u.code: u for u in provinces()}
    done = []
    for new_code in sorted(pending):
        summary = _replay_province(
            actor=actor,
            unit=units[new_code],
            olds=pending[new_code],
            effective=effective,
            decision_symbol=decision_symbol,
            decision_date=decision_date,
        )
        say(
            f"{summary['name']}: {summary['old_provinces']} tỉnh cũ, "
            f"{number(summary['districts'])} huyện, {number(summary['old_communes'])} xã cũ "
            f"→ {number(summary['communes'])} xã mới; {number(summary['members'])} đảng viên; "
            f"{summary['split']} xã chia tách ({number(summary['review_members'])} đảng viên "
            f"cần rà soát); {number(summary['seconds'], 1)} giây"
        )
        done.append(summary)
    return {"provinces": done, "seconds": round(time.perf_counter() - started, 1)}


def _replay_province(
    *,
    actor,
    unit: Unit,
    olds: list[Organization],
    effective: date,
    decision_symbol: str,
    decision_date: date | None,
) -> dict:
    started = time.perf_counter()
    codes = {f"T{c:02d}" for c in predecessors(unit.code)}
    missing = codes - {o.code for o in olds}
    if missing:
        names = {u.org_code: u.org_name for u in old_units()[0]}
        raise ServiceError(
            f"{unit.title} hợp nhất từ "
            + ", ".join(f"«{names[c]}»" for c in sorted(codes))
            + f": chưa có «{', '.join(names[c] for c in sorted(missing))}» "
            f"(nạp bằng tochuc orgs load-admin-units --before-2025 --province «{unit.bare}»)."
        )
    with transaction.atomic():
        olds = list(Organization.objects.select_for_update().filter(pk__in=[o.pk for o in olds]))
        for org in olds:
            check_write(actor, org, organizations=True)
        survivor = next(o for o in olds if o.code == unit.org_code)
        old_trees = reduce(or_, [path_q(o.path) for o in olds])
        later = OrganizationVersion.objects.filter(
            reduce(or_, [path_q(o.path) for o in olds]), start_date__gte=effective
        )
        if later.exists():
            raise ServiceError(
                {
                    "effective_date": [
                        f"«{later.first().name}» đã có thay đổi từ ngày "
                        f"{later.first().start_date:%d/%m/%Y}: chọn ngày hiệu lực sau đó."
                    ]
                }
            )
        taken = Organization.objects.filter(code__in=[w.org_code for w in wards(unit.code)])
        if taken.exists():
            raise ServiceError(
                f"Đã có «{taken.first().name}» (mã {taken.first().code}): "
                f"{unit.label} đã được sắp xếp."
            )
        before_totals = [subtree_counts(o.pk) for o in olds]
        plan = RestructuringPlan.objects.create(
            title=f"Sắp xếp tổ chức đảng theo đơn vị hành chính mới: {unit.label}",
            organization=survivor,
            effective_date=effective,
            decision_symbol=decision_symbol,
            decision_date=decision_date,
            created_by=recorded_actor(actor),
        )
        before = org_figures({o.pk for o in olds})
        alive = list(
            Organization.objects.filter(old_trees, dissolved_on__isnull=True).order_by("path")
        )
        children: dict[int, list[Organization]] = defaultdict(list)
        for org in alive:
            children[org.parent_id].append(org)

        # The new communes, directly under the province that keeps its code.
        new_orgs = [
            Organization(
                code=w.org_code,
                name=w.org_name,
                kind="upper",
                parent=survivor,
                admin_unit_code=str(w.code),
                established_on=effective,
            )
            for w in wards(unit.code)
        ]
        organizations_insert(new_orgs, effective_date=effective, plan=plan)
        commune_of = {int(o.admin_unit_code): o for o in new_orgs}

        moves: list[tuple[Organization, Organization, str]] = []  # org, new parent, kind
        dissolved: list[tuple[Organization, Organization]] = []  # org, where its things went
        sources: dict[Organization, list[Organization]] = defaultdict(list)  # new commune -> old
        review = []
        m = mapping()
        for org in alive:
            if not _is(org, "commune"):
                continue
            destination = m.commune[int(org.admin_unit_code)]
            target = commune_of[destination.default]
            for code in destination.new:
                sources[commune_of[code]].append(org)
            if org.kind in MEMBER_KINDS:  # a chi bộ cơ sở xã: it goes whole
                moved = [(org, target, "grassroots_branch")]
            else:
                moved = [(c, target, UNDER_COMMUNE.get(c.kind, c.kind)) for c in children[org.pk]]
                dissolved.append((org, target))
            moves += moved
            if destination.split:
                review.append((org, target, [commune_of[c] for c in destination.new], moved))
        gone = {o.pk for o, _ in dissolved} | {o.pk for o, _, _ in moves}
        old_ids = {o.pk for o in olds}
        for org in alive:
            if org.parent_id in old_ids and _is(org, "district"):
                island = m.island.get(int(org.admin_unit_code))
                target = commune_of[island.default] if island else survivor
                if island:
                    sources[target].append(org)
                moves += [(c, target, c.kind) for c in children[org.pk] if c.pk not in gone]
                dissolved.append((org, target))
        gone = {o.pk for o, _ in dissolved} | {o.pk for o, _, _ in moves}
        for old in olds:
            if old is not survivor:
                sources[survivor].append(old)
                moves += [(c, survivor, c.kind) for c in children[old.pk] if c.pk not in gone]
                dissolved.append((old, survivor))

        for org, parent, kind in moves:
            if parent.kind not in PARENT_KINDS[kind]:
                raise ServiceError(
                    f"«{org.name}» ({org.get_kind_display().lower()}) không thể chuyển về "
                    f"«{parent.name}»: loại tổ chức không phù hợp."
                )
        moved_ids = _moved_subtrees(alive, [org for org, _, _ in moves])
        for org, parent, kind in moves:
            relocate(org, parent, kind)
        versions_close_many(moved_ids, effective, plan)
        for i in range(0, len(moved_ids), 5000):
            versions_open(Q(pk__in=moved_ids[i : i + 5000]), effective, plan)
        ended = [o.pk for o, _ in dissolved]
        for i in range(0, len(ended), 5000):
            Organization.objects.filter(pk__in=ended[i : i + 5000]).update(dissolved_on=effective)
        versions_close_many(ended, effective, plan)
        _events(actor, plan, effective, moves, dissolved, sources)
        if survivor.name != unit.org_name:
            organization_rename(
                actor=actor,
                organization=survivor,
                name=unit.org_name,
                effective_date=effective,
                plan=plan,
            )
        _recount(olds, survivor, before_totals)

        created = [o.pk for o in new_orgs]
        problems = [
            f"«{org.name}» (cũ) chia về {', '.join(f'«{p.name}»' for p in parts)}: "
            f"{len(moved)} tổ chức trực thuộc tạm đưa về «{target.name}» để rà soát."
            for org, target, parts, moved in review
        ]
        review_rows = [
            {
                "old": org.name,
                "into": target.pk,
                "parts": [p.pk for p in parts],
                "organizations": [o.pk for o, _, _ in moved],
            }
            for org, target, parts, moved in review
        ]
        plan.status = RestructuringPlan.Status.APPLIED
        plan.applied_at = timezone.now()
        plan.result = {
            "before": before,
            "after": org_figures({o.pk for o in olds} | set(created)),
            "created": created,
            "problems": problems,
            "review": review_rows,
        }
        plan.save(update_fields=["status", "applied_at", "result"])
        summary = {
            "province": unit.code,
            "name": unit.title,
            "plan": plan.pk,
            "old_provinces": len(olds),
            "districts": sum(1 for o, _ in dissolved if _is(o, "district")),
            "old_communes": sum(1 for o in alive if _is(o, "commune")),
            "communes": len(new_orgs),
            "moved": len(moves),
            "split": len(review),
            "members": plan.result["after"][str(survivor.pk)]["members"],
            "review_members": _members_in([o for _, _, _, moved in review for o, _, _ in moved]),
        }
        audit_record(actor=actor, action="restructuring.replay_2025", target=plan, after=summary)
    return summary | {"seconds": round(time.perf_counter() - started, 1)}


def _is(org: Organization, level: str) -> bool:
    """Is it the organization of an old district or commune (code H001, C00001)?"""
    code = LEVEL_CODE[level]
    return bool(org.admin_unit_code) and org.code == code.format(int(org.admin_unit_code))


def _moved_subtrees(alive: list[Organization], roots: list[Organization]) -> list[int]:
    """Ids of the standing organizations in the subtrees of `roots` (paths as before the moves)."""
    tops = {r.path for r in roots}
    return [
        o.pk
        for o in alive
        if any(o.path[:end] in tops for end in range(SEGMENT, len(o.path) + 1, SEGMENT))
    ]


def _members_in(orgs: list[Organization]) -> int:
    if not orgs:
        return 0
    roots = Organization.objects.filter(pk__in=[o.pk for o in orgs])  # their paths as now
    return people().counted(
        Organization.objects.filter(reduce(or_, [path_q(o.path) for o in roots]))
    )


def _events(actor, plan, on, moves, dissolved, sources) -> None:
    common = {"on": on, "actor": actor, "plan": plan, "save": False}
    rows = [
        events.moved(
            org,
            old_parent_id=org.parent_id,
            new_parent_id=parent.pk,
            old_kind=org.kind,
            new_kind=kind,
            **common,
        )
        for org, parent, kind in moves
    ]
    rows += [events.dissolved(org, destination=to, **common) for org, to in dissolved]
    rows += [events.merged(target, sources=olds, **common) for target, olds in sources.items()]
    OrganizationEvent.objects.bulk_create(rows, batch_size=5000)


def _recount(olds: list[Organization], survivor: Organization, before: list[dict]) -> None:
    """The rolled-up counts of the old provinces' subtrees again; what changed at their
    top is passed on to the organizations above (a Trung ương root, if there is one)."""
    people().counts_rebuild(
        within=Organization.objects.filter(reduce(or_, [path_q(o.path) for o in olds]))
    )
    survivor.refresh_from_db()
    if survivor.parent_id:
        after = subtree_counts(survivor.pk)
        deltas = dict(after)
        for totals in before:
            for key, n in totals.items():
                deltas[key] = deltas.get(key, 0) - n
        counts_apply(ancestor_ids=survivor.parent.ancestor_ids(), deltas=deltas)


def review_rows(*, actor, plan_ids: list[int]) -> list[list]:
    """The members of the split communes' organizations, for review: card number, name, branch,
    old commune, the new commune they were put in, the new communes they may belong to (of
    the plans the actor sees)."""
    out = []
    plans = RestructuringPlan.objects.filter(pk__in=plan_ids).select_related("organization")
    for plan in plans.order_by("pk"):
        if not in_scope(actor, plan.organization):
            continue
        for item in plan.result.get("review", []):
            names = dict(
                Organization.objects.filter(pk__in=item["parts"]).values_list("id", "name")
            )
            if not item["organizations"]:
                continue
            roots = Organization.objects.filter(pk__in=item["organizations"])
            within = Organization.objects.filter(reduce(or_, [path_q(o.path) for o in roots]))
            others = ", ".join(n for pk, n in names.items() if pk != item["into"])
            out += [
                [card, name, branch, item["old"], names[item["into"]], others]
                for card, name, branch in people().roster(within)
            ]
    return out
