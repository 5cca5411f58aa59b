"""Importing the organization tree from a file: recognition, every row rule, idempotence,
updates through the tree's history, scope, the round trip, and members into the new tree."""

from __future__ import annotations

import itertools
import random
from datetime import date
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import make_sheet
from tests.imports.test_services import HEADERS as MEMBER_HEADERS
from tests.imports.test_services import person, xlsx
from tochuc.cli import main
from tochuc.core.errors import Forbidden, NotFound
from tochuc.core.text import search_key
from tochuc.imports.models import Import
from tochuc.imports.parsing import parse_kind
from tochuc.imports.services import import_start, import_upload
from tochuc.members.counters import stats_drift
from tochuc.members.models import Member
from tochuc.orgs.models import (
    EPOCH,
    PARENT_KINDS,
    Organization,
    OrganizationEvent,
    OrganizationKind,
    OrganizationVersion,
    SubtreeCount,
)

pytestmark = pytest.mark.django_db

HEADERS = ["Mã tổ chức", "Tên tổ chức", "Loại hình tổ chức", "Mã cấp trên", "Ngày thành lập"]
TREE = [  # children before parents on purpose: any order goes
    ["CB1", "Chi bộ Giáo viên", "Chi bộ trực thuộc Đảng ủy cơ sở", "CS1", None],
    ["CS1", "Đảng bộ Trường THPT Bảo Lạc", "ĐBCS", "X1", "05/02/1990"],
    ["CB2", "Chi bộ Hành chính", "CBTT", "CS1", None],
    ["X1", "Đảng bộ xã Bảo Lạc", "Đảng bộ cấp trên cơ sở", "T", None],
    ["CS2", "Chi bộ thôn Nà Pồng", "CBCS", "X1", None],
    ["T", "Đảng bộ tỉnh Cao Bằng", "Đảng bộ tỉnh", None, None],
]


def tree_xlsx(rows, headers=HEADERS) -> bytes:
    return make_sheet("DANH SÁCH TỔ CHỨC ĐẢNG", headers, rows)


def run(actor, data, organization=None, dry_run=False, mode="all") -> Import:
    """Upload, then check or import (the test's tasks run at once)."""
    upload = import_upload(actor=actor, organization=organization, file_name="cay.xlsx", data=data)
    assert upload.status == Import.Status.UPLOADED, upload.error
    return import_start(actor=actor, upload=upload, dry_run=dry_run, mode=mode)


def shape(root_path: str = "") -> set[tuple]:
    """The live tree as (code, name, kind, parent's code, founded)."""
    return {
        (o.code, o.name, o.kind, o.parent.code if o.parent else None, o.established_on)
        for o in Organization.objects.filter(path__startswith=root_path).select_related("parent")
    }


def reasons(upload: Import) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for p in upload.problems:
        out.setdefault(p["row"], []).append(f"{p['column']}: {p['message']}")
    return out


def test_a_tree_file_is_told_by_its_headers_and_imported_in_any_order(admin):
    checked = run(admin, tree_xlsx(TREE), dry_run=True)
    assert checked.kind == Import.Kind.ORGANIZATIONS
    assert (checked.status, checked.created, checked.rejected) == ("checked", 6, 0)
    assert not Organization.objects.exists()
    done = run(admin, tree_xlsx(TREE))
    assert (done.status, done.created) == ("done", 6), done.problems
    school = Organization.objects.get(code="CS1")
    assert (school.kind, school.parent.code, school.established_on) == (
        "grassroots_committee",
        "X1",
        date(1990, 2, 5),
    )
    assert Organization.objects.get(code="CB1").path.startswith(school.path)
    assert Organization.objects.get(code="T").parent is None
    # As organization_create would write them: a version each, a dated 'create' event.
    assert OrganizationVersion.objects.count() == 6
    # Without a founding date it stood since always, as organization_create enters it: a
    # past date shows it (issue #17's review: the bulk insert had begun it on the import day).
    assert OrganizationVersion.objects.get(organization__code="X1").start_date == EPOCH
    assert OrganizationVersion.objects.get(organization=school).start_date == date(1990, 2, 5)
    assert OrganizationEvent.objects.get(organization=school, kind="create").effective_date == (
        date(1990, 2, 5)
    )
    assert not stats_drift()
    province = Organization.objects.get(code="T")
    kinds = dict(
        SubtreeCount.objects.filter(organization=province, dimension="org_kind").values_list(
            "value", "count"
        )
    )
    assert kinds == {
        "province": 1,
        "upper": 1,
        "grassroots_committee": 1,
        "grassroots_branch": 1,
        "branch": 2,
    }
    # Idempotent: the same file again changes nothing.
    again = run(admin, tree_xlsx(TREE))
    assert (again.status, again.created, again.updated, again.unchanged) == ("done", 0, 0, 6)
    assert OrganizationEvent.objects.count() == 6


def test_every_row_rule_says_its_row_column_and_reason(admin):
    rows = [
        *TREE,
        ["CB3", "Chi bộ Y tế", "CBTT", "KHONG-CO", None],  # 9: unknown parent
        ["CB4", "Chi bộ Thôn 1", "Chi bộ trực thuộc", "X1", None],  # 10: branch under upper
        ["V1", "Chi bộ Vòng 1", "CBCS", "V2", None],  # 11: a cycle
        ["V2", "Đảng bộ Vòng 2", "Đảng bộ cấp trên cơ sở", "V1", None],  # 12
        ["CB2", "Chi bộ Hành chính 2", "CBTT", "CS1", None],  # 13: code used twice (with 5)
        ["CB5", "", "CBTT", "CS1", "31/02/2020"],  # 14: no name, no such day
        ["CB6", "X" * 256, "Hội đồng", "CS1", None],  # 15: too long, unknown kind
        ["BP1", "Đảng bộ bộ phận Khối A", "ĐBBP", "CB3", None],  # 16: parent rejected
        ["", "Chi bộ không mã", "CBTT", "CS1", None],  # 17: no code
        ["S", "Chi bộ Tự trỏ", "CBTT", "S", None],  # 18: its own parent
    ]
    upload = run(admin, tree_xlsx(rows))
    assert upload.status == Import.Status.REFUSED
    assert not Organization.objects.exists()  # all or nothing
    why = reasons(upload)
    assert "Mã cấp trên: Không có tổ chức mã «KHONG-CO» trong tệp" in why[9][0]
    assert why[10] == [
        "Loại hình tổ chức: Chi bộ trực thuộc không thể trực thuộc đảng bộ cấp "
        "trên cơ sở «Đảng bộ xã Bảo Lạc»."
    ]
    assert "Cấp trên vòng quanh: «V1» → «V2» → «V1»" in why[11][0]
    assert "vòng quanh" in why[12][0]
    assert why[5] == why[13] == ["Mã tổ chức: Mã «CB2» có ở các dòng 5, 13: mỗi tổ chức một mã."]
    assert {w.split(":")[0] for w in why[14]} == {"Tên tổ chức", "Ngày thành lập"}
    assert "không phải ngày có thật" in " ".join(why[14])
    assert {w.split(":")[0] for w in why[15]} == {"Tên tổ chức", "Loại hình tổ chức"}
    assert "quá giới hạn 255 ký tự" in " ".join(why[15])
    assert "Loại tổ chức «Hội đồng» không rõ" in " ".join(why[15])
    assert "Tổ chức cấp trên «CB3» (dòng 9) bị từ chối" in why[16][0]
    assert why[17] == ["Mã tổ chức: Chưa ghi mã tổ chức: mỗi tổ chức một mã, không trùng."]
    assert "không thể trực thuộc chính nó" in why[18][0]
    assert upload.rejected == 11 and upload.created == 5  # CB2 of row 5 is out too
    # Only the valid rows, when asked: the rest of the tree goes in.
    valid = run(admin, tree_xlsx(rows), mode="valid")
    assert (valid.status, valid.created) == ("done", 5)
    assert set(Organization.objects.values_list("code", flat=True)) == {
        "T",
        "X1",
        "CS1",
        "CS2",
        "CB1",
    }


def test_a_changed_file_renames_and_moves_through_the_trees_history(admin):
    run(admin, tree_xlsx(TREE))
    school = Organization.objects.get(code="CS1")
    changed = [list(r) for r in TREE]
    changed[2][1] = "Chi bộ Văn phòng"  # CB2 renamed
    changed.append(["X2", "Đảng bộ xã Cốc Pàng", "Đảng bộ cấp trên cơ sở", "T", None])
    changed[4][3] = "X2"  # CS2 moves to a new commune of the same file
    changed[0][2:4] = ["CBCS", "X2"]  # CB1 leaves the school for the new commune: a CBCS now
    upload = run(admin, tree_xlsx(changed))
    assert (upload.status, upload.created, upload.updated, upload.unchanged) == (
        "done",
        1,
        3,
        3,
    ), upload.problems
    cb1 = Organization.objects.get(code="CB1")
    assert (cb1.kind, cb1.parent.code) == ("grassroots_branch", "X2")
    assert Organization.objects.get(code="CS2").parent.code == "X2"
    assert Organization.objects.get(code="CB2").name == "Chi bộ Văn phòng"
    kinds = set(OrganizationEvent.objects.values_list("organization__code", "kind"))
    assert {("CB2", "rename"), ("CS2", "move"), ("CB1", "move"), ("X2", "create")} <= kinds
    assert school.children.count() == 1
    assert not stats_drift()
    # A kind its children may not stand under is refused, naming them.
    bad = [list(r) for r in changed]
    bad[1][2] = "CBCS"  # the school, which keeps a chi bộ trực thuộc, as a chi bộ cơ sở
    refused = run(admin, tree_xlsx(bad))
    assert refused.status == Import.Status.REFUSED
    assert reasons(refused)[5] == [
        "Loại hình tổ chức: Chi bộ trực thuộc không thể trực thuộc chi bộ cơ sở «Đảng bộ Trường "
        "THPT Bảo Lạc»."
    ]


def test_a_user_imports_only_under_their_scope(two_provinces):
    a, b = two_provinces
    rows = [
        ["A-CS9", "Đảng bộ Trường Tiểu học", "ĐBCS", "A-X1", None],  # under an existing one
        ["A-CB9", "Chi bộ Tiểu học", "CBTT", "A-CS9", None],
        ["A-CS8", "Chi bộ Sở Y tế", "CBCS", "", None],  # no parent: the receiving organization
        ["B-CS9", "Chi bộ Lạ", "CBCS", "B-K", None],  # B's organization: unknown here
        ["B", "Tên khác", "ĐBCS", "A-X1", None],  # B's code: not usable, and nothing said of B
    ]
    upload = run(a.staff, tree_xlsx(rows), organization=a.province)
    why = reasons(upload)
    assert "Không có tổ chức mã «B-K» trong tệp hay trong «Đảng bộ tỉnh Cao Bằng»" in why[6][0]
    assert why[7] == ["Mã tổ chức: Mã «B» không dùng được cho tổ chức nhận dữ liệu: chọn mã khác."]
    valid = run(a.staff, tree_xlsx(rows), organization=a.province, mode="valid")
    assert (valid.status, valid.created) == ("done", 3)
    assert Organization.objects.get(code="A-CS8").parent == a.province
    assert Organization.objects.get(code="A-CB9").path.startswith(a.commune.path)
    assert Organization.objects.get(code="B").name == b.province.name
    # Without a receiving organization only an administrator may import (roots are theirs).
    with pytest.raises(Forbidden):
        import_upload(actor=a.staff, organization=None, file_name="c.xlsx", data=tree_xlsx(rows))
    with pytest.raises(NotFound):
        import_upload(
            actor=a.staff, organization=b.province, file_name="c.xlsx", data=tree_xlsx(rows)
        )
    # A secretary does not change the tree's structure.
    secretary = import_upload(
        actor=a.secretary, organization=a.branch1, file_name="c.xlsx", data=tree_xlsx(rows)
    )
    assert secretary.kind == Import.Kind.ORGANIZATIONS
    with pytest.raises(Forbidden):
        import_start(actor=a.secretary, upload=secretary, dry_run=True)


def test_the_subtree_list_exports_and_imports_back_into_an_empty_database(client, admin):
    run(admin, tree_xlsx(TREE))
    before = shape()
    province = Organization.objects.get(code="T")
    client.force_login(admin)
    exported = client.get(f"/organizations/{province.pk}/?format=xlsx").getvalue()
    OrganizationVersion.objects.all().delete()
    OrganizationEvent.objects.all().delete()
    SubtreeCount.objects.all().delete()
    Import.objects.all().delete()
    for org in Organization.objects.order_by("-depth"):
        org.delete()
    upload = run(admin, exported)
    assert (upload.status, upload.created, upload.rejected) == ("done", 6, 0), upload.problems
    assert shape() == before
    # The receiving organization's own line (the top of a subtree's list) is left as it is.
    again = run(admin, exported, organization=Organization.objects.get(code="X1"), dry_run=True)
    assert (again.rejected, again.unchanged) == (1, 5)  # the province above is not X1's
    school = Organization.objects.get(code="CS1")
    sub = client.get(f"/organizations/{school.pk}/?format=xlsx").getvalue()
    same = run(admin, sub, organization=school, dry_run=True)
    assert (same.status, same.unchanged, same.rejected) == ("checked", 3, 0), same.problems


def test_members_with_branch_codes_go_into_the_imported_tree(admin, tmp_path, capsys):
    path = tmp_path / "cay.xlsx"
    path.write_bytes(tree_xlsx(TREE))
    main(["import", str(path)])  # no --org: the file's roots are roots
    out = capsys.readouterr().out
    assert "«Mã cấp trên» → Mã tổ chức cấp trên" in out and "Đã nhập xong: 6 thêm" in out
    headers = [("Mã chi bộ" if h == "Chi bộ" else h) for h in MEMBER_HEADERS]
    rows = [
        person(i, f"Nguyễn Văn {name}", branch=code)
        for i, (name, code) in enumerate(
            zip("ABCD", ["CB1", "CB2", "CS2", "cb1"], strict=True), start=1
        )
    ]
    members = tmp_path / "dv.xlsx"
    members.write_bytes(xlsx(rows, headers=headers))
    main(["import", str(members), "--org", "T"])
    assert "Đã nhập xong: 4 thêm" in capsys.readouterr().out
    assert sorted(Member.objects.values_list("organization__code", flat=True)) == [
        "CB1",
        "CB1",
        "CB2",
        "CS2",
    ]
    # A members' file needs its receiving organization.
    with pytest.raises(SystemExit) as exit_:
        main(["import", str(members)])
    assert "chọn tổ chức nhận dữ liệu" in str(exit_.value.code)


def test_the_api_takes_a_tree_file_and_keeps_each_province_to_itself(client, two_provinces, admin):
    a, b = two_provinces
    client.force_login(a.staff)
    data = tree_xlsx([["A-CB7", "Chi bộ Mới", "CBTT", "A-CS1", None]])
    response = client.post(
        "/api/v1/imports",
        {"organization": a.province.pk, "file": SimpleUploadedFile("cay.xlsx", data)},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["kind"], body["mapping"]["0"]) == ("organizations", "code")
    done = client.post(
        f"/api/v1/imports/{body['id']}/start", {"dry_run": False}, content_type="application/json"
    ).json()
    assert (done["status"], done["created"]) == ("done", 1)
    # Without an organization: refused to a scoped user, allowed to an administrator.
    response = client.post("/api/v1/imports", {"file": SimpleUploadedFile("cay.xlsx", data)})
    assert response.status_code == 403
    client.force_login(b.staff)
    assert client.get(f"/api/v1/imports/{body['id']}").status_code == 404
    start = client.post(
        f"/api/v1/imports/{body['id']}/start", {"dry_run": True}, content_type="application/json"
    )
    assert start.status_code == 404
    assert client.post(f"/api/v1/imports/{body['id']}/cancel").status_code == 404
    response = client.post(
        "/api/v1/imports",
        {"organization": a.province.pk, "file": SimpleUploadedFile("cay.xlsx", data)},
    )
    assert response.status_code == 404
    client.force_login(admin)
    response = client.post(
        "/api/v1/imports",
        {"file": SimpleUploadedFile("cay.xlsx", tree_xlsx([["Z", "Đảng bộ tỉnh Z", "ĐBT"]]))},
    )
    assert response.status_code == 201 and response.json()["organization_id"] is None
    root_level = response.json()["id"]
    client.force_login(a.staff)
    assert client.get(f"/api/v1/imports/{root_level}").status_code == 404
    start = client.post(
        f"/api/v1/imports/{root_level}/start", {"dry_run": True}, content_type="application/json"
    )
    assert start.status_code == 404


def test_the_page_offers_the_tree_template_and_imports_a_tree(client, two_provinces):
    a, _ = two_provinces
    client.force_login(a.staff)
    page = client.get("/imports/").content.decode()
    assert "Mẫu nhập cây tổ chức" in page
    template = client.get("/imports/mau-nhap-cay-to-chuc.xlsx")
    from openpyxl import load_workbook

    book = load_workbook(BytesIO(template.getvalue()))
    assert [c.value for c in book.active[1]] == [
        "Mã tổ chức",
        "Tên tổ chức",
        "Loại",
        "Mã tổ chức cấp trên",
        "Ngày thành lập",
    ]
    data = tree_xlsx([["A-CB7", "Chi bộ Mới", "CBTT", "A-CS1", None]])
    response = client.post(
        "/imports/", {"organization": "A", "file": SimpleUploadedFile("cay.xlsx", data)}
    )
    upload = Import.objects.get()
    assert upload.kind == "organizations"
    page = client.get(response["Location"]).content.decode()
    assert "(cây tổ chức)" in page and "Mã tổ chức cấp trên" in page
    client.post(
        response["Location"],
        {
            "action": "run",
            "column-0": "code",
            "column-1": "name",
            "column-2": "kind",
            "column-3": "parent_code",
            "mode": "all",
        },
    )
    upload.refresh_from_db()
    assert (upload.status, upload.created) == ("done", 1)


# --- properties ------------------------------------------------------------------------------

CHILD_KINDS = {
    kind: [k for k, parents in PARENT_KINDS.items() if kind in parents] for kind in PARENT_KINDS
}
SPELLINGS = {
    "province": ["Đảng bộ tỉnh", "Đảng bộ thành phố trực thuộc Trung ương", "Tỉnh ủy"],
    "upper": ["Đảng bộ cấp trên cơ sở", "Đảng bộ huyện", "Đảng bộ thị xã", "Đảng bộ xã"],
    "grassroots_committee": ["Đảng bộ cơ sở", "ĐBCS", "Đảng ủy cơ sở"],
    "grassroots_branch": ["Chi bộ cơ sở", "CBCS"],
    "sub_committee": ["Đảng bộ bộ phận", "ĐBBP"],
    "branch": ["Chi bộ trực thuộc", "CBTT", "Chi bộ trực thuộc Đảng ủy cơ sở", "Chi bộ"],
}
_runs = itertools.count()


@st.composite
def trees(draw):
    """A valid tree: (code, kind, parent index or None), a province at the top."""
    n = draw(st.integers(min_value=1, max_value=14))
    nodes = [("province", None)]
    for _ in range(n):
        able = [i for i, (kind, _) in enumerate(nodes) if CHILD_KINDS[kind]]
        parent = draw(st.sampled_from(able))
        kind = draw(st.sampled_from(CHILD_KINDS[nodes[parent][0]]))
        nodes.append((kind, parent))
    return nodes


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(tree=trees(), seed=st.integers(0, 10_000), data=st.data())
def test_shuffled_rows_give_the_same_tree(admin, tree, seed, data):
    run_id = next(_runs)
    code = [f"P{run_id}-{i}" for i in range(len(tree))]
    rows = [
        [
            code[i],
            f"Tổ chức {code[i]}",
            data.draw(st.sampled_from(SPELLINGS[kind])),
            code[parent] if parent is not None else None,
            None,
        ]
        for i, (kind, parent) in enumerate(tree)
    ]
    random.Random(seed).shuffle(rows)
    upload = run(admin, tree_xlsx(rows))
    assert (upload.status, upload.created) == ("done", len(tree)), upload.problems
    root = Organization.objects.get(code=code[0])
    got = {
        (o.code, o.kind, o.parent.code if o.parent else None)
        for o in Organization.objects.filter(path__startswith=root.path).select_related("parent")
    }
    assert got == {
        (code[i], kind, code[p] if p is not None else None) for i, (kind, p) in enumerate(tree)
    }


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    parents=st.lists(st.one_of(st.none(), st.integers(0, 9)), min_size=1, max_size=10),
)
def test_cycles_and_unknown_parents_are_rejected_with_their_descendants(admin, parents):
    """Every line is an upper-level committee (which may stand under another), so only the
    parent links decide; a parent index past the list is a code nobody has."""
    run_id = next(_runs)
    n = len(parents)
    code = [f"C{run_id}-{i}" for i in range(n)]
    rows = [["R" + str(run_id), "Đảng bộ tỉnh R", "ĐBT", None, None]]
    for i, p in enumerate(parents):
        parent = "R" + str(run_id) if p is None else (code[p] if p < n else f"NONE{run_id}")
        rows.append([code[i], f"Đảng bộ {code[i]}", "Đảng bộ cấp trên cơ sở", parent, None])
    upload = run(admin, tree_xlsx(rows), dry_run=True)

    def fate(i: int) -> str:
        """Where following the parents from line i ends: the province, a missing code, a loop."""
        seen: set[int] = set()
        while i not in seen:
            seen.add(i)
            if parents[i] is None:
                return "ok"
            if parents[i] >= n:
                return "unknown"
            i = parents[i]
        return "cycle"

    def in_loop(i: int) -> bool:
        j = parents[i]
        for _ in range(n):
            if j is None or j >= n:
                return False
            if j == i:
                return True
            j = parents[j]
        return False

    why = reasons(upload)
    for i in range(n):
        row = i + 4  # a title, the headers, the province line
        outcome = fate(i)
        text = " ".join(why.get(row, []))
        if outcome == "ok":
            assert row not in why, (i, why)
        elif in_loop(i):
            assert "vòng quanh" in text or "chính nó" in text, (i, why)
        elif parents[i] is not None and parents[i] >= n:
            assert "Không có tổ chức mã" in text, (i, why)
        else:
            assert "bị từ chối" in text, (i, why)
    assert upload.created == 1 + sum(fate(i) == "ok" for i in range(n))


@given(
    kind=st.sampled_from(sorted(SPELLINGS)),
    pick=st.integers(0, 10),
    case=st.sampled_from([str, str.upper, str.lower, str.title, search_key]),
    spaces=st.sampled_from(["", " ", "  "]),
)
def test_the_kind_parser_takes_the_offices_spellings(kind, pick, case, spaces):
    names = [*SPELLINGS[kind], OrganizationKind(kind).label, kind]
    name = names[pick % len(names)]
    assert parse_kind(spaces + case(name).replace(" ", " " + spaces) + spaces) == kind


def test_the_pages_of_a_root_level_tree_import_are_the_administrators(client, two_provinces, admin):
    a, _ = two_provinces
    upload = run(admin, tree_xlsx([["Z", "Đảng bộ tỉnh Z", "ĐBT", None, None]]), dry_run=True)
    client.force_login(a.staff)
    for url in ("", "progress/", "rejected.xlsx"):
        assert client.get(f"/imports/{upload.pk}/{url}").status_code == 404
    assert client.post(f"/imports/{upload.pk}/", {"action": "run"}).status_code == 404
    assert "Cấp cao nhất" not in client.get("/imports/").content.decode()
    client.force_login(a.viewer)
    data = tree_xlsx([["A-CB7", "Chi bộ Mới", "CBTT", "A-CS1", None]])
    response = client.post(
        "/imports/", {"organization": "A", "file": SimpleUploadedFile("cay.xlsx", data)}
    )
    assert response.status_code == 403 and Import.objects.count() == 1
    client.force_login(admin)
    page = client.get("/imports/").content.decode()
    assert "Cấp cao nhất" in page and "Cây tổ chức" in page
    assert client.get(f"/imports/{upload.pk}/").status_code == 200
    client.logout()
    assert client.get("/imports/mau-nhap-cay-to-chuc.xlsx").status_code == 302


def test_a_committee_becomes_a_branch_once_its_branches_have_left_it(admin):
    run(admin, tree_xlsx(TREE))
    moved = [list(r) for r in TREE]
    moved[1][2] = "CBCS"  # the school's committee becomes a chi bộ cơ sở ...
    moved[0][3] = moved[2][3] = "CS3"  # ... once its two branches go to a new committee
    moved.append(["CS3", "Đảng bộ Trường THCS Bảo Lạc", "ĐBCS", "X1", None])
    upload = run(admin, tree_xlsx(moved))
    assert (upload.status, upload.created, upload.updated) == ("done", 1, 3), (
        upload.error,
        upload.problems,
    )
    assert Organization.objects.get(code="CS1").kind == "grassroots_branch"
    assert set(Organization.objects.filter(parent__code="CS3").values_list("code", flat=True)) == {
        "CB1",
        "CB2",
    }
    assert not stats_drift()
