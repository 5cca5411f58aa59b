"""The import of a cadre sheet: positions with their incumbents, and a planning list of a term;
every row written through the services all or nothing, every refusal naming row and column,
the dry run, the page (check, confirm, rejected rows, templates) and the command."""

from __future__ import annotations

from datetime import date
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from tests.factories import make_sheet
from tochuc.cadres.imports import cadres_import, parse_person_number, parse_seats
from tochuc.cadres.models import Cadre, Holding, Planning, Position, PositionTitle
from tochuc.cadres.services import position_create
from tochuc.cli import main
from tochuc.core.cells import CellError
from tochuc.core.errors import Forbidden, ServiceError
from tochuc.core.models import AuditEvent
from tochuc.orgs.models import Term


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path  # the page keeps the checked file until it is confirmed


HEADERS = [
    "STT",
    "Tổ chức",
    "Chức danh",
    "Số người",
    "Diện quản lý",
    "Người đảm nhiệm",
    "Số CCCD",
    "Ngày sinh",
    "Giới tính",
    "Từ ngày",
    "Ghi chú",
]
PLAN_HEADERS = ["STT", "Tổ chức", "Chức danh", "Họ và tên", "Số CCCD", "Ngày sinh", "Giới tính",
                "Ngày đưa vào quy hoạch"]  # fmt: skip


def xlsx(rows, headers=HEADERS, title="DANH SÁCH CHỨC VỤ") -> bytes:
    return make_sheet(title, headers, rows)


def good_rows(a):
    an = a.members[0]
    return [
        [1, "A-X1", "Bí thư", 1, "", "", an.citizen_id, "", "", "04/01/2021", ""],
        [2, "A-X1", "pho bi thu", "", "", "Trần Thị Ánh", "", "02/01/1990", "", "04/01/2021", ""],
        [3, "Đảng bộ xã Một Cao Bằng", "Phó Bí thư", "", "", "Hà Văn Mới", "", "06/05/1975",
         "Nam", "05/01/2021", ""],
        [4, "A-X1", "Chủ tịch Ủy ban nhân dân", "", "Diện Ban Thường vụ Tỉnh ủy quản lý", "",
         "", "", "", "", ""],
        [5, f"Đảng bộ Trường THPT Cao Bằng ({a.school.code})", "Chánh Văn phòng", "", "",
         an.full_name, "", an.birth_date, "", date(2024, 1, 2), ""],
    ]  # fmt: skip


def run(a, rows, *, kind="positions", dry_run=False, headers=None, actor=None, term=None):
    return cadres_import(
        actor=actor or a.staff,
        kind=kind,
        organization=a.commune,
        file_name="can-bo.xlsx",
        data=xlsx(rows, headers or (HEADERS if kind == "positions" else PLAN_HEADERS)),
        dry_run=dry_run,
        term=term,
    )


# --- the cell parsers (hypothesis) ---------------------------------------------------------


@given(st.integers(1, 20), st.sampled_from([str, float, int, lambda n: f" {n:02d} "]))
def test_seats_read_in_every_spelling(n, spell):
    assert parse_seats(spell(n)) == n


@given(st.one_of(st.integers(), st.floats(allow_nan=True), st.text(max_size=8), st.none()))
def test_any_seats_cell_is_a_number_or_a_message(value):
    try:
        seats = parse_seats(value)
    except CellError as exc:
        assert "Số người" in str(exc)
    else:
        assert seats is None or 1 <= seats <= 20


@given(st.from_regex(r"0[0-9]{2}[0-3][0-9]{8}", fullmatch=True))
def test_a_cccd_reads_as_text_or_as_the_number_excel_made_of_it(cccd):
    assert parse_person_number(cccd) == ("citizen_id", cccd)
    assert parse_person_number(f"{cccd[:4]} {cccd[4:8]} {cccd[8:]}") == ("citizen_id", cccd)
    if int(cccd) >= 10**9:  # Excel drops the leading zeros of a province code
        assert parse_person_number(int(cccd)) == ("citizen_id", cccd)
        assert parse_person_number(float(int(cccd))) == ("citizen_id", cccd)


@given(st.from_regex(r"[1-9][0-9]{4,8}", fullmatch=True))
def test_a_shorter_number_is_a_party_card(number):
    assert parse_person_number(number) == ("party_card_number", number)
    assert parse_person_number(int(number)) == ("party_card_number", number)


@given(st.one_of(st.text(max_size=16), st.integers(), st.floats(), st.none()))
def test_any_number_cell_is_digits_or_a_message(value):
    try:
        found = parse_person_number(value)
    except CellError as exc:
        assert "Số" in str(exc)
    else:
        assert found is None or (
            found[0] in ("citizen_id", "party_card_number") and found[1].isdigit()
        )
        assert found is None or found[0] != "citizen_id" or len(found[1]) == 12
        assert found is None or len(found[1]) <= 12


# --- positions and incumbents ----------------------------------------------------------------


@pytest.mark.django_db
def test_positions_and_their_holders_are_imported(two_provinces):
    a, _ = two_provinces
    result = run(a, good_rows(a))
    assert result.problems == [] and result.written == 5, result.problems
    assert result.ignored == ["STT", "Ghi chú"]
    positions = {p.title.name: p for p in Position.objects.select_related("title")}
    assert positions["Phó Bí thư"].seats == 2  # two rows of the file, no «Số người»
    assert positions["Chủ tịch Ủy ban nhân dân"].management_level.name.startswith("Diện Ban")
    assert positions["Chánh Văn phòng"].organization == a.school
    held = {
        (h.position.title.name, h.cadre.full_name, h.start)
        for h in Holding.objects.select_related("position__title", "cadre")
    }
    assert held == {
        ("Bí thư", "Nguyễn Văn An", date(2021, 1, 4)),
        ("Phó Bí thư", "Trần Thị Ánh", date(2021, 1, 4)),
        ("Phó Bí thư", "Hà Văn Mới", date(2021, 1, 5)),
        ("Chánh Văn phòng", "Nguyễn Văn An", date(2024, 1, 2)),
    }
    outside = Cadre.objects.get(full_name="Hà Văn Mới")
    assert outside.member is None and outside.organization == a.commune
    assert Cadre.objects.get(full_name="Nguyễn Văn An").member == a.members[0]  # one record
    assert AuditEvent.objects.filter(action="position.create").count() == 4


@pytest.mark.django_db
def test_the_dry_run_writes_nothing_and_says_what_would_be(two_provinces):
    a, _ = two_provinces
    before = AuditEvent.objects.count()
    result = run(a, good_rows(a), dry_run=True)
    assert result.problems == [] and result.written == 0
    assert "5 dòng chức vụ sẽ được ghi; chưa ghi gì" in result.summary
    assert result.rows[0].number == 3 and result.rows[0].person == "Nguyễn Văn An"
    assert "bầu cử từ 04/01/2021" in result.rows[0].what
    assert not Position.objects.exists() and not Cadre.objects.exists()
    assert AuditEvent.objects.count() == before


@pytest.mark.django_db
def test_every_bad_row_is_named_by_row_and_column_and_nothing_is_written(two_provinces):
    a, b = two_provinces
    rows = [
        *good_rows(a)[:1],
        [2, "B-X1", "Bí thư", "", "", "", "", "", "", "", ""],  # another province's
        [3, "A-X1", "Thủ quỹ", "", "", "", "", "", "", "", ""],
        [4, "A-X1", "Phó Bí thư", "hai", "", "", "", "", "", "", ""],
        [5, "A-X1", "Chánh Văn phòng", "", "", "Lê Mới", "", "31/02/1980", "Nam", "01/01/2024", ""],
        [6, "A-X1", "Chủ tịch Hội đồng nhân dân", "", "", "Vi Văn Lạ", "", "01/02/1970", "",
         "01/01/2024", ""],
        [7, "A-X1", "Trưởng phòng", "", "", "", b.members[0].citizen_id, "", "", "01/01/2024", ""],
        [8, "A-X1", "Chủ tịch Ủy ban nhân dân", "", "Diện lạ", "", "", "", "", "", ""],
        [9, "A-X1", "Giám đốc sở", "", "", "Trần Thị Ánh", "", "02/01/1990", "", "", ""],
        [10, "A-X1", "Bí thư", "", "", "Trần Thị Ánh", "", "02/01/1990", "", "04/01/2021", ""],
        [11, "A-X1", "Cấp ủy viên", "", "", "Nguyễn Văn Ân", a.members[1].citizen_id, "", "",
         "04/01/2021", ""],
    ]  # fmt: skip
    result = run(a, rows)
    found = {(p.row, p.column): p.message for p in result.problems}
    assert "Không có tổ chức «B-X1» trong «Đảng bộ xã Một Cao Bằng»" in found[(4, "Tổ chức")]
    assert "Thủ quỹ" in found[(5, "Chức danh")]
    assert "Số người «hai»" in found[(6, "Số người")]
    assert "không phải ngày có thật" in found[(7, "Ngày sinh")]
    assert "ghi giới tính" in found[(8, "Giới tính")]
    assert b.members[0].citizen_id in found[(9, "Số CCCD")]
    assert "Lê Văn Bình" not in str(found)  # the other province's member is not named
    assert "Diện lạ" in found[(10, "Diện quản lý")]
    assert "Ghi ngày bắt đầu" in found[(11, "Từ ngày")]
    assert (
        "đã đủ 1 người" in found[(12, "Chức danh")] and "Nguyễn Văn An" in found[(12, "Chức danh")]
    )
    assert (
        "là của đảng viên Trần Thị Ánh, không phải Nguyễn Văn Ân" in found[(13, "Người đảm nhiệm")]
    )
    assert result.written == 0 and "10 dòng có lỗi" in result.summary
    assert not Position.objects.exists() and not Holding.objects.exists()
    assert not Cadre.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("dry_run", [True, False])
def test_a_refused_row_that_made_its_position_leaves_the_next_row_a_message(two_provinces, dry_run):
    """The first row of a new position is refused (its CCCD names nobody): the position it
    made went back with it, so the next row of that position makes it again (review #19:
    it had crashed on the position rolled back)."""
    a, _ = two_provinces
    result = run(
        a,
        [
            [1, "A-X1", "Phó Bí thư", 2, "", "", "999999999999", "", "", "04/01/2021", ""],
            [
                2,
                "A-X1",
                "Phó Bí thư",
                2,
                "",
                "Hà Văn Mới",
                "",
                "06/05/1975",
                "Nam",
                "05/01/2021",
                "",
            ],
        ],  # fmt: skip
        dry_run=dry_run,
    )
    assert [p.row for p in result.problems] == [3]  # the sheet's rows: title, headers, data
    assert [r.number for r in result.rows] == [4]
    assert not Position.objects.filter(organization=a.commune).exists()  # all or nothing


def test_an_existing_position_takes_its_holder_and_keeps_its_seats(two_provinces):
    a, _ = two_provinces
    title = PositionTitle.objects.get(name="Bí thư")
    existing = position_create(actor=a.staff, organization=a.commune, title=title)
    result = run(a, good_rows(a)[:1])
    assert result.problems == [] and Position.objects.filter(title=title).count() == 1
    assert Holding.objects.get().position == existing
    changed = [[1, "A-X1", "Bí thư", 2, "", "", "", "", "", "", ""]]
    found = run(a, changed).problems
    assert [(p.row, p.column) for p in found] == [(3, "Số người")]
    assert "đã có với 1 người" in found[0].message


@pytest.mark.django_db
def test_a_viewer_imports_nothing_and_a_file_without_titles_is_refused(two_provinces):
    a, _ = two_provinces
    with pytest.raises(Forbidden):
        run(a, good_rows(a), actor=a.viewer)
    with pytest.raises(ServiceError, match="thiếu cột «Chức danh»"):
        run(a, [["A-X1", "X"]], headers=["Tổ chức", "Họ và tên"])
    with pytest.raises(ServiceError, match="không có dòng nào"):
        run(a, [])


# --- a planning list -------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_planning_list_is_imported_for_its_term(two_provinces):
    a, _ = two_provinces
    term = Term.objects.get(name="2025–2030")
    run(a, good_rows(a)[:4])
    rows = [
        [1, "A-X1", "Bí thư", "Trần Thị Ánh", "", "02/01/1990", "", "01/03/2025"],
        [2, "A-X1", "Bí thư", "Hà Văn Mới", "", "06/05/1975", "", "01/03/2025"],
        [3, "A-X1", "Chủ tịch Ủy ban nhân dân", "Lục Thị Trẻ", "", "01/01/1988", "Nữ", "01/03/2025"],
    ]  # fmt: skip
    result = run(a, rows, kind="planning", term=term)
    assert result.problems == [] and result.written == 3, result.problems
    planned = {(p.position.title.name, p.cadre.full_name) for p in Planning.objects.all()}
    assert planned == {
        ("Bí thư", "Trần Thị Ánh"),
        ("Bí thư", "Hà Văn Mới"),  # the outside official the positions' file recorded
        ("Chủ tịch Ủy ban nhân dân", "Lục Thị Trẻ"),
    }
    assert Cadre.objects.filter(full_name="Hà Văn Mới").count() == 1
    again = run(a, rows[:1] + [[2, "A-X1", "Chánh Văn phòng", "Hà Văn Mới", "", "06/05/1975", "",
                                "01/03/2025"]], kind="planning", term=term)  # fmt: skip
    found = {(p.row, p.column): p.message for p in again.problems}
    assert "đã có trong quy hoạch" in found[(3, "Họ và tên")]
    assert "chưa có chức vụ Chánh Văn phòng" in found[(4, "Chức danh")]
    assert Planning.objects.count() == 3
    with pytest.raises(ServiceError, match="nhiệm kỳ"):
        run(a, rows, kind="planning")


# --- the page and the command ----------------------------------------------------------------


@pytest.mark.django_db
def test_the_page_checks_then_writes_on_confirmation(client, two_provinces):
    a, _ = two_provinces
    client.force_login(a.staff)
    page = client.get("/cadres/import/")
    assert page.status_code == 200 and "Mẫu nhập chức vụ" in page.content.decode()
    checked = client.post(
        "/cadres/import/",
        {"kind": "positions", "organization": "A-X1", "file": SimpleUploadedFile("cv.xlsx", xlsx(good_rows(a)))},
    )  # fmt: skip
    text = checked.content.decode()
    assert "5 dòng chức vụ sẽ được ghi" in text and "Hà Văn Mới" in text
    assert not Position.objects.exists()
    token = checked.context["token"]
    done = client.post("/cadres/import/", {"confirm": token})
    assert "Đã ghi 5 dòng chức vụ" in done.content.decode()
    assert Position.objects.count() == 4
    again = client.post("/cadres/import/", {"confirm": token})  # used once
    assert "tải tệp lên lại" in again.content.decode() and Holding.objects.count() == 4


@pytest.mark.django_db
def test_the_page_shows_the_problems_and_gives_the_rejected_rows(client, two_provinces):
    a, _ = two_provinces
    client.force_login(a.staff)
    rows = [*good_rows(a)[:1], [2, "B-X1", "Bí thư", "", "", "", "", "", "", "", ""]]
    checked = client.post(
        "/cadres/import/",
        {"kind": "positions", "organization": "A-X1", "file": SimpleUploadedFile("cv.xlsx", xlsx(rows))},
    )  # fmt: skip
    text = checked.content.decode()
    assert "Dòng 4" in text and "Không có tổ chức «B-X1»" in text
    assert 'name="confirm"' not in text
    rejected = client.get(f"/cadres/import/rejected/{checked.context['rejected']}.xlsx")
    assert rejected.status_code == 200
    sheet = load_workbook(BytesIO(rejected.content)).active
    lines = [[c.value for c in r] for r in sheet.iter_rows()]
    assert lines[0][-2:] == ["Dòng trong tệp gốc", "Lý do"]
    assert len(lines) == 2 and lines[1][1] == "B-X1" and lines[1][-2] == 4
    assert AuditEvent.objects.filter(action="export.cadres_import_rejected").count() == 1
    assert client.post("/cadres/import/", {"confirm": checked.context["rejected"]}).context["error"]
    assert not Position.objects.exists()
    outside = client.post(
        "/cadres/import/",
        {"kind": "positions", "organization": "B", "file": SimpleUploadedFile("cv.xlsx", xlsx(good_rows(a)))},
    )  # fmt: skip
    assert "Không tìm thấy tổ chức" in outside.content.decode()


@pytest.mark.django_db
def test_another_user_cannot_confirm_or_download_someone_s_check(client, two_provinces):
    a, b = two_provinces
    client.force_login(a.staff)
    checked = client.post(
        "/cadres/import/",
        {"kind": "positions", "organization": "A-X1", "file": SimpleUploadedFile("cv.xlsx", xlsx(good_rows(a)))},
    )  # fmt: skip
    token = checked.context["token"]
    client.force_login(b.staff)
    client.post("/cadres/import/", {"confirm": token})
    assert client.get(f"/cadres/import/rejected/{token}.xlsx").status_code == 404
    assert not Position.objects.exists()


@pytest.mark.django_db
def test_the_templates_download_and_import_once_filled(client, two_provinces):
    a, _ = two_provinces
    client.force_login(a.staff)
    for kind, title in (
        ("positions", "Chức vụ và người đảm nhiệm"),
        ("planning", "Danh sách quy hoạch"),
    ):
        response = client.get(f"/cadres/import/template/{kind}.xlsx")
        assert response.status_code == 200
        book = load_workbook(BytesIO(response.content))
        assert book.sheetnames == [title, "Danh mục", "Hướng dẫn"]
    assert client.get("/cadres/import/template/other.xlsx").status_code == 404
    response = client.get("/cadres/import/template/positions.xlsx")
    book = load_workbook(BytesIO(response.content))
    sheet = book.active
    headers = [c.value for c in sheet[1]]
    assert headers[:3] == ["Tổ chức", "Cơ quan, đơn vị", "Chức danh"]
    sheet.append(["A-X1", None, "Bí thư"])
    out = BytesIO()
    book.save(out)
    result = cadres_import(
        actor=a.staff, kind="positions", organization=a.commune, file_name="mau.xlsx",
        data=out.getvalue(), dry_run=True,
    )  # fmt: skip
    assert result.problems == [] and result.rows[0].position.startswith("Bí thư")


@pytest.mark.django_db
def test_the_command_checks_and_imports(two_provinces, tmp_path, capsys):
    a, _ = two_provinces
    path = tmp_path / "cv.xlsx"
    path.write_bytes(xlsx(good_rows(a)))
    main(["cadres", "import", "positions", str(path), "--org", "A-X1", "--dry-run"])
    out = capsys.readouterr().out
    assert "5 dòng chức vụ sẽ được ghi" in out and not Position.objects.exists()
    main(["cadres", "import", "positions", str(path), "--org", "A-X1"])
    assert "Đã ghi 5 dòng chức vụ" in capsys.readouterr().out
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(xlsx([[1, "B-X1", "Bí thư"]]))
    with pytest.raises(SystemExit):
        main(["cadres", "import", "positions", str(bad), "--org", "A-X1"])
    assert "Dòng 3, cột «Tổ chức»" in capsys.readouterr().out
    with pytest.raises(SystemExit) as exit_:
        main(["cadres", "import", "planning", str(path), "--org", "A-X1"])
    assert "--term" in str(exit_.value.code)
