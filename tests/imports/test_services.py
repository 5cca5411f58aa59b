"""Importing members from a file: mapping, dry run, all or nothing, idempotence, scope."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, timedelta

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import citizen_id_for, make_sheet
from tochuc.core.errors import Forbidden, NotFound, ServiceError
from tochuc.core.models import AuditEvent
from tochuc.imports import services
from tochuc.imports.models import Import
from tochuc.imports.selectors import import_get
from tochuc.imports.services import (
    import_cancel,
    import_read,
    import_start,
    import_upload,
    import_work,
    imports_recover,
    interrupted,
)
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
    return make_sheet(title, headers, rows)


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


DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def test_the_upload_keeps_the_file_and_the_worker_reads_it(two_provinces, settings):
    settings.TASKS = DUMMY  # no worker: what the request itself does
    a, _ = two_provinces
    upload = uploaded(a)
    assert (upload.status, upload.headers, upload.rows_total) == ("reading", [], 0)
    assert upload.get_status_display() == "Đang đọc tệp"
    import_read(upload.pk)
    upload.refresh_from_db()
    assert (upload.status, upload.header_row, upload.rows_total) == ("uploaded", 1, 1)
    assert upload.mapping["1"] == "full_name"
    assert AuditEvent.objects.filter(action="import.upload", target_id=upload.pk).exists()


def test_a_file_that_cannot_be_read_fails_in_the_worker_with_its_message(two_provinces, settings):
    settings.TASKS = DUMMY
    a, _ = two_provinces
    upload = import_upload(
        actor=a.staff, organization=a.province, file_name="a.xlsx", data=b"PK\x03\x04junk"
    )
    assert upload.status == "reading"
    import_read(upload.pk)
    upload.refresh_from_db()
    assert upload.status == "failed" and upload.error.startswith("Không đọc được «a.xlsx»")
    with pytest.raises(ServiceError, match="chưa đọc được: tải tệp lên lại"):
        import_start(actor=a.staff, upload=upload, dry_run=True)


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def _held(upload, *, status="writing", pid=None, started=None, host=None):
    """The import as a process left it while running: held by `pid`, heartbeat just now."""
    pid = pid or _dead_pid()
    Import.objects.filter(pk=upload.pk).update(
        status=status,
        holder_host=host or services.HOST,
        holder_pid=pid,
        holder_started=started if started is not None else 1,
        updated_at=timezone.now(),
    )
    upload.refresh_from_db()
    return upload


@pytest.mark.skipif(sys.platform != "linux", reason="/proc")
def test_an_import_held_by_a_dead_process_is_interrupted_at_once(two_provinces):
    a, _ = two_provinces
    me = os.getpid()
    mine = services._process_start(me)
    upload = _held(uploaded(a), pid=me, started=mine)
    assert not interrupted(upload)  # alive: still running
    with pytest.raises(ServiceError, match="đang được xử lý"):
        import_start(actor=a.staff, upload=upload, dry_run=False)
    # The same pid, started at another time: another process, the holder is gone.
    assert interrupted(_held(upload, pid=me, started=mine - 1))
    assert interrupted(_held(upload))  # the pid has ended: at once, not after STALE
    # Another host's process cannot be asked: its heartbeat decides; nor one of another pid
    # namespace (a container beside this one).
    assert not interrupted(_held(upload, host="other-host"))
    name, boot, namespace = services.HOST.split(" ")
    assert not interrupted(_held(upload, host=f"{name} {boot} pid:[1]"))
    # This host before its last restart: gone, whatever its pid is now.
    assert interrupted(_held(upload, pid=me, started=mine, host=f"{name} old-boot {namespace}"))
    upload = _held(upload)
    import_start(actor=a.staff, upload=upload, dry_run=False)
    upload.refresh_from_db()
    assert (upload.status, upload.created) == ("done", 1)
    assert stats_drift() == []


@pytest.mark.skipif(sys.platform != "linux", reason="/proc")
def test_the_next_worker_marks_the_imports_of_dead_processes_failed(two_provinces):
    a, _ = two_provinces
    dead = _held(uploaded(a))
    reading = _held(uploaded(a), status="reading")
    me = os.getpid()
    alive = _held(uploaded(a), pid=me, started=services._process_start(me))
    elsewhere = _held(uploaded(a), host="other-host")
    assert imports_recover() == 2
    for upload in (dead, reading, alive, elsewhere):
        upload.refresh_from_db()
    assert dead.status == "failed" and dead.error == (
        "Bị gián đoạn khi đang ghi dữ liệu (máy chủ dừng giữa chừng); dữ liệu không thay đổi. "
        "Bấm «Nhập dữ liệu» để chạy lại."
    )
    assert reading.status == "failed" and "Tải tệp lên lại" in reading.error
    assert (alive.status, elsewhere.status) == ("writing", "writing")
    event = AuditEvent.objects.get(action="import.interrupted", target_id=dead.pk)
    assert event.after == {"status": "writing"}
    import_start(actor=a.staff, upload=dead, dry_run=False)  # runs again, whole
    dead.refresh_from_db()
    assert (dead.status, dead.created, dead.error) == ("done", 1, "")


@pytest.mark.skipif(sys.platform != "linux", reason="/proc")
def test_cancel_on_an_interrupted_import_cancels_it(two_provinces):
    a, _ = two_provinces
    upload = import_cancel(actor=a.staff, upload=_held(uploaded(a)))
    assert upload.status == "cancelled" and upload.finished_at
    assert AuditEvent.objects.filter(action="import.cancel", target_id=upload.pk).exists()


def test_a_cell_too_long_rejects_its_row_naming_row_and_column(two_provinces):
    a, _ = two_provinces
    long_name = "Lò Văn " + "A" * 3000
    rows = [person(1, "Lò Văn Sáu"), person(2, long_name), person(3, "Lò Văn Bảy")]
    rows[0].append("x" * 5000)  # an unmapped column: not imported, not a reason
    upload = run(a.staff, a.province, xlsx(rows, headers=[*HEADERS, "Ghi chú riêng"]), mode="valid")
    assert (upload.status, upload.created, upload.rejected) == ("done", 2, 1)
    assert upload.problems == [
        {
            "row": 4,
            "column": "Họ và tên",
            "message": "Ô dài quá 2.000 ký tự (3.007 ký tự): không phải giá trị của trường "
            "«Họ và tên». Sửa ô này (có thể dán nhầm) rồi tải lên lại.",
        }
    ]
    assert not Member.objects.filter(full_name__startswith="Lò Văn AAAA").exists()


# The row (#16): a birth date that is no date, an 11-digit CCCD, an admission at 15.
def _reasons(upload, row):
    return [(p["column"], p["message"]) for p in upload.problems if p["row"] == row]


def test_a_row_lists_every_reason_not_only_the_first_cell_that_failed(two_provinces):
    a, _ = two_provinces
    rows = [
        person(1, "Lò Văn Sáu", x3="31/02/1990", x4="00109001234"),
        person(2, "Lò Văn Bảy", born="05/02/1995", x2="Không rõ", x4="00109501234"),
    ]
    upload = run(a.staff, a.province, xlsx(rows), dry_run=True)
    assert upload.rejected == 2
    first = _reasons(upload, 3)
    # The age at admission needs the birth date, which could not be read: two reasons.
    assert [c for c, _ in first] == ["Ngày sinh", "Số CCCD"]
    assert "31/02/1990" in first[0][1] and "12 chữ số" in first[1][1]
    second = dict(_reasons(upload, 4))
    assert sorted(second) == ["Giới tính", "Ngày vào Đảng", "Số CCCD"]
    assert "Tuổi khi vào Đảng là 15" in second["Ngày vào Đảng"]


# Bad values that do not touch each other's checks, by column index of person().
_BAD = {
    1: "X",  # full name: one word (a record check)
    2: "Không rõ",  # gender (a cell that cannot be read)
    3: "31/02/1980",  # birth date (cannot be read)
    4: "1234{n}",  # CCCD: not 12 digits (a record check), one per row ({n}) to be no twin
    6: "abc",  # official date (cannot be read)
    7: "Z-CB9",  # no such branch
    8: "Xyz",  # ethnicity (cannot be read)
}


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.sets(st.sampled_from(sorted(_BAD)), min_size=1))
def test_a_rows_reasons_are_the_union_of_its_bad_fields_own(two_provinces, bad):
    a, _ = two_provinces
    bad = sorted(bad)
    # Row 3 has every bad field at once, row 4 + i only the i-th: each its own CCCD.
    rows = [person(1, "Lò Văn Sáu", **{f"x{i}": _BAD[i].format(n=1) for i in bad})]
    rows += [
        person(2 + j, "Lò Văn Sáu", **{f"x{i}": _BAD[i].format(n=2 + j)}) for j, i in enumerate(bad)
    ]
    upload = run(a.staff, a.province, xlsx(rows), dry_run=True)
    together = _reasons(upload, 3)
    alone = [reason for j in range(len(bad)) for reason in _reasons(upload, 4 + j)]
    assert len(together) >= len(bad)
    assert sorted(together) == sorted(alone)
