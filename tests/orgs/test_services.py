"""Changes to the organization tree: create, rename, move -- paths, counts, history, scope."""

from __future__ import annotations

from datetime import date

import pytest

from tochuc.core.errors import Forbidden, NotFound, ServiceError
from tochuc.core.models import AuditEvent
from tochuc.members.counters import stats_drift
from tochuc.orgs.models import Organization, OrganizationEvent, SubtreeCount, path_segment
from tochuc.orgs.selectors import organization_list, organization_stats
from tochuc.orgs.services import organization_create, organization_move, organization_rename
from tochuc.orgs.services import organizations as org_services

pytestmark = pytest.mark.django_db


def fresh(org: Organization) -> Organization:
    return Organization.objects.get(pk=org.pk)


def snapshot():
    """Everything a tree change may write, to prove a refused change wrote nothing."""
    return (
        list(
            Organization.objects.order_by("pk").values_list(
                "pk", "code", "name", "search_key", "kind", "parent_id", "path", "depth"
            )
        ),
        sorted(SubtreeCount.objects.values_list("organization_id", "dimension", "value", "count")),
        OrganizationEvent.objects.count(),
        AuditEvent.objects.count(),
    )


def stats(admin, org):
    return organization_stats(actor=admin, organization=fresh(org))


# --- create -----------------------------------------------------------------------------


def test_create_places_the_organization_in_the_tree(two_provinces, admin):
    a, _ = two_provinces
    before = stats(admin, a.commune)
    org = organization_create(
        actor=a.staff,
        name="  Chi bộ   thôn Bản Giới ",
        kind="grassroots_branch",
        parent=a.commune,
        code="A-CS9",
        established_on=date(2026, 1, 15),
    )
    org = fresh(org)
    assert org.name == "Chi bộ thôn Bản Giới"
    assert org.search_key == "chi bo thon ban gioi"
    assert org.parent_id == a.commune.pk
    assert org.path == a.commune.path + path_segment(org.pk)
    assert org.depth == a.commune.depth + 1 == 2
    assert org.ancestor_ids() == [a.province.pk, a.commune.pk, org.pk]
    after = stats(admin, a.commune)
    assert (
        after["organizations"]["grassroots_branch"]
        == before["organizations"]["grassroots_branch"] + 1
    )
    assert stats(admin, a.province)["organizations"]["grassroots_branch"] == 3
    event = OrganizationEvent.objects.get(organization=org)
    assert event.kind == "create"
    assert event.effective_date == date(2026, 1, 15)
    assert event.actor == a.staff
    audit = AuditEvent.objects.get(target_type="organization", target_id=org.pk)
    assert audit.action == "organization.create"
    assert audit.actor == a.staff
    assert audit.after == {
        "name": "Chi bộ thôn Bản Giới",
        "kind": "grassroots_branch",
        "parent": a.commune.pk,
    }
    assert stats_drift() == []


def test_create_without_a_code_gets_one(two_provinces):
    a, _ = two_provinces
    org = organization_create(actor=a.staff, name="Chi bộ Thư viện", kind="branch", parent=a.school)
    assert fresh(org).code == f"TC{org.pk}"
    other = organization_create(
        actor=a.staff, name="Chi bộ Thư viện 2", kind="branch", parent=a.school, code=""
    )
    assert fresh(other).code == f"TC{other.pk}"


def test_a_root_is_created_by_an_administrator_only(two_provinces, admin):
    a, _ = two_provinces
    with pytest.raises(Forbidden):
        organization_create(actor=a.staff, name="Đảng bộ tỉnh Mới", kind="province", parent=None)
    root = organization_create(actor=admin, name="Đảng bộ tỉnh Mới", kind="province", parent=None)
    root = fresh(root)
    assert root.path == path_segment(root.pk)
    assert root.depth == 0
    assert root.parent_id is None


@pytest.mark.parametrize(
    ("kind", "parent_attr"),
    [
        ("branch", "province"),  # a branch directly under a province
        ("branch", "commune"),
        ("sub_committee", "commune"),
        ("grassroots_committee", "school"),
        ("grassroots_branch", "branch1"),
        ("province", "commune"),
        ("upper", "school"),
    ],
)
def test_kinds_must_fit_their_parent(two_provinces, admin, kind, parent_attr):
    a, _ = two_provinces
    parent = getattr(a, parent_attr)
    before = snapshot()
    with pytest.raises(ServiceError) as caught:
        organization_create(actor=admin, name="Tổ chức thử", kind=kind, parent=parent)
    assert list(caught.value.errors) == ["parent"]
    (message,) = caught.value.errors["parent"]
    assert "không thể trực thuộc" in message
    assert f"«{parent.name}»" in message
    assert snapshot() == before


def test_branch_under_province_message(two_provinces, admin):
    a, _ = two_provinces
    with pytest.raises(ServiceError) as caught:
        organization_create(actor=admin, name="Chi bộ thử", kind="branch", parent=a.province)
    assert caught.value.errors == {
        "parent": [
            "Chi bộ trực thuộc không thể trực thuộc đảng bộ tỉnh, thành phố "
            "«Đảng bộ tỉnh Cao Bằng»."
        ]
    }


def test_kinds_that_do_fit(two_provinces, admin):
    a, _ = two_provinces
    sub = organization_create(
        actor=admin, name="Đảng bộ bộ phận Tổ Toán", kind="sub_committee", parent=a.school
    )
    branch = organization_create(actor=admin, name="Chi bộ Toán 1", kind="branch", parent=sub)
    upper = organization_create(
        actor=admin, name="Đảng bộ phường Hai", kind="upper", parent=a.commune
    )
    assert fresh(branch).depth == 4
    assert fresh(upper).depth == 2


def test_bad_input_is_refused_with_the_field(two_provinces, admin):
    a, _ = two_provinces
    before = snapshot()
    cases = [
        ({"name": "   ", "kind": "branch", "parent": a.school}, "name"),
        ({"name": "X" * 256, "kind": "branch", "parent": a.school}, "name"),
        ({"name": "Chi bộ Y", "kind": "cell", "parent": a.school}, "kind"),
        ({"name": "Chi bộ Y", "kind": "branch", "parent": a.school, "code": "A-CB1"}, "code"),
        ({"name": "Chi bộ Y", "kind": "branch", "parent": a.school, "code": "C" * 33}, "code"),
    ]
    for kwargs, field in cases:
        with pytest.raises(ServiceError) as caught:
            organization_create(actor=admin, **kwargs)
        assert list(caught.value.errors) == [field], kwargs
        assert caught.value.errors[field][0].endswith(".")
    assert snapshot() == before


# --- rename -----------------------------------------------------------------------------


def test_rename(two_provinces):
    a, _ = two_provinces
    org = organization_rename(
        actor=a.staff,
        organization=a.school,
        name="Đảng bộ Trường THPT Chuyên Cao Bằng",
        effective_date=date(2025, 9, 1),
    )
    saved = fresh(org)
    assert saved.name == "Đảng bộ Trường THPT Chuyên Cao Bằng"
    assert saved.search_key == "dang bo truong thpt chuyen cao bang"
    assert saved.path == a.school.path
    found = list(organization_list(actor=a.staff, q="truong thpt chuyen"))
    assert found == [saved]
    event = OrganizationEvent.objects.get(organization=org, kind="rename")
    assert event.effective_date == date(2025, 9, 1)
    assert event.details == {
        "old_name": "Đảng bộ Trường THPT Cao Bằng",
        "new_name": "Đảng bộ Trường THPT Chuyên Cao Bằng",
    }
    audit = AuditEvent.objects.get(action="organization.rename", target_id=org.pk)
    assert audit.before == {"name": "Đảng bộ Trường THPT Cao Bằng"}
    assert audit.after == {"name": "Đảng bộ Trường THPT Chuyên Cao Bằng"}


def test_rename_to_the_same_name_records_nothing(two_provinces):
    a, _ = two_provinces
    before = snapshot()
    organization_rename(actor=a.staff, organization=a.school, name=" Đảng bộ Trường THPT Cao Bằng")
    assert snapshot() == before


def test_rename_to_an_empty_name_is_refused(two_provinces):
    a, _ = two_provinces
    before = snapshot()
    with pytest.raises(ServiceError) as caught:
        organization_rename(actor=a.staff, organization=a.school, name=" ")
    assert caught.value.errors == {"name": ["Tên tổ chức không được để trống."]}
    assert snapshot() == before


# --- move -------------------------------------------------------------------------------


def test_move_rewrites_the_subtree_and_its_counts(two_provinces, admin):
    a, _ = two_provinces
    commune_before = stats(admin, a.commune)
    bloc_before = stats(admin, a.bloc)
    province_before = stats(admin, a.province)
    assert commune_before["members"] == {"total": 3, "probationary": 1, "official": 2, "women": 1}
    assert bloc_before["members"]["total"] == 0

    moved = organization_move(
        actor=a.staff, organization=a.school, new_parent=a.bloc, effective_date=date(2025, 7, 1)
    )

    school = fresh(moved)
    assert school.parent_id == a.bloc.pk
    assert school.path == a.bloc.path + path_segment(school.pk)
    assert school.depth == 2
    for branch in (a.branch1, a.branch2):
        branch = fresh(branch)
        assert branch.path == school.path + path_segment(branch.pk)
        assert branch.depth == 3
        assert branch.ancestor_ids() == [a.province.pk, a.bloc.pk, school.pk, branch.pk]
    assert fresh(a.village).path == a.village.path  # a sibling stays where it was

    commune_after = stats(admin, a.commune)
    assert commune_after["organizations"]["grassroots_committee"] == 0
    assert commune_after["organizations"]["branch"] == 0
    assert commune_after["organizations"]["grassroots_branch"] == 1
    assert commune_after["members"] == {"total": 1, "probationary": 1, "official": 0, "women": 0}
    bloc_after = stats(admin, a.bloc)
    assert bloc_after["organizations"]["grassroots_committee"] == 1
    assert bloc_after["organizations"]["branch"] == 2
    assert bloc_after["members"] == {"total": 2, "probationary": 0, "official": 2, "women": 1}
    assert stats(admin, a.province) == province_before
    assert stats_drift() == []

    event = OrganizationEvent.objects.get(organization=school, kind="move")
    assert event.effective_date == date(2025, 7, 1)
    assert event.details == {"old_parent": a.commune.pk, "new_parent": a.bloc.pk}
    assert event.actor == a.staff
    audit = AuditEvent.objects.get(action="organization.move", target_id=school.pk)
    assert audit.before == {"parent": a.commune.name, "parent_id": a.commune.pk}
    assert audit.after == {"parent": a.bloc.name, "parent_id": a.bloc.pk}
    assert audit.actor == a.staff


def test_move_to_another_province_moves_its_counts(two_provinces, admin):
    a, b = two_provinces
    a_before, b_before = stats(admin, a.province), stats(admin, b.province)
    organization_move(actor=admin, organization=a.commune, new_parent=b.province)
    a_after, b_after = stats(admin, a.province), stats(admin, b.province)
    assert a_after["members"]["total"] == a_before["members"]["total"] - 3 == 0
    assert b_after["members"]["total"] == b_before["members"]["total"] + 3 == 4
    assert a_after["organizations"]["upper"] == 1
    assert b_after["organizations"]["upper"] == 3
    assert b_after["organizations"]["branch"] == b_before["organizations"]["branch"] + 2
    assert fresh(a.branch1).path.startswith(b.province.path)
    assert fresh(a.branch1).depth == 3
    assert stats_drift() == []
    # staff of A lose sight of what left their province; staff of B gain it
    assert a.branch1 not in organization_list(actor=a.staff)
    assert fresh(a.branch1) in organization_list(actor=b.staff)


def test_move_deeper_and_back(two_provinces, admin):
    a, _ = two_provinces
    ward = organization_create(actor=admin, name="Đảng bộ phường Ba", kind="upper", parent=a.bloc)
    organization_move(actor=admin, organization=fresh(a.commune), new_parent=fresh(ward))
    assert fresh(a.branch1).depth == 5
    assert stats(admin, ward)["members"]["total"] == 3
    assert stats(admin, a.bloc)["members"]["total"] == 3
    organization_move(actor=admin, organization=fresh(a.commune), new_parent=fresh(a.province))
    assert fresh(a.branch1).depth == 3
    assert fresh(a.branch1).path == a.branch1.path
    assert stats(admin, ward)["members"]["total"] == 0
    assert stats(admin, a.bloc)["members"]["total"] == 0
    assert stats_drift() == []


def test_moving_into_its_own_subtree_is_refused(two_provinces, admin):
    a, _ = two_provinces
    inner = organization_create(
        actor=admin, name="Đảng bộ thị trấn", kind="upper", parent=a.commune
    )
    before = snapshot()
    for target in (inner, a.commune):
        with pytest.raises(ServiceError) as caught:
            organization_move(actor=admin, organization=fresh(a.commune), new_parent=fresh(target))
        assert caught.value.errors == {
            "parent": ["Không thể chuyển một tổ chức vào chính nó hoặc tổ chức cấp dưới của nó."]
        }
    assert snapshot() == before


def test_a_stale_copy_cannot_move_an_organization_into_its_own_subtree(two_provinces, admin):
    # A page loaded before someone else moved the commune must not make a cycle.
    a, _ = two_provinces
    inner = organization_create(
        actor=admin, name="Đảng bộ thị trấn", kind="upper", parent=a.commune
    )
    stale_commune = fresh(a.commune)
    organization_move(actor=admin, organization=fresh(a.commune), new_parent=fresh(a.bloc))
    before = snapshot()
    with pytest.raises(ServiceError) as caught:
        organization_move(actor=admin, organization=stale_commune, new_parent=fresh(inner))
    assert "parent" in caught.value.errors
    assert snapshot() == before
    assert fresh(inner).parent_id == a.commune.pk
    assert fresh(a.commune).parent_id == a.bloc.pk


def test_move_kind_must_fit_the_new_parent(two_provinces, admin):
    a, b = two_provinces
    before = snapshot()
    with pytest.raises(ServiceError) as caught:
        organization_move(actor=admin, organization=a.branch1, new_parent=a.commune)
    assert list(caught.value.errors) == ["parent"]
    with pytest.raises(ServiceError):
        organization_move(actor=admin, organization=a.province, new_parent=b.province)
    assert snapshot() == before


def test_move_to_the_same_parent_changes_nothing(two_provinces):
    a, _ = two_provinces
    before = snapshot()
    organization_move(actor=a.staff, organization=a.school, new_parent=a.commune)
    assert snapshot() == before


# --- who may change the tree --------------------------------------------------------------


def test_staff_cannot_change_another_province(two_provinces):
    a, b = two_provinces
    before = snapshot()
    with pytest.raises(NotFound):
        organization_create(
            actor=a.staff, name="Chi bộ lạ", kind="grassroots_branch", parent=b.bloc
        )
    with pytest.raises(NotFound):
        organization_rename(actor=a.staff, organization=b.office, name="Chi bộ đổi tên")
    with pytest.raises(NotFound):
        organization_move(actor=a.staff, organization=b.office, new_parent=a.bloc)
    with pytest.raises(NotFound):
        organization_move(actor=a.staff, organization=a.office, new_parent=b.bloc)
    with pytest.raises(NotFound):
        organization_move(actor=b.staff, organization=a.commune, new_parent=b.province)
    assert snapshot() == before


def test_a_viewer_cannot_change_the_tree(two_provinces):
    a, _ = two_provinces
    before = snapshot()
    with pytest.raises(Forbidden) as caught:
        organization_create(actor=a.viewer, name="Chi bộ mới", kind="branch", parent=a.school)
    assert "chỉ có quyền xem" in str(caught.value)
    with pytest.raises(Forbidden):
        organization_rename(actor=a.viewer, organization=a.school, name="Đảng bộ khác")
    with pytest.raises(Forbidden):
        organization_move(actor=a.viewer, organization=a.school, new_parent=a.bloc)
    assert snapshot() == before


def test_a_secretary_cannot_change_the_tree(two_provinces):
    a, _ = two_provinces
    before = snapshot()
    with pytest.raises(Forbidden) as caught:
        organization_rename(actor=a.secretary, organization=a.branch1, name="Chi bộ Giáo viên 1")
    assert "Bí thư chi bộ" in str(caught.value)
    with pytest.raises(Forbidden):
        organization_move(actor=a.secretary, organization=a.branch1, new_parent=a.school)
    # outside the secretary's own branch it is out of sight altogether
    with pytest.raises(NotFound):
        organization_create(actor=a.secretary, name="Chi bộ mới", kind="branch", parent=a.school)
    with pytest.raises(NotFound):
        organization_rename(actor=a.secretary, organization=a.branch2, name="Chi bộ X")
    assert snapshot() == before


def test_staff_work_freely_inside_their_province(two_provinces):
    a, _ = two_provinces
    ward = organization_create(
        actor=a.staff, name="Đảng bộ phường Hai", kind="upper", parent=a.province
    )
    organization_move(actor=a.staff, organization=a.village, new_parent=ward)
    organization_rename(actor=a.staff, organization=fresh(a.village), name="Chi bộ tổ dân phố 1")
    assert fresh(a.village).parent_id == ward.pk
    assert stats_drift() == []


# --- nothing half-written -------------------------------------------------------------------


@pytest.mark.parametrize("step", ["create", "rename", "move"])
def test_a_failure_at_the_last_step_leaves_nothing_behind(two_provinces, monkeypatch, step):
    a, _ = two_provinces

    def broken_audit(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(org_services, "audit_record", broken_audit)
    before = snapshot()
    with pytest.raises(RuntimeError):
        if step == "create":
            organization_create(actor=a.staff, name="Chi bộ mới", kind="branch", parent=a.school)
        elif step == "rename":
            organization_rename(actor=a.staff, organization=fresh(a.school), name="Tên mới")
        else:
            organization_move(actor=a.staff, organization=a.school, new_parent=a.bloc)
    assert snapshot() == before
    assert stats_drift() == []


def test_many_count_deltas_are_added_and_created(two_provinces):
    """An import's thousands of deltas (PostgreSQL streams them through COPY) add to the rows
    there are and create the rows there are not."""
    from tochuc.orgs.counters import counts_apply_many, subtree_counts

    a, _ = two_provinces
    before = subtree_counts(a.province.pk)
    deltas = {(a.province.pk, "bench", str(i)): i % 7 + 1 for i in range(2500)}
    deltas[(a.province.pk, "member", "total")] = 5
    counts_apply_many(deltas)
    counts_apply_many({k: -1 for k in deltas})
    after = subtree_counts(a.province.pk)
    assert after[("member", "total")] == before[("member", "total")] + 4
    assert after[("bench", "6")] == 6 and after[("bench", "2498")] == 6
    assert ("bench", "2499") not in after  # 1 - 1: nothing left


# --- the top of one's own scope ---------------------------------------------------------------

ROOT_REFUSAL = "là tổ chức gốc trong phạm vi của bạn: chỉ cấp trên mới được đổi tên / chuyển"


def test_the_top_of_ones_scope_is_changed_from_above_only(two_provinces, admin):
    from tests.factories import make_user
    from tochuc.orgs.services.restructuring import (
        organization_dissolve,
        organization_merge,
        organization_split,
    )

    a, _ = two_provinces
    staff_x = make_user("staff_x", "staff", a.commune)
    before = snapshot()
    parts = [{"name": "Đảng bộ xã Một A", "kind": "upper"}, {"name": "B", "kind": "upper"}]
    for refused in [
        lambda: organization_rename(actor=staff_x, organization=a.commune, name="Đảng bộ xã Hai"),
        lambda: organization_rename(actor=a.staff, organization=a.province, name="Tỉnh khác"),
        lambda: organization_move(actor=staff_x, organization=a.commune, new_parent=a.school),
        lambda: organization_dissolve(
            actor=staff_x, organization=a.commune, on=date(2026, 7, 1), destination=a.village
        ),
        lambda: organization_merge(
            actor=staff_x, sources=[a.commune], on=date(2026, 7, 1), target=a.village
        ),
        lambda: organization_split(
            actor=staff_x, source=a.commune, parts=parts, on=date(2026, 7, 1)
        ),
    ]:
        with pytest.raises(Forbidden, match=ROOT_REFUSAL):
            refused()
    assert snapshot() == before
    # The level above may; so may an administrator.
    organization_rename(actor=a.staff, organization=a.commune, name="Đảng bộ xã Hai")
    organization_rename(actor=admin, organization=a.province, name="Đảng bộ tỉnh Cao Bằng mới")
    assert fresh(a.commune).name == "Đảng bộ xã Hai"
    # Below the top the commune's own staff work as before.
    organization_rename(actor=staff_x, organization=a.village, name="Chi bộ thôn Nà Mới")
    assert fresh(a.village).name == "Chi bộ thôn Nà Mới"
