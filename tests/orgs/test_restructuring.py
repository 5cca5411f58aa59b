"""Restructuring: merge, split, dissolve and plans of them, with history that survives."""

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import make_member
from tochuc.core.errors import ServiceError
from tochuc.members.counters import member_counts_at, stats_drift
from tochuc.members.models import Member
from tochuc.members.selectors import member_placements
from tochuc.orgs.models import Organization, OrganizationVersion
from tochuc.orgs.selectors import organization_stats_on
from tochuc.orgs.services import organization_move, organization_rename
from tochuc.orgs.services.restructuring import (
    organization_dissolve,
    organization_merge,
    organization_split,
    plan_apply,
    plan_create,
    plan_operation_add,
    plan_preview,
    plan_undo,
)
from tochuc.orgs.versions import subtree_on

pytestmark = pytest.mark.django_db

E = date(2026, 7, 1)
BEFORE = date(2026, 6, 30)


def _total(org, on):
    return member_counts_at(org, on)[("member", "total")]


def _people(admin, branch, n, prefix="Đảng viên"):
    return [
        make_member(admin, branch, full_name=f"{prefix} {chr(65 + i)}", citizen_id=None)
        for i in range(n)
    ]


def test_merge_two_branches_members_follow_and_history_stays(two_provinces, admin):
    a, _ = two_provinces
    _people(admin, a.branch2, 3)
    an = a.members[0]
    target = organization_merge(
        actor=a.staff,
        sources=[a.branch1, a.branch2],
        on=E,
        new={"name": "Chi bộ Trường THPT", "kind": "branch", "parent": a.school},
    )
    assert Member.objects.get(pk=an.pk).organization_id == target.pk
    assert Member.objects.filter(organization=target).count() == 5
    for org in (a.branch1, a.branch2):
        org.refresh_from_db()
        assert org.dissolved_on == E
    # The school's count is the same; the branches' past counts are as they were.
    assert _total(a.school, BEFORE) == _total(a.school, date.today()) == 5
    assert _total(a.branch1, BEFORE) == 1 and _total(a.branch1, date.today()) == 0
    assert _total(target, BEFORE) == 0 and _total(target, date.today()) == 5
    stats = organization_stats_on(actor=a.staff, organization=a.school, on=BEFORE)
    assert stats["organizations"]["branch"] == 2  # two branches then, one now
    assert (
        organization_stats_on(actor=a.staff, organization=a.school, on=date.today())[
            "organizations"
        ]["branch"]
        == 1
    )
    places = [p.organization.name for p in member_placements(actor=a.staff, member=an)]
    assert places == ["Chi bộ Giáo viên", "Chi bộ Trường THPT"]
    assert stats_drift() == []


def test_merge_refusals(two_provinces):
    a, b = two_provinces
    with pytest.raises(ServiceError, match="ít nhất hai"):
        organization_merge(
            actor=a.staff,
            sources=[a.branch1],
            on=E,
            new={"name": "X", "kind": "branch", "parent": a.school},
        )
    with pytest.raises(ServiceError, match="phải là chi bộ"):
        organization_merge(actor=a.staff, sources=[a.branch1], on=E, target=a.school)
    with pytest.raises(ServiceError, match="cấp dưới"):
        organization_merge(actor=a.staff, sources=[a.school, a.branch1], on=E, target=a.village)
    from tochuc.core.errors import NotFound

    with pytest.raises(NotFound):
        organization_merge(actor=a.staff, sources=[b.office], on=E, target=a.branch1)
    assert stats_drift() == []


def test_split_assigns_members_and_lists_the_rest(two_provinces, admin):
    a, _ = two_provinces
    people = _people(admin, a.branch2, 4)
    result = organization_split(
        actor=a.staff,
        source=a.branch2,
        parts=[
            {"name": "Chi bộ Hành chính 1", "kind": "branch"},
            {"name": "Chi bộ Hành chính 2", "kind": "branch"},
        ],
        on=E,
        members={people[0].pk: 1, people[1].pk: 1},
        default=0,
    )
    one, two = result["parts"]
    assert {m.pk for m in Member.objects.filter(organization=two)} == {people[0].pk, people[1].pk}
    assert Member.objects.filter(organization=one).count() == 3  # Ánh and two unassigned
    assert len(result["unassigned"]) == 3
    assert one.parent_id == a.school.pk
    assert _total(a.school, BEFORE) == _total(a.school, date.today())
    assert stats_drift() == []


def test_dissolve_needs_a_destination_unless_empty(two_provinces):
    a, _ = two_provinces
    with pytest.raises(ServiceError, match="chọn nơi tiếp nhận"):
        organization_dissolve(actor=a.staff, organization=a.branch1, on=E)
    organization_dissolve(actor=a.staff, organization=a.branch1, on=E, destination=a.branch2)
    assert Member.objects.filter(organization=a.branch2).count() == 2
    empty = organization_dissolve(actor=a.staff, organization=a.bloc, on=E, destination=a.commune)
    assert empty.dissolved_on == E
    assert stats_drift() == []


def test_a_change_cannot_predate_the_last_one(two_provinces):
    a, _ = two_provinces
    organization_rename(actor=a.staff, organization=a.branch1, name="Chi bộ GV", effective_date=E)
    with pytest.raises(ServiceError, match="01/07/2026"):
        organization_rename(
            actor=a.staff, organization=a.branch1, name="Chi bộ Giáo viên 2", effective_date=BEFORE
        )
    names = [
        v.name
        for v in OrganizationVersion.objects.filter(organization=a.branch1).order_by("start_date")
    ]
    assert names == ["Chi bộ Giáo viên", "Chi bộ GV"]


def test_past_counts_use_the_tree_of_that_date(two_provinces, admin):
    """Moving a commune to another province: the count of 30/6 stays with the old province."""
    a, b = two_provinces
    organization_move(
        actor=admin,
        organization=a.commune,
        new_parent=b.province,
        effective_date=E,
    )
    assert _total(a.province, BEFORE) == 3 and _total(a.province, date.today()) == 0
    assert _total(b.province, BEFORE) == 1 and _total(b.province, date.today()) == 4
    assert subtree_on(a.province, BEFORE).filter(organization=a.commune).exists()


def _plan(a, **kw):
    return plan_create(
        actor=a.staff,
        organization=a.province,
        title="Sắp xếp chi bộ trường học",
        effective_date=kw.get("on", E),
        decision_symbol="15-QĐ/TU",
    )


def test_plan_preview_apply_undo(two_provinces, admin):
    a, _ = two_provinces
    plan = _plan(a)
    plan_operation_add(
        actor=a.staff,
        plan=plan,
        kind="merge",
        params={
            "sources": [a.branch1.pk, a.branch2.pk],
            "new": {"name": "Chi bộ Trường THPT", "kind": "branch", "parent": a.school.pk},
        },
    )
    plan_operation_add(
        actor=a.staff,
        plan=plan,
        kind="rename",
        params={"organization": a.school.pk, "name": "Đảng bộ Trường THPT số 1"},
    )
    before_rows = sorted(Organization.objects.values_list("id", "name", "path", "dissolved_on"))
    preview = plan_preview(actor=a.staff, plan=plan)
    assert preview["error"] == ""
    assert preview["before"][str(a.branch1.pk)]["members"] == 1
    assert preview["after"][str(a.branch1.pk)]["dissolved"]
    (new_id,) = preview["created"]
    assert preview["after"][str(new_id)]["members"] == 2
    assert any("chỉ có 2 đảng viên chính thức" in p for p in preview["problems"])
    # The preview changed nothing.
    assert (
        sorted(Organization.objects.values_list("id", "name", "path", "dissolved_on"))
        == before_rows
    )

    plan = plan_apply(actor=a.staff, plan=plan)
    assert plan.status == "applied"
    school = Organization.objects.get(pk=a.school.pk)
    assert school.name == "Đảng bộ Trường THPT số 1"
    assert stats_drift() == []
    with pytest.raises(ServiceError, match="trạng thái"):
        plan_apply(actor=a.staff, plan=plan)

    plan_undo(actor=a.staff, plan=plan)
    assert (
        sorted(Organization.objects.values_list("id", "name", "path", "dissolved_on"))
        == before_rows
    )
    assert Member.objects.get(pk=a.members[0].pk).organization_id == a.branch1.pk
    assert [p.organization_id for p in member_placements(actor=a.staff, member=a.members[0])] == [
        a.branch1.pk
    ]
    assert stats_drift() == []


def test_a_failing_step_applies_nothing(two_provinces):
    a, _ = two_provinces
    plan = _plan(a)
    plan_operation_add(
        actor=a.staff,
        plan=plan,
        kind="rename",
        params={"organization": a.school.pk, "name": "Tên mới"},
    )
    plan_operation_add(
        actor=a.staff, plan=plan, kind="dissolve", params={"organization": a.branch1.pk}
    )
    assert "Bước 2" in plan_preview(actor=a.staff, plan=plan)["error"]
    with pytest.raises(ServiceError, match="Bước 2"):
        plan_apply(actor=a.staff, plan=plan)
    assert Organization.objects.get(pk=a.school.pk).name != "Tên mới"
    assert not OrganizationVersion.objects.filter(plan=plan).exists()


def test_plans_stay_in_scope(two_provinces):
    a, b = two_provinces
    plan = _plan(a)
    with pytest.raises(ServiceError, match="phạm vi"):
        plan_operation_add(
            actor=a.staff, plan=plan, kind="dissolve", params={"organization": b.office.pk}
        )
    from tochuc.core.errors import NotFound

    with pytest.raises(NotFound):
        plan_preview(actor=b.staff, plan=plan)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.tuples(st.sampled_from(["merge", "split", "dissolve", "move"]), st.integers(0, 50)),
        min_size=1,
        max_size=5,
    )
)
def test_any_sequence_conserves_members_and_keeps_a_tree(two_provinces, steps):
    a, _ = two_provinces
    actor = a.staff
    on = E
    total = Member.objects.count()
    for kind, seed in steps:
        branches = list(
            Organization.objects.filter(
                kind="branch", dissolved_on__isnull=True, path__startswith=a.province.path
            ).order_by("id")
        )
        parents = list(
            Organization.objects.filter(
                kind__in=["grassroots_committee", "sub_committee"],
                dissolved_on__isnull=True,
                path__startswith=a.province.path,
            ).order_by("id")
        )
        try:
            if kind == "merge" and len(branches) >= 2:
                i = seed % len(branches)
                organization_merge(
                    actor=actor,
                    sources=[branches[i], branches[i - 1]],
                    on=on,
                    new={
                        "name": f"Chi bộ {seed}",
                        "kind": "branch",
                        "parent": parents[seed % len(parents)],
                    },
                )
            elif kind == "split" and branches:
                organization_split(
                    actor=actor,
                    source=branches[seed % len(branches)],
                    parts=[
                        {"name": f"Chi bộ {seed}a", "kind": "branch"},
                        {"name": f"Chi bộ {seed}b", "kind": "branch"},
                    ],
                    on=on,
                )
            elif kind == "dissolve" and len(branches) >= 2:
                organization_dissolve(
                    actor=actor,
                    organization=branches[seed % len(branches)],
                    on=on,
                    destination=branches[(seed + 1) % len(branches)],
                )
            elif kind == "move" and branches and parents:
                organization_move(
                    actor=actor,
                    organization=branches[seed % len(branches)],
                    new_parent=parents[seed % len(parents)],
                    effective_date=on,
                )
        except ServiceError:
            pass
    assert Member.objects.count() == total
    assert not Member.objects.filter(organization__dissolved_on__isnull=False).exists()
    for org in Organization.objects.exclude(parent=None).select_related("parent"):
        assert org.path == org.parent.path + f"{org.pk:08d}"
        assert org.parent.dissolved_on is None or org.dissolved_on is not None
    assert _total(a.province, BEFORE) == _total(a.province, date.today()) == 3
    assert stats_drift() == []
