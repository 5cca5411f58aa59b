"""The 2025 reorganization replayed on the pre-2025 tree of one 2025 province (Tuyên Quang:
Hà Giang and Tuyên Quang merged, 18 districts, 330 communes into 124, 5 of them split)."""

from collections import Counter
from datetime import date
from types import SimpleNamespace

import pytest

from tests.factories import make_member, make_province, make_user
from tochuc.core.errors import NotFound, ServiceError
from tochuc.members.counters import stats_drift
from tochuc.members.models import Member
from tochuc.orgs.models import Organization, RestructuringPlan
from tochuc.orgs.selectors import organization_stats_on
from tochuc.orgs.services import organization_create, organization_rename
from tochuc.orgs.services.admin_units import load_admin_units, wards
from tochuc.orgs.services.admin_units_2024 import (
    load_admin_units_before_2025,
    mapping,
    name_key,
    old_units,
    predecessors,
)
from tochuc.orgs.services.replay_2025 import replay_2025, review_rows
from tochuc.orgs.services.restructuring import plan_undo

TQ = 8  # Tuyên Quang since 2025: Hà Giang (02) + Tuyên Quang (08)


def test_the_mapping_covers_every_old_unit_once():
    provinces, districts, communes = old_units()
    m = mapping()
    assert (len(provinces), len(districts), len(communes)) == (63, 696, 10_035)
    assert set(m.commune) == {u.code for u in communes}
    assert len(m.island) == 5 and set(m.province) == {u.code for u in provinces}
    assert len(set(m.province.values())) == 34
    new_communes = {w.code: w.province_code for w in wards()}
    reached = {code for d in [*m.commune.values(), *m.island.values()] for code in d.new}
    assert reached == set(new_communes)  # all 3,321, and nothing else
    for u in communes:  # a commune changes province only as its whole province merges
        d = m.commune[u.code]
        assert d.default in d.new
        assert {new_communes[c] for c in d.new} == {m.province[u.province_code]}
    assert Counter(len(d.new) > 1 for d in m.commune.values())[True] == 471
    assert predecessors(TQ) == [2, 8] and predecessors(4) == [4]


def test_new_communes_are_matched_by_name_not_by_the_converters_codes():
    # vietnamadminunits' codes 01537/01558/01561 name Lý Quốc/Hạ Lang/Vinh Quý, which
    # vietnam-provinces (the codes the tree uses) gives to Vinh Quý/Lý Quốc/Hạ Lang.
    new = {w.code: w for w in wards(4)}
    old = {u.code: u for u in old_units()[2]}
    for code in (1537, 1561):  # old xã Lý Quốc, xã Vinh Quý keep their names
        (target,) = mapping().commune[code].new
        assert name_key(new[target].bare) == name_key(old[code].bare)
    assert name_key("Thuỷ  Hoà") == name_key("thủy hòa")


@pytest.fixture
def tree(admin):
    """The pre-2025 tree of Tuyên Quang with a few organizations and members in it."""
    load_admin_units_before_2025(province="Tuyên Quang")
    m = mapping()
    communes = [u for u in old_units()[2] if u.province_code in (2, 8)]
    whole = next(u for u in communes if u.province_code == 2 and not m.commune[u.code].split)
    split = next(u for u in communes if m.commune[u.code].split)
    org = {o.code: o for o in Organization.objects.all()}

    def create(name, kind, parent):
        return organization_create(actor=admin, name=name, kind=kind, parent=parent)

    t = SimpleNamespace(whole=whole, split=split, org=org)
    t.village = create("Chi bộ thôn Nà Khương", "branch", org[whole.org_code])
    t.office = create("Đảng bộ bộ phận Cơ quan", "sub_committee", org[whole.org_code])
    t.office_branch = create("Chi bộ Văn phòng", "branch", t.office)
    t.split_branch = create("Chi bộ thôn Bản Mới", "branch", org[split.org_code])
    district = org[f"H{next(u.district_code for u in communes if u.province_code == 8):03d}"]
    t.school = create("Chi bộ Trường THPT Na Hang", "grassroots_branch", district)
    t.bureau = create("Chi bộ Sở Nội vụ Hà Giang", "grassroots_branch", org["T02"])
    t.members = [
        *(make_member(admin, t.village, full_name=f"Hà Văn {n}") for n in ("An", "Bình", "Cường")),
        make_member(admin, t.office_branch, full_name="Lò Thị Dung", gender="female"),
        *(make_member(admin, t.split_branch, full_name=f"Sùng A {n}") for n in ("Chứ", "Dơ")),
        make_member(admin, t.school, full_name="Ma Văn Hải"),
        make_member(admin, t.bureau, full_name="Vàng Thị Mai", gender="female"),
    ]
    return t


def _counts(admin, code, on):
    org = Organization.objects.get(code=code)
    return organization_stats_on(actor=admin, organization=org, on=on)["members"]["total"]


def test_replay_builds_the_2025_tree_and_keeps_everyone(admin, tree):
    past = {code: _counts(admin, code, date(2024, 12, 31)) for code in ("T02", "T08")}
    assert past == {"T02": 7, "T08": 1}
    result = replay_2025(actor=admin, province="Tuyên Quang")
    (summary,) = result["provinces"]
    assert summary | {"seconds": 0} == summary | {
        "old_provinces": 2,
        "districts": 18,
        "old_communes": 330,
        "communes": 124,
        "split": 5,
        "members": 8,
        "review_members": 2,
        "seconds": 0,
    }
    alive = Organization.objects.filter(dissolved_on__isnull=True)
    province = alive.get(code="T08")
    assert province.name == "Đảng bộ tỉnh Tuyên Quang" and province.parent is None
    # The communes are exactly vietnam-provinces' 124, upper-level, under the province.
    communes = {
        (o.code, o.name, o.kind) for o in alive.filter(parent=province, code__startswith="X")
    }
    assert communes == {(w.org_code, w.org_name, "upper") for w in wards(TQ)}
    # No old province, district or commune is left standing.
    assert not alive.filter(code="T02").exists()
    assert not alive.filter(admin_unit_code__gt="", code__regex=r"^(H\d{3}|C\d{5})$").exists()
    # Everyone is still counted, in a standing organization of the province.
    assert Member.objects.filter(organization__dissolved_on__isnull=True).count() == 8
    assert _counts(admin, "T08", date.today()) == 8
    # The village branch now sits directly under its new commune, as a chi bộ cơ sở; the
    # đảng bộ bộ phận became a đảng bộ cơ sở; the district's and Hà Giang's bodies are
    # under the province.
    default = mapping().commune[tree.whole.code].default
    for org, parent, kind in [
        (tree.village, f"X{default:05d}", "grassroots_branch"),
        (tree.office, f"X{default:05d}", "grassroots_committee"),
        (tree.office_branch, None, "branch"),
        (tree.school, "T08", "grassroots_branch"),
        (tree.bureau, "T08", "grassroots_branch"),
    ]:
        org.refresh_from_db()
        assert org.kind == kind and org.dissolved_on is None
        if parent:
            assert org.parent.code == parent
    assert tree.office_branch.path.startswith(tree.office.path)
    # Counts of the past stay on the tree of that day; today's rolled-up counts are exact.
    assert {code: _counts(admin, code, date(2024, 12, 31)) for code in past} == past
    assert not stats_drift()
    # The split commune's branch went to its default commune and is listed for review.
    plan = RestructuringPlan.objects.get(pk=summary["plan"])
    assert plan.status == "applied" and plan.decision_symbol == "60-NQ/TW"
    split_default = mapping().commune[tree.split.code].default
    tree.split_branch.refresh_from_db()
    assert tree.split_branch.parent.code == f"X{split_default:05d}"
    assert any(tree.split.label in p for p in plan.result["problems"])
    rows = review_rows(actor=admin, plan_ids=[plan.pk])
    outsider = make_user("staff_cb", "staff", make_province(admin, "Cao Bằng", "A").province)
    assert review_rows(actor=outsider, plan_ids=[plan.pk]) == []
    assert sorted(r[1] for r in rows) == ["Sùng A Chứ", "Sùng A Dơ"]
    assert len(rows) == summary["review_members"]  # the list is the count it announces
    assert {r[3] for r in rows} == {tree.split.org_name}
    # The organization's history names the plan and the decision.
    assert tree.village.events.filter(kind="move", plan=plan).exists()


def test_replay_is_refused_twice_and_the_trees_do_not_mix(admin, tree):
    with pytest.raises(ServiceError, match="replay-2025"):
        load_admin_units(province="Tuyên Quang")
    replay_2025(actor=admin, province="Tuyên Quang")
    with pytest.raises(ServiceError, match="Không có cây tổ chức trước ngày 01/07/2025"):
        replay_2025(actor=admin)
    with pytest.raises(ServiceError, match="đã có cây tổ chức sau ngày 01/07/2025"):
        load_admin_units_before_2025(province="Tuyên Quang")


def test_a_group_must_be_whole(admin):
    load_admin_units_before_2025(province="Tuyên Quang")
    hg = Organization.objects.get(code="T02")
    Organization.objects.filter(pk=hg.pk).update(dissolved_on=date(2020, 1, 1))
    with pytest.raises(ServiceError, match="chưa có «Đảng bộ tỉnh Hà Giang»"):
        replay_2025(actor=admin, province="Tuyên Quang")


def test_replay_needs_write_access_to_every_old_province(admin, tree):
    outsider = make_user("staff_tq", "staff", tree.org["T08"])
    with pytest.raises(NotFound):
        replay_2025(actor=outsider, province="Tuyên Quang")  # Hà Giang is out of sight
    assert not RestructuringPlan.objects.exists()
    assert not Organization.objects.filter(code__startswith="X").exists()


def test_the_replay_can_be_undone(admin, tree):
    before = sorted(Organization.objects.values_list("id", "parent_id", "kind", "name", "path"))
    result = replay_2025(actor=admin, province="Tuyên Quang")
    plan = RestructuringPlan.objects.get(pk=result["provinces"][0]["plan"])
    plan_undo(actor=admin, plan=plan)
    after = sorted(Organization.objects.values_list("id", "parent_id", "kind", "name", "path"))
    assert after == before
    assert not Organization.objects.filter(dissolved_on__isnull=False).exists()
    assert _counts(admin, "T02", date.today()) == 7 and not stats_drift()


def test_the_cli_replays_and_writes_the_review_list(admin, tree, tmp_path, capsys):
    from tochuc.cli import main

    review = tmp_path / "ra-soat.csv"
    main(["orgs", "replay-2025", "--province", "Tuyên Quang", "--review", str(review)])
    out = capsys.readouterr().out
    assert "Tỉnh Tuyên Quang: 2 tỉnh cũ, 18 huyện, 330 xã cũ → 124 xã mới" in out
    lines = review.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("Số thẻ đảng viên,Họ và tên") and len(lines) == 3
    with pytest.raises(SystemExit, match="không đúng dạng"):
        main(["orgs", "replay-2025", "--effective", "01/07/2025"])


def test_the_tree_page_shows_the_tree_of_a_past_date(client, admin, tree):
    replay_2025(actor=admin, province="Tuyên Quang")
    client.force_login(admin)
    today = client.get("/organizations/").content.decode()
    assert "Đảng bộ tỉnh Tuyên Quang" in today and "Đảng bộ tỉnh Hà Giang" not in today
    past = client.get("/organizations/?on=31/12/2024").content.decode()
    assert "tại ngày <strong>31/12/2024</strong>" in past
    assert "Đảng bộ tỉnh Hà Giang" in past and "7 đảng viên" in past
    tq = Organization.objects.get(code="T08")
    kids = client.get(f"/organizations/{tq.pk}/children/?on=2024-12-31").content.decode()
    assert "Đảng bộ huyện Na Hang" in kids and "Đảng bộ xã" not in kids
    assert "?on=2024-12-31" in kids  # the next level opens at the same date
    now = client.get(f"/organizations/{tq.pk}/children/").content.decode()
    assert "Đảng bộ huyện" not in now and "Đảng bộ xã" in now
    bad = client.get("/organizations/?on=31/13/2024").content.decode()
    assert "Ngày «31/13/2024» không hợp lệ" in bad


def test_a_past_tree_shows_only_the_users_own_subtree(client, admin, tree):
    replay_2025(actor=admin, province="Tuyên Quang")
    staff = make_user("staff_tq", "staff", Organization.objects.get(code="T08"))
    client.force_login(staff)
    past = client.get("/organizations/?on=31/12/2024").content.decode()
    assert "Đảng bộ tỉnh Tuyên Quang" in past and "Hà Giang" not in past
    hg = Organization.objects.get(code="T02")
    assert client.get(f"/organizations/{hg.pk}/children/?on=2024-12-31").status_code == 404


def test_the_replayed_plan_page_says_what_was_done(client, admin, tree):
    result = replay_2025(actor=admin, province="Tuyên Quang")
    client.force_login(admin)
    page = client.get(f"/organizations/plans/{result['provinces'][0]['plan']}/").content.decode()
    assert "tochuc orgs replay-2025" in page and "Chưa có bước nào" not in page
    assert f"«{tree.split.org_name}» (cũ) chia về" in page
    assert "Đảng bộ tỉnh Hà Giang" in page and "giải thể" in page


def test_the_api_gives_a_level_of_the_tree_today_or_at_a_past_date(client, admin, tree):
    replay_2025(actor=admin, province="Tuyên Quang")
    tq = Organization.objects.get(code="T08")
    client.force_login(admin)
    today = client.get("/api/v1/organizations/tree").json()
    assert [(n["name"], n["members"]["total"]) for n in today] == [("Đảng bộ tỉnh Tuyên Quang", 8)]
    past = client.get("/api/v1/organizations/tree?on=2024-12-31").json()
    assert {n["name"]: n["members"]["total"] for n in past} == {
        "Đảng bộ tỉnh Hà Giang": 7,
        "Đảng bộ tỉnh Tuyên Quang": 1,
    }
    kids = client.get(f"/api/v1/organizations/tree?parent={tq.pk}&on=2024-12-31").json()
    assert {n["kind"] for n in kids} == {"upper"} and len(kids) == 7  # its districts
    now = client.get(f"/api/v1/organizations/tree?parent={tq.pk}").json()
    assert sum(n["name"].startswith("Đảng bộ xã") for n in now) > 50
    staff = make_user("staff_tq", "staff", tq)
    client.force_login(staff)
    past = client.get("/api/v1/organizations/tree?on=2024-12-31").json()
    assert [n["name"] for n in past] == ["Đảng bộ tỉnh Tuyên Quang"]
    hg = Organization.objects.get(code="T02")
    assert client.get(f"/api/v1/organizations/tree?parent={hg.pk}&on=2024-12-31").status_code == 404


def test_the_command_lines_operator_can_rename_and_replay(admin, tree):
    """The CLI acts as an unsaved administrator: the rows it writes have no author."""
    from tochuc.accounts.models import Role, User

    operator = User(username="cli", role=Role.ADMIN, is_active=True)
    tq = Organization.objects.get(code="T08")
    organization_rename(
        actor=operator,
        organization=tq,
        name="Đảng bộ tỉnh Tuyên Quang (cũ)",
        effective_date=date(2025, 6, 1),
    )
    replay_2025(actor=operator, province="Tuyên Quang")
    tq.refresh_from_db()
    assert tq.name == "Đảng bộ tỉnh Tuyên Quang"
    assert tq.events.filter(kind="rename", actor__isnull=True).count() == 2


def test_district_bodies_under_the_province_do_not_look_like_districts(admin, tree):
    """A district's own organizations keep codes like H001-01 under the province: the
    replay is over, and the 2025 tree can be loaded again (it creates nothing)."""
    district = Organization.objects.filter(code__regex=r"^H[0-9]{3}$").first()
    organization_create(
        actor=admin,
        name="Chi bộ Kho bạc",
        kind="grassroots_branch",
        parent=district,
        code=f"{district.code}-01",
    )
    replay_2025(actor=admin, province="Tuyên Quang")
    assert Organization.objects.get(code=f"{district.code}-01").parent.code == "T08"
    with pytest.raises(ServiceError, match="Không có cây tổ chức trước"):
        replay_2025(actor=admin)
    assert load_admin_units(province="Tuyên Quang")["created"] == 0
