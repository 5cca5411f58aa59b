"""Importing members from a file: mapping, dry run, all or nothing, idempotence, scope."""

from __future__ import annotations

from datetime import date, timedelta
from io import BytesIO

import pytest
from django.utils import timezone
from openpyxl import Workbook

from tests.factories import citizen_id_for
from tochuc.core.errors import Forbidden, NotFound, ServiceError
from tochuc.core.models import AuditEvent
from tochuc.imports.models import Import
from tochuc.imports.selectors import import_get
from tochuc.imports.services import import_cancel, import_start, import_upload, import_work
from tochuc.members.counters import stats_drift
from tochuc.members.models import Member, Placement

pytestmark = pytest.mark.django_db

HEADERS = [
    "STT",
    "Họ và tên",
    "Giới tính",
    "Ngày sinh",
    "Số CCCD",
    "Ngày vào Đảng",
    "Ngày chính thức",
    "Chi bộ",
    "Dân tộc",
]


def xlsx(rows, headers=HEADERS, title="DANH SÁCH ĐẢNG VIÊN") -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append([title])
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def person(n, name, branch="A-CB1", *, gender="Nam", born="05/02/1980", cccd=None, **extra):
    birth = date(int(born[-4:]), int(born[3:5]), int(born[:2]))
    cccd = cccd or citizen_id_for("female" if gender == "Nữ" else "male", birth)
    row = [n, name, gender, born, cccd, "19/05/2010", "19/05/2011", branch, "Kinh"]
    for i, value in extra.items():
        row[int(i[1:])] = value
    return row


def run(actor, org, data, *, dry_run=False, mode="all", name="ds.xlsx"):
    upload = import_upload(actor=actor, organization=org, file_name=name, data=data)
    import_start(actor=actor, upload=upload, dry_run=dry_run, mode=mode)
    upload.refresh_from_db()
    return upload


def uploaded(a):
    """One row of a new member, uploaded to province A by its staff, not yet checked."""
    return import_upload(
        actor=a.staff,
        organization=a.province,
        file_name="ds.xlsx",
        data=xlsx([person(1, "Lò Văn Sáu")]),
    )


def test_headers_are_found_under_a_title_and_mapped(two_provinces):
    a, _ = two_provinces
    upload = uploaded(a)
    assert upload.header_row == 1
    assert upload.mapping == {
        "1": "full_name",
        "2": "gender",
        "3": "birth_date",
        "4": "citizen_id",
        "5": "admission_date",
        "6": "official_date",
        "7": "organization",
        "8": "ethnicity",
    }
    assert upload.rows_total == 1


def test_dry_run_counts_and_writes_nothing(two_provinces):
    a, _ = two_provinces
    before = Member.objects.count()
    upload = run(
        a.staff,
        a.province,
        xlsx([person(1, "Lò Văn Sáu"), person(2, "Lò Thị Bảy", gender="Nữ", x3="31/02/1980")]),
        dry_run=True,
    )
    assert upload.status == Import.Status.CHECKED
    assert (upload.created, upload.updated, upload.unchanged, upload.rejected) == (1, 0, 0, 1)
    assert upload.problems == [
        {"row": 4, "column": "Ngày sinh", "message": upload.problems[0]["message"]}
    ]
    assert "31/02/1980" in upload.problems[0]["message"]
    assert Member.objects.count() == before


def test_all_or_nothing_refuses_the_whole_file(two_provinces):
    a, _ = two_provinces
    before = Member.objects.count()
    upload = run(
        a.staff,
        a.province,
        xlsx(
            [
                person(1, "Lò Văn Sáu"),
                person(
                    2,
                    "X",
                ),
            ]
        ),
    )
    assert upload.status == Import.Status.REFUSED
    assert upload.problems[0]["row"] == 4 and upload.problems[0]["column"] == "Họ và tên"
    assert Member.objects.count() == before


def test_valid_rows_only_when_asked(two_provinces):
    a, _ = two_provinces
    upload = run(a.staff, a.province, xlsx([person(1, "Lò Văn Sáu"), person(2, "X")]), mode="valid")
    assert upload.status == Import.Status.DONE
    assert (upload.created, upload.rejected) == (1, 1)
    sau = Member.objects.get(full_name="Lò Văn Sáu")
    assert sau.organization == a.branch1 and sau.birth_date == date(1980, 2, 5)
    assert sau.status == "official"
    assert Placement.objects.filter(member=sau).count() == 1
    assert stats_drift() == []
    audit = AuditEvent.objects.get(action="import.members")
    assert audit.after["created"] == 1 and audit.after["file_name"] == "ds.xlsx"


def test_the_same_file_twice_changes_nothing(two_provinces):
    a, _ = two_provinces
    data = xlsx(
        [person(1, "Lò Văn Sáu"), person(2, "Lò Thị Bảy", gender="Nữ", branch="Chi bộ Hành chính")]
    )
    first = run(a.staff, a.province, data)
    assert (first.status, first.created) == (Import.Status.DONE, 2)
    count = Member.objects.count()
    second = run(a.staff, a.province, data)
    assert second.status == Import.Status.DONE
    assert (second.created, second.updated, second.unchanged) == (0, 0, 2)
    assert Member.objects.count() == count
    assert Member.objects.get(full_name="Lò Thị Bảy").organization == a.branch2


def test_a_changed_row_updates_the_record_matched_by_cccd(two_provinces):
    a, _ = two_provinces
    an = a.members[0]
    row = person(1, "Nguyễn Văn An", branch="A-CB1", cccd=an.citizen_id, born="15/03/1985")
    row[8] = "Tày"
    upload = run(a.staff, a.province, xlsx([row]))
    assert (upload.status, upload.updated) == (Import.Status.DONE, 1)
    an.refresh_from_db()
    assert an.ethnicity == "Tày"
    assert stats_drift() == []


def test_rows_outside_the_subtree_are_rejected(two_provinces):
    a, b = two_provinces
    binh = b.members[0]
    upload = run(
        a.staff,
        a.province,
        xlsx(
            [
                person(1, "Lò Văn Sáu", branch="B-CS3"),
                person(2, "Lê Văn Bình", branch="A-CB1", cccd=binh.citizen_id),
            ]
        ),
        dry_run=True,
    )
    assert upload.rejected == 2
    assert "Không có chi bộ «B-CS3»" in upload.problems[0]["message"]
    # Nothing says the number is anyone's: the user may not know who is outside the subtree.
    assert upload.problems[1] == {
        "row": 4,
        "column": "Số CCCD",
        "message": "Số CCCD này không dùng được cho tổ chức nhận dữ liệu: kiểm tra lại số.",
    }


def test_duplicates_within_the_file(two_provinces):
    a, _ = two_provinces
    cccd = citizen_id_for("male", date(1980, 2, 5))
    upload = run(
        a.staff,
        a.province,
        xlsx([person(1, "Lò Văn Sáu", cccd=cccd), person(2, "Lò Văn Sáu", cccd=cccd)]),
        dry_run=True,
    )
    assert upload.rejected == 1
    assert "dòng 3" in upload.problems[0]["message"]


def test_scope_of_uploads_and_imports(two_provinces):
    a, b = two_provinces
    with pytest.raises(NotFound):
        import_upload(actor=a.staff, organization=b.province, file_name="x.xlsx", data=xlsx([]))
    upload = uploaded(a)
    with pytest.raises(NotFound):
        import_get(actor=b.staff, pk=upload.pk)
    with pytest.raises(Forbidden):
        import_upload(actor=a.viewer, organization=a.province, file_name="ds.xlsx", data=xlsx([]))


def test_a_file_that_is_not_a_table(two_provinces):
    a, _ = two_provinces
    with pytest.raises(ServiceError, match="không phải tệp Excel"):
        import_upload(actor=a.staff, organization=a.province, file_name="a.pdf", data=b"%PDF")
    with pytest.raises(ServiceError, match="Không đọc được"):
        import_upload(
            actor=a.staff, organization=a.province, file_name="a.xlsx", data=b"PK\x03\x04junk"
        )


def test_an_interrupted_import_can_be_run_again(two_provinces):
    a, _ = two_provinces
    upload = uploaded(a)
    Import.objects.filter(pk=upload.pk).update(status="writing")
    upload.refresh_from_db()
    with pytest.raises(ServiceError, match="đang được xử lý"):
        import_start(actor=a.staff, upload=upload, dry_run=False)
    Import.objects.filter(pk=upload.pk).update(updated_at=timezone.now() - timedelta(minutes=11))
    upload.refresh_from_db()
    import_start(actor=a.staff, upload=upload, dry_run=False)
    upload.refresh_from_db()
    assert (upload.status, upload.created) == ("done", 1)


def test_cancel_a_queued_import(two_provinces, settings):
    a, _ = two_provinces
    upload = uploaded(a)
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    upload = import_start(actor=a.staff, upload=upload, dry_run=False)
    assert upload.status == "queued"
    upload = import_cancel(actor=a.staff, upload=upload)
    assert upload.status == "cancelled"
    import_work(upload.pk)  # a worker taking the task afterwards does nothing
    upload.refresh_from_db()
    assert (
        upload.status == "cancelled" and not Member.objects.filter(full_name="Lò Văn Sáu").exists()
    )
    with pytest.raises(ServiceError, match="không đang được xử lý"):
        import_cancel(actor=a.staff, upload=upload)


def test_a_card_number_of_someone_else_is_named_only_within_the_scope(two_provinces):
    a, b = two_provinces
    an, binh = a.members[0], b.members[0]
    an.party_card_number, binh.party_card_number = "01234567", "07654321"
    Member.objects.bulk_update([an, binh], ["party_card_number"])
    anh = a.members[1]
    rows = [
        person(1, "Trần Thị Ánh", gender="Nữ", cccd=anh.citizen_id, born="02/01/1990"),
        person(2, "Trần Thị Ánh", gender="Nữ", cccd=anh.citizen_id, born="02/01/1990"),
    ]
    headers = [*HEADERS, "Số thẻ đảng viên"]
    upload = run(a.staff, a.province, xlsx([rows[0] + ["01234567"]], headers=headers), dry_run=True)
    assert "(Nguyễn Văn An)" in upload.problems[0]["message"]
    upload = run(a.staff, a.province, xlsx([rows[1] + ["07654321"]], headers=headers), dry_run=True)
    assert upload.rejected == 1
    assert upload.problems[0]["message"] == (
        "Số thẻ đảng viên này không dùng được cho tổ chức nhận dữ liệu: kiểm tra lại số."
    )
