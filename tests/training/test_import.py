"""The import of a class's trainees from Excel: a list enrolled (members by CCCD or by name and
birth date, candidates, cadres outside the rolls, people not in the system by name), later the
school's results for the same people without enrolling them again; every row written through
the services all or nothing, every refusal naming row and column; the dry run, the page
(check, confirm, rejected rows, template) and the command."""

from __future__ import annotations

from datetime import date, timedelta
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from tests.factories import citizen_id_for, make_sheet
from tochuc.cadres.services import cadre_create
from tochuc.cli import main
from tochuc.core.errors import Forbidden, ServiceError
from tochuc.core.models import AuditEvent
from tochuc.members.services import candidate_create
from tochuc.training.imports import LABELS, parse_cells, trainees_import
from tochuc.training.models import Programme, Trainee
from tochuc.training.services import class_cancel, class_create, trainee_enrol


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path  # the page keeps the checked file until it is confirmed


MIDDLE = "Trung cấp lý luận chính trị - hành chính"
HEADERS = ["STT", "Họ và tên", "Số CCCD", "Ngày sinh", "Giới tính", "Nơi sinh hoạt/công tác",
           "Ngày nhập học"]  # fmt: skip
RESULT_HEADERS = [*HEADERS, "Ngày hoàn thành", "Kết quả (xếp loại)", "Số giấy chứng nhận",
                  "Ngày cấp", "Thôi học (lý do)"]  # fmt: skip
CANDIDATE_ID = citizen_id_for("female", date(2001, 2, 3))


def xlsx(rows, headers=HEADERS) -> bytes:
    return make_sheet("DANH SÁCH HỌC VIÊN", headers, rows)


def make_class(a, starts=date(2025, 3, 1), ends=date(2025, 9, 30)):
    return class_create(
        actor=a.staff,
        organization=a.commune,
        programme=Programme.objects.get(name=MIDDLE),
        name="Lớp trung cấp LLCT-HC K12",
        mode="part_time",
        starts_on=starts,
        ends_on=ends,
    )


@pytest.fixture
def klass(two_provinces, admin):
    """A class of A's commune, with a candidate of its village and an official outside the
    rolls of the commune to be named."""
    a, _ = two_provinces
    candidate_create(
        actor=admin,
        organization=a.village,
        full_name="Lục Thị Mai",
        gender="female",
        birth_date=date(2001, 2, 3),
        listed_on=date(2024, 3, 1),
        citizen_id=CANDIDATE_ID,
    )
    cadre_create(
        actor=admin,
        organization=a.commune,
        full_name="Hà Văn Xã",
        birth_date=date(1978, 3, 4),
        gender="male",
    )
    return make_class(a)


def roster(a):
    an = a.members[0]
    return [
        [1, "", an.citizen_id, "", "", "Chi bộ Giáo viên", ""],
        [2, "Tran thi anh", "", "02/01/1990", "", "", "05/03/2025"],
        [3, "Lục Thị Mai", "", date(2001, 2, 3), "Nữ", "thôn Nà", ""],
        [4, "Hà Văn Xã", "", "04/03/1978", "Nam", "UBND xã", ""],
        [5, "Vi Thị Lạ", "", "", "Nữ", "Hội Phụ nữ xã", ""],
    ]


def with_results(rows, results):
    return [row + extra for row, extra in zip(rows, results, strict=True)]


def run(a, klass, rows, *, headers=HEADERS, dry_run=False, actor=None):
    return trainees_import(
        actor=actor or a.staff,
        training_class=klass,
        file_name="hoc-vien.xlsx",
        data=xlsx(rows, headers),
        dry_run=dry_run,
    )


# --- the cells (hypothesis) ------------------------------------------------------------------

_ANY_CELL = st.one_of(
    st.none(),
    st.text(max_size=20),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates(),
)


@given(st.dictionaries(st.sampled_from(sorted(LABELS)), _ANY_CELL, max_size=6))
def test_any_row_of_cells_is_values_or_messages_by_column(raw):
    values, errors = parse_cells(raw)
    assert set(values) | set(errors) == set(raw) and not set(values) & set(errors)
    assert all(isinstance(m, str) and m for m in errors.values())
    for name in ("birth_date", "enrolled_on", "completed_on", "certificate_date", "dropped_on"):
        assert values.get(name) is None or isinstance(values[name], date)


@given(
    st.dates(date(1930, 1, 1), date(2099, 12, 31)),
    st.sampled_from(["birth_date", "enrolled_on", "completed_on", "certificate_date"]),
)
def test_a_day_written_day_first_or_as_excel_s_date_reads_back(day, name):
    assert parse_cells({name: f"{day:%d/%m/%Y}"})[0][name] == day
    assert parse_cells({name: day})[0][name] == day


@given(st.integers(0, 999), st.booleans())
def test_absences_read_as_a_whole_number_as_excel_holds_it(n, as_float):
    assert parse_cells({"absences": float(n) if as_float else str(n)})[0]["absences"] == n
    assert "absences" in parse_cells({"absences": n + 1000})[1]
    assert "absences" in parse_cells({"absences": f"{n},5"})[1]


@given(st.from_regex(r"0[0-9]{2}[0-3][0-9]{8}", fullmatch=True))
def test_a_cccd_column_reads_as_the_cadre_import_reads_it(cccd):
    assert parse_cells({"number": cccd})[0]["number"] == ("citizen_id", cccd)
    if int(cccd) >= 10**9:  # Excel dropped the leading zero
        assert parse_cells({"number": int(cccd)})[0]["number"] == ("citizen_id", cccd)


# --- a list enrolled --------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_list_is_enrolled_each_person_found_where_they_are(two_provinces, klass):
    a, _ = two_provinces
    result = run(a, klass, roster(a))
    assert result.problems == [] and result.written == 5, result.problems
    assert result.ignored == ["STT"]
    assert "5 học viên mới" in result.summary
    got = {t.full_name: t for t in Trainee.objects.filter(training_class=klass)}
    assert got["Nguyễn Văn An"].member == a.members[0]  # by CCCD, no name written
    assert got["Trần Thị Ánh"].member == a.members[1]  # by name and birth date, accents aside
    assert got["Trần Thị Ánh"].enrolled_on == date(2025, 3, 5)
    assert got["Nguyễn Văn An"].enrolled_on == klass.starts_on  # the class's first day
    assert got["Lục Thị Mai"].candidate.citizen_id == CANDIDATE_ID
    assert got["Lục Thị Mai"].organization == a.village
    assert got["Hà Văn Xã"].cadre.member is None
    stranger = got["Vi Thị Lạ"]
    assert (stranger.member, stranger.candidate, stranger.cadre) == (None, None, None)
    assert (stranger.gender, stranger.organization) == ("female", a.commune)
    whos = {r.person: r.who for r in result.rows}
    assert whos["Nguyễn Văn An"] == "đảng viên, Chi bộ Giáo viên"
    assert whos["Lục Thị Mai"].startswith("quần chúng ưu tú")
    assert whos["Vi Thị Lạ"] == "chưa có trong hệ thống (Hội Phụ nữ xã)"
    assert AuditEvent.objects.filter(action="training.enrol").count() == 5


@pytest.mark.django_db
def test_the_dry_run_writes_nothing_and_says_what_would_be(two_provinces, klass):
    a, _ = two_provinces
    before = AuditEvent.objects.count()
    result = run(a, klass, roster(a), dry_run=True)
    assert result.problems == [] and result.written == 0
    assert "5 dòng sẽ được ghi (5 học viên mới); chưa ghi gì" in result.summary
    assert result.rows[0].number == 3 and "ghi vào lớp từ 01/03/2025" in result.rows[0].what
    assert not Trainee.objects.exists() and AuditEvent.objects.count() == before


@pytest.mark.django_db
def test_a_candidate_is_found_by_cccd_too(two_provinces, klass):
    a, _ = two_provinces
    result = run(a, klass, [[1, "Luc Thi Mai", CANDIDATE_ID, "", "", "", ""]])
    assert result.problems == [], result.problems
    assert Trainee.objects.get().candidate.full_name == "Lục Thị Mai"


# --- the school's results for the same list ------------------------------------------------


@pytest.mark.django_db
def test_the_results_come_back_for_people_already_enrolled(two_provinces, klass):
    a, _ = two_provinces
    run(a, klass, roster(a))
    rows = with_results(
        roster(a),
        [
            ["30/09/2025", "Giỏi", "TC-0012", "05/10/2025", ""],
            ["", "Khá", "TC-0013", "", ""],  # no day: the class's last
            ["", "", "", "", ""],  # nothing to record
            ["", "", "", "", "Chuyển công tác"],
            [date(2025, 9, 30), "Trung bình", "TC-0014", "", ""],
        ],
    )
    result = run(a, klass, rows, headers=RESULT_HEADERS)
    assert result.problems == [] and result.written == 5, result.problems
    assert "3 hoàn thành, 1 thôi học" in result.summary and "học viên mới" not in result.summary
    assert Trainee.objects.filter(training_class=klass).count() == 5  # nobody enrolled twice
    got = {t.full_name: t for t in Trainee.objects.filter(training_class=klass)}
    an = got["Nguyễn Văn An"]
    assert (an.status, an.result, an.certificate_number) == ("completed", "Giỏi", "TC-0012")
    assert an.certificate_date == date(2025, 10, 5) and an.level_given == "trung_cap"
    a.members[0].refresh_from_db()
    assert a.members[0].theory_level == "trung_cap"  # the programme's level, with the event
    assert "nâng lên trung cấp" in result.rows[0].what
    assert got["Trần Thị Ánh"].completed_on == klass.ends_on
    assert got["Lục Thị Mai"].status == "enrolled"
    xa = got["Hà Văn Xã"]
    assert (xa.status, xa.dropped_reason, xa.dropped_on) == (
        "dropped",
        "Chuyển công tác",
        klass.ends_on,  # the class had ended: its last day
    )
    assert got["Vi Thị Lạ"].status == "completed"
    # the same sheet again: nothing new, nothing refused
    again = run(a, klass, rows, headers=RESULT_HEADERS)
    assert again.problems == [] and "không có gì thay đổi" in again.summary
    assert "trước đó" in again.rows[0].what
    # a different result for a completed trainee: the service's refusal, on its row
    rows[0][7] = "29/09/2025"
    changed = run(a, klass, rows, headers=RESULT_HEADERS)
    assert [(p.row, p.column) for p in changed.problems] == [(3, "Ngày hoàn thành")]
    assert "Nguyễn Văn An đã hoàn thành" in changed.problems[0].message


@pytest.mark.django_db
def test_a_row_may_enrol_and_complete_at_once(two_provinces, klass):
    a, _ = two_provinces
    rows = with_results(roster(a)[:1], [["30/09/2025", "Khá", "TC-1", "30/09/2025", ""]])
    result = run(a, klass, rows, headers=RESULT_HEADERS)
    assert result.problems == [], result.problems
    assert Trainee.objects.get().status == "completed"
    assert "1 học viên mới, 1 hoàn thành" in result.summary


# --- refusals -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_every_bad_row_is_named_by_row_and_column_and_nothing_is_written(two_provinces, klass):
    a, b = two_provinces
    an, anh = a.members[0], a.members[1]
    rows = with_results(
        [
            roster(a)[0],
            [2, "Ai Đó", "", "31/02/1980", "", "", ""],
            [3, "", "12345", "", "", "", ""],
            [4, "Nguyễn Văn Ân", anh.citizen_id, "", "", "", ""],
            [5, "Nguyễn Văn An", "", an.birth_date, "", "", ""],  # row 3 again
            [6, "Hà Văn Mới", "", "", "Nam", "", "01/01/2026"],
            [7, "Hà Thị Hai", "", "", "Nữ", "", ""],
            [8, "Hà Thị Ba", "", "", "Nữ", "", ""],
            [9, "Hà Thị Bốn", "", "", "Nữ", "", ""],
            [10, "Hà Văn Xã", "", "", "", "", ""],  # a cadre of that name: which one?
            [11, "Hà Thị Năm", "", "", "", "", ""],
        ],
        [
            ["", "", "", "", ""],
            ["", "", "", "", ""],
            ["", "", "", "", ""],
            ["", "", "", "", ""],
            ["", "", "", "", ""],
            ["", "", "", "", ""],
            ["01/01/2025", "", "", "", ""],
            ["30/09/2025", "", "", "01/01/2024", ""],
            ["30/09/2025", "", "", "", "Ốm"],
            ["", "", "", "", ""],
            ["", "", "", "ngày mai", ""],
        ],
    )
    result = run(a, klass, rows, headers=RESULT_HEADERS)
    found = {(p.row, p.column): p.message for p in result.problems}
    assert "không phải ngày có thật" in found[(4, "Ngày sinh")]
    assert "Không có đảng viên số thẻ 12345" in found[(5, "Số CCCD")]
    assert "là của đảng viên Trần Thị Ánh, không phải Nguyễn Văn Ân" in found[(6, "Họ và tên")]
    assert "Nguyễn Văn An đã có ở dòng 3 của tệp" in found[(7, "Họ và tên")]
    assert (
        "Ngày nhập học 01/01/2026 sau ngày kết thúc lớp 30/09/2025" in found[(8, "Ngày nhập học")]
    )
    assert "trước ngày khai giảng 01/03/2025" in found[(9, "Ngày hoàn thành")]
    assert "Ngày cấp 01/01/2024 trước ngày khai giảng" in found[(10, "Ngày cấp")]
    assert "cả kết quả hoàn thành và thôi học" in found[(11, "Thôi học (lý do)")]
    assert "ghi ngày sinh hoặc số CCCD" in found[(12, "Ngày sinh")]
    assert "không đọc được là ngày" in found[(13, "Ngày cấp")]
    assert len(found) == 10 and "10 dòng có lỗi" in result.summary
    assert result.written == 0 and not Trainee.objects.exists()
    assert b.members[0].full_name not in str(found)


@pytest.mark.django_db
@pytest.mark.parametrize("dry_run", [True, False])
def test_a_refused_row_that_enrolled_its_person_forgets_them(two_provinces, klass, dry_run):
    """The first row enrolls a person not in the system, then its completion is refused: the
    enrolment went back with it, so the next row of that name enrolls them afresh."""
    a, _ = two_provinces
    rows = [
        [1, "Hà Văn Mới", "", "06/05/1975", "Nam", "", "", "01/01/2025", "", "", "", ""],
        [2, "Hà Văn Mới", "", "", "Nam", "", "", "30/09/2025", "", "", "", ""],
    ]
    result = run(a, klass, rows, headers=RESULT_HEADERS, dry_run=dry_run)
    assert [p.row for p in result.problems] == [3]
    assert [r.number for r in result.rows] == [4] and result.rows[0].enrolled
    assert not Trainee.objects.exists()  # all or nothing


@pytest.mark.django_db
def test_a_viewer_a_cancelled_class_and_a_file_without_names_are_refused(two_provinces, klass):
    a, _ = two_provinces
    with pytest.raises(Forbidden):
        run(a, klass, roster(a), actor=a.viewer)
    with pytest.raises(ServiceError, match="thiếu cột «Họ và tên»"):
        run(a, klass, [["x", "01/01/1990"]], headers=["Ghi chú", "Ngày sinh", "Giới tính"])
    with pytest.raises(ServiceError, match="không có dòng nào"):
        run(a, klass, [])
    class_cancel(actor=a.staff, training_class=klass, on=date(2025, 4, 1), reason="Không đủ")
    with pytest.raises(ServiceError, match="đã hủy"):
        run(a, klass, roster(a))


# --- the page and the command ----------------------------------------------------------------


def _url(klass, rest=""):
    return f"/training/{klass.pk}/import/{rest}"


@pytest.mark.django_db
def test_the_class_page_links_to_the_import_which_checks_then_writes(client, two_provinces):
    a, _ = two_provinces
    today = date.today()
    running = make_class(a, starts=today - timedelta(days=30), ends=today + timedelta(days=30))
    client.force_login(a.staff)
    assert _url(running) in client.get(f"/training/{running.pk}/").content.decode()
    page = client.get(_url(running))
    assert page.status_code == 200 and "Tải tệp mẫu" in page.content.decode()
    rows = [[1, "Nguyễn Văn An", a.members[0].citizen_id, "", "", "", ""],
            [2, "Vi Thị Lạ", "", "", "Nữ", "", ""]]  # fmt: skip
    checked = client.post(_url(running), {"file": SimpleUploadedFile("hv.xlsx", xlsx(rows))})
    text = checked.content.decode()
    assert "2 dòng sẽ được ghi" in text and "chưa có trong hệ thống" in text
    assert not Trainee.objects.exists()
    token = checked.context["token"]
    done = client.post(_url(running), {"confirm": token})
    assert "Đã ghi 2 dòng: 2 học viên mới" in done.content.decode()
    assert Trainee.objects.filter(training_class=running).count() == 2
    again = client.post(_url(running), {"confirm": token})  # used once
    assert "tải tệp lên lại" in again.content.decode() and Trainee.objects.count() == 2


@pytest.mark.django_db
def test_the_page_shows_the_problems_and_gives_the_rejected_rows(client, two_provinces, klass):
    a, _ = two_provinces
    client.force_login(a.staff)
    rows = [*roster(a)[:1], [2, "Ai Đó", "", "31/02/1980", "", "", ""]]
    checked = client.post(_url(klass), {"file": SimpleUploadedFile("hv.xlsx", xlsx(rows))})
    text = checked.content.decode()
    assert "Dòng 4" in text and "không phải ngày có thật" in text
    assert 'name="confirm"' not in text
    rejected = client.get(_url(klass, f"rejected/{checked.context['rejected']}.xlsx"))
    assert rejected.status_code == 200
    lines = [[c.value for c in r] for r in load_workbook(BytesIO(rejected.content)).active.rows]
    assert lines[0][-2:] == ["Dòng trong tệp gốc", "Lý do"]
    assert len(lines) == 2 and lines[1][1] == "Ai Đó" and lines[1][-2] == 4
    assert AuditEvent.objects.filter(action="export.training_import_rejected").count() == 1
    assert client.post(_url(klass), {"confirm": checked.context["rejected"]}).context["error"]
    assert not Trainee.objects.exists()


@pytest.mark.django_db
def test_a_check_confirms_only_its_own_class_and_user(client, two_provinces, klass):
    a, b = two_provinces
    other = make_class(a)
    client.force_login(a.staff)
    checked = client.post(_url(klass), {"file": SimpleUploadedFile("hv.xlsx", xlsx(roster(a)))})
    token = checked.context["token"]
    assert "tải tệp lên lại" in client.post(_url(other), {"confirm": token}).context["error"]
    assert client.get(_url(other, f"rejected/{token}.xlsx")).status_code == 404
    client.force_login(b.staff)
    assert client.post(_url(klass), {"confirm": token}).status_code == 404
    client.force_login(a.viewer)
    assert client.get(_url(klass)).status_code == 403
    assert not Trainee.objects.exists()


@pytest.mark.django_db
def test_the_template_downloads_and_imports_once_filled(client, two_provinces, klass):
    a, _ = two_provinces
    client.force_login(a.staff)
    response = client.get("/training/import/template.xlsx")
    assert response.status_code == 200
    book = load_workbook(BytesIO(response.content))
    assert book.sheetnames == ["Học viên", "Danh mục", "Hướng dẫn"]
    sheet = book.active
    headers = [c.value for c in sheet[1]]
    assert headers[:3] == ["Họ và tên", "Số CCCD hoặc số thẻ đảng viên", "Ngày sinh"]
    assert "Thôi học (lý do)" in headers
    sheet.append([None, a.members[0].citizen_id])
    out = BytesIO()
    book.save(out)
    result = trainees_import(
        actor=a.staff, training_class=klass, file_name="mau.xlsx", data=out.getvalue(),
        dry_run=True,
    )  # fmt: skip
    assert result.problems == [] and result.ignored == []
    assert result.rows[0].person == "Nguyễn Văn An"


@pytest.mark.django_db
def test_the_command_checks_and_imports(two_provinces, klass, tmp_path, capsys):
    a, _ = two_provinces
    path = tmp_path / "hv.xlsx"
    path.write_bytes(xlsx(roster(a)))
    main(["training", "import", str(klass.pk), str(path), "--dry-run"])
    out = capsys.readouterr().out
    assert "5 dòng sẽ được ghi" in out and "Nguyễn Văn An (đảng viên" in out
    assert not Trainee.objects.exists()
    main(["training", "import", str(klass.pk), str(path)])
    assert "Đã ghi 5 dòng: 5 học viên mới" in capsys.readouterr().out
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(xlsx([[1, "Ai Đó", "", "31/02/1980"]]))
    with pytest.raises(SystemExit):
        main(["training", "import", str(klass.pk), str(bad)])
    assert "Dòng 3, cột «Ngày sinh»" in capsys.readouterr().out
    with pytest.raises(SystemExit) as exit_:
        main(["training", "import", "999999", str(path)])
    assert "Không có lớp số 999999" in str(exit_.value.code)


@pytest.mark.django_db
def test_a_person_of_another_class_is_enrolled_here_too(two_provinces, klass):
    """Enrolled in another class is no bar: the person is looked up in this class only."""
    a, _ = two_provinces
    other = make_class(a)
    trainee_enrol(actor=a.staff, training_class=other, on=other.starts_on, member=a.members[0])
    result = run(a, klass, roster(a)[:1])
    assert result.problems == [] and result.rows[0].enrolled
