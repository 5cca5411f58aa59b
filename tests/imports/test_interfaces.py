"""The import's pages, downloads and commands: a journey, every door's scope, the exports."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from tests.imports.test_services import person, uploaded, xlsx
from tochuc.cli import main
from tochuc.core.models import AuditEvent
from tochuc.imports.models import Import
from tochuc.imports.services import HOST, import_read, import_upload
from tochuc.imports.services import import_start as start
from tochuc.members.models import Member

pytestmark = pytest.mark.django_db


def _upload(client, org_ref, data, name="ds.xlsx"):
    return client.post(
        "/imports/",
        {"organization": org_ref, "file": SimpleUploadedFile(name, data)},
    )


def test_upload_map_check_and_import_in_the_browser_pages(client, two_provinces):
    a, _ = two_provinces
    client.force_login(a.staff)
    page = client.get("/imports/").content.decode()
    assert 'value="A"' in page  # the user's own organization is proposed
    data = xlsx([person(1, "Lò Văn Sáu"), person(2, "X")])
    response = _upload(client, "A", data)
    upload = Import.objects.get()
    assert response["Location"] == f"/imports/{upload.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert 'name="column-1"' in page and '<option value="full_name" selected>' in page
    columns = {f"column-{i}": f for i, f in upload.mapping.items()}
    client.post(f"/imports/{upload.pk}/", {**columns, "action": "check", "mode": "all"})
    upload.refresh_from_db()
    assert (upload.status, upload.created, upload.rejected) == ("checked", 1, 1)
    page = client.get(f"/imports/{upload.pk}/").content.decode()
    assert "sẽ thêm" in page and "Họ và tên phải có ít nhất" in page
    rejected = client.get(f"/imports/{upload.pk}/rejected.xlsx")
    sheet = load_workbook(BytesIO(rejected.content)).active
    rows = list(sheet.values)
    assert rows[0][-2:] == ("Dòng trong tệp gốc", "Lý do") and len(rows) == 2
    assert rows[1][1] == "X" and rows[1][-2] == 4 and "Họ và tên" in rows[1][-1]
    client.post(f"/imports/{upload.pk}/", {**columns, "action": "run", "mode": "valid"})
    upload.refresh_from_db()
    assert upload.status == "done"
    assert Member.objects.filter(full_name="Lò Văn Sáu", organization=a.branch1).exists()


def test_a_mapping_without_a_required_column_is_refused(client, two_provinces):
    a, _ = two_provinces
    client.force_login(a.staff)
    _upload(client, "A", xlsx([person(1, "Lò Văn Sáu")]))
    upload = Import.objects.get()
    columns = {f"column-{i}": f for i, f in upload.mapping.items() if f != "birth_date"}
    response = client.post(f"/imports/{upload.pk}/", {**columns, "action": "check"}, follow=True)
    assert "Chưa chọn cột cho: Ngày sinh" in response.content.decode()
    upload.refresh_from_db()
    assert upload.status == "uploaded"


def test_every_door_is_closed_to_another_province(client, two_provinces):
    a, b = two_provinces
    upload = uploaded(a)
    client.force_login(b.staff)
    for url in ("", "progress/", "rejected.xlsx"):
        assert client.get(f"/imports/{upload.pk}/{url}").status_code == 404
    assert client.post(f"/imports/{upload.pk}/", {"action": "check"}).status_code == 404
    assert upload.file_name not in client.get("/imports/").content.decode()
    response = _upload(client, "A", xlsx([person(1, "Lò Văn Sáu")]))
    assert "Không tìm thấy tổ chức «A»" in response.content.decode()
    assert Import.objects.count() == 1


def test_a_viewer_cannot_import(client, two_provinces):
    a, _ = two_provinces
    client.force_login(a.viewer)
    response = _upload(client, "A", xlsx([person(1, "Lò Văn Sáu")]))
    assert response.status_code == 403
    assert Import.objects.count() == 0


def test_template_has_headers_lists_and_instructions(client, two_provinces):
    client.force_login(two_provinces[0].staff)
    book = load_workbook(BytesIO(client.get("/imports/mau-nhap-dang-vien.xlsx").content))
    assert book.sheetnames == ["Đảng viên", "Danh mục", "Hướng dẫn"]
    headers = [c.value for c in book["Đảng viên"][1]]
    assert headers[:3] == ["Chi bộ", "Họ và tên", "Tên gọi khác"]
    lists = [v.formula1 for v in book["Đảng viên"].data_validations.dataValidation]
    assert all(f.startswith("'Danh mục'!$") for f in lists)
    assert len(lists) == 7  # gender, status, ethnicity, religion, two levels, Youth Union


def test_member_list_exports_and_imports_back_unchanged(client, two_provinces):
    a, _ = two_provinces
    client.force_login(a.staff)
    response = client.get(f"/members/?organization={a.province.pk}&format=xlsx")
    data = b"".join(response.streaming_content)
    rows = list(load_workbook(BytesIO(data)).active.values)
    assert rows[2][:2] == ("Chi bộ", "Họ và tên")
    assert sorted(r[1] for r in rows[3:]) == sorted(m.full_name for m in a.members)
    upload = import_upload(actor=a.staff, organization=a.province, file_name="back.xlsx", data=data)
    from tochuc.imports.services import import_start

    import_start(actor=a.staff, upload=upload, dry_run=False)
    upload.refresh_from_db()
    assert (upload.status, upload.unchanged, upload.rejected) == ("done", 3, 0), upload.problems


def test_member_export_is_scoped(client, two_provinces):
    a, b = two_provinces
    client.force_login(b.staff)
    assert client.get(f"/members/?organization={a.province.pk}&format=xlsx").status_code == 404


def test_cli_import_dry_run_then_import_and_export(two_provinces, tmp_path, capsys):
    a, _ = two_provinces
    path = tmp_path / "ds.xlsx"
    path.write_bytes(xlsx([person(1, "Lò Văn Sáu"), person(2, "X")]))
    with pytest.raises(SystemExit) as exit_:
        main(["import", str(path), "--org", "A"])
    assert exit_.value.code == 1
    out = capsys.readouterr().out
    assert "«Họ và tên» → Họ và tên" in out and "Bỏ qua: «STT»" in out
    assert "Dòng 4, cột «Họ và tên»" in out and "1 dòng bị từ chối" in out
    main(["import", str(path), "--org", "A", "--valid-rows"])
    assert "Đã nhập xong: 1 thêm" in capsys.readouterr().out
    target = tmp_path / "out.xlsx"
    main(["export", "members", "--org", "A", "-o", str(target)])
    assert "4 đảng viên" in capsys.readouterr().out
    assert len(list(load_workbook(target).active.values)) == 3 + 4


def test_api_upload_start_and_follow(client, two_provinces):
    a, b = two_provinces
    client.force_login(a.staff)
    data = xlsx([person(1, "Lò Văn Sáu"), person(2, "X")])
    response = client.post(
        "/api/v1/imports",
        {"organization": a.province.pk, "file": SimpleUploadedFile("ds.xlsx", data)},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["mapping"]["1"] == "full_name" and body["rows_total"] == 2
    pk = body["id"]
    checked = client.post(
        f"/api/v1/imports/{pk}/start", {"dry_run": True}, content_type="application/json"
    ).json()
    assert (checked["status"], checked["created"], checked["rejected"]) == ("checked", 1, 1)
    assert checked["problems"][0]["row"] == 4
    done = client.post(
        f"/api/v1/imports/{pk}/start",
        {"dry_run": False, "mode": "valid"},
        content_type="application/json",
    ).json()
    assert (done["status"], done["created"]) == ("done", 1)
    assert client.get(f"/api/v1/imports/{pk}").json()["status_label"] == "Đã nhập xong"
    client.force_login(b.staff)
    assert client.get(f"/api/v1/imports/{pk}").status_code == 404
    assert (
        client.post(f"/api/v1/imports/{pk}/start", {}, content_type="application/json").status_code
        == 404
    )
    assert client.post(f"/api/v1/imports/{pk}/cancel").status_code == 404
    response = client.post(
        "/api/v1/imports",
        {"organization": a.province.pk, "file": SimpleUploadedFile("ds.xlsx", data)},
    )
    assert response.status_code == 404


def test_organization_and_pipeline_lists_download_and_are_scoped(client, two_provinces, admin):
    from tochuc.members.services import candidate_create

    a, b = two_provinces
    candidate_create(
        actor=admin,
        organization=a.branch1,
        full_name="Vi Thị Hoa",
        gender="female",
        birth_date=date(2000, 4, 5),
        listed_on=date(2026, 3, 1),
    )
    client.force_login(a.staff)
    response = client.get(f"/organizations/{a.commune.pk}/?format=xlsx")
    rows = list(load_workbook(BytesIO(response.getvalue())).active.values)
    assert rows[2] == (
        "STT",
        "Mã tổ chức",
        "Tên tổ chức",
        "Loại",
        "Mã tổ chức cấp trên",
        "Tên tổ chức cấp trên",
        "Ngày thành lập",
        "Số đảng viên",
    )
    assert [r[2] for r in rows[3:]] == [
        a.commune.name,
        a.school.name,
        a.branch1.name,
        a.branch2.name,
        a.village.name,
    ]
    assert rows[3][7] == 3  # An, Ánh, Dũng
    response = client.get(f"/members/candidates/?organization={a.province.pk}&format=xlsx")
    rows = list(load_workbook(BytesIO(response.getvalue())).active.values)
    assert rows[3][1:3] == ("Vi Thị Hoa", "Nữ") and rows[3][4] == a.branch1.name
    client.force_login(b.staff)
    assert client.get(f"/organizations/{a.commune.pk}/?format=xlsx").status_code == 404
    assert (
        client.get(f"/members/candidates/?organization={a.province.pk}&format=xlsx").status_code
        == 404
    )


def test_a_file_too_large_is_refused_before_it_is_read(client, two_provinces, monkeypatch):
    monkeypatch.setattr("tochuc.imports.reading.MAX_BYTES", 1000)
    client.force_login(two_provinces[0].staff)
    response = _upload(client, "A", xlsx([person(1, "Lò Văn Sáu")]))
    assert "Tệp lớn quá 0 MB" in response.content.decode()
    assert Import.objects.count() == 0


DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def test_api_upload_answers_at_once_and_the_client_polls_until_read(
    client, two_provinces, settings
):
    settings.TASKS = DUMMY  # the file is read by the worker, not in the request
    a, _ = two_provinces
    client.force_login(a.staff)
    data = xlsx([person(1, "Lò Văn Sáu")])
    response = client.post(
        "/api/v1/imports",
        {"organization": a.province.pk, "file": SimpleUploadedFile("ds.xlsx", data)},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["status"], body["status_label"], body["mapping"]) == (
        "reading",
        "Đang đọc tệp",
        {},
    )
    import_read(body["id"])  # the worker's part
    body = client.get(f"/api/v1/imports/{body['id']}").json()
    assert (body["status"], body["mapping"]["1"], body["rows_total"]) == (
        "uploaded",
        "full_name",
        1,
    )
    assert body["interrupted"] is False


def test_api_a_file_that_cannot_be_read_fails_with_its_message(client, two_provinces, settings):
    settings.TASKS = DUMMY
    a, _ = two_provinces
    client.force_login(a.staff)
    response = client.post(
        "/api/v1/imports",
        {"organization": a.province.pk, "file": SimpleUploadedFile("ds.xlsx", b"PK\x03\x04junk")},
    )
    assert response.status_code == 201
    import_read(response.json()["id"])
    body = client.get(f"/api/v1/imports/{response.json()['id']}").json()
    assert body["status"] == "failed" and body["error"].startswith("Không đọc được «ds.xlsx»")


def test_the_page_polls_while_the_file_is_read_then_shows_the_columns(
    client, two_provinces, settings
):
    settings.TASKS = DUMMY
    a, _ = two_provinces
    client.force_login(a.staff)
    response = _upload(client, "A", xlsx([person(1, "Lò Văn Sáu")]))
    upload = Import.objects.get()
    assert response["Location"] == f"/imports/{upload.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "Đang đọc tệp" in page and f'hx-get="/imports/{upload.pk}/progress/"' in page
    assert 'name="column-1"' not in page
    progress = client.get(f"/imports/{upload.pk}/progress/", HTTP_HX_REQUEST="true")
    assert "HX-Refresh" not in progress
    import_read(upload.pk)
    progress = client.get(f"/imports/{upload.pk}/progress/", HTTP_HX_REQUEST="true")
    assert progress["HX-Refresh"] == "true"
    page = client.get(response["Location"]).content.decode()
    assert '<option value="full_name" selected>' in page and "hx-get" not in page


def test_a_file_the_worker_cannot_read_says_why_and_offers_a_new_upload(
    client, two_provinces, settings
):
    settings.TASKS = DUMMY
    a, _ = two_provinces
    client.force_login(a.staff)
    _upload(client, "A", b"PK\x03\x04junk")
    upload = Import.objects.get()
    import_read(upload.pk)
    page = client.get(f"/imports/{upload.pk}/").content.decode()
    assert "Không đọc được «ds.xlsx»" in page and "Tải tệp lên lại" in page
    assert "Kiểm tra thử" not in page


def test_downloading_the_rejected_rows_is_audited(client, two_provinces):
    a, _ = two_provinces
    client.force_login(a.staff)
    _upload(client, "A", xlsx([person(1, "Lò Văn Sáu"), person(2, "X"), person(3, "Y")]))
    upload = Import.objects.get()
    start(actor=a.staff, upload=upload, dry_run=True)
    assert client.get(f"/imports/{upload.pk}/rejected.xlsx").status_code == 200
    event = AuditEvent.objects.get(action="export.import_rejected")
    assert (event.actor, event.target_id, event.after) == (a.staff, upload.pk, {"rows": 2})


def test_the_upload_page_states_the_limits(client, two_provinces):
    client.force_login(two_provinces[0].staff)
    page = client.get("/imports/").content.decode()
    assert "Giới hạn một tệp: 50 MB, 300 MB khi giải nén, 200.000 dòng, 2.000 ký tự một ô" in page


@pytest.mark.skipif(sys.platform != "linux", reason="/proc")
def test_an_interrupted_import_says_so_at_once_and_its_page_cancels_it(client, two_provinces):
    a, _ = two_provinces
    client.force_login(a.staff)
    _upload(client, "A", xlsx([person(1, "Lò Văn Sáu")]))
    upload = Import.objects.get()
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()  # a process that has ended: the worker, killed while it wrote
    Import.objects.filter(pk=upload.pk).update(
        status="writing", holder_host=HOST, holder_pid=child.pid, holder_started=1
    )
    assert client.get(f"/api/v1/imports/{upload.pk}").json()["interrupted"] is True
    page = client.get(f"/imports/{upload.pk}/").content.decode()
    assert "Bị gián đoạn khi đang ghi dữ liệu" in page and "hx-get" not in page
    assert "Nhập dữ liệu" in page
    client.post(f"/imports/{upload.pk}/", {"action": "cancel"})
    upload.refresh_from_db()
    assert upload.status == "cancelled"
    assert AuditEvent.objects.filter(action="import.cancel", target_id=upload.pk).exists()


def test_the_page_and_the_rejected_rows_file_give_every_reason_of_a_row(client, two_provinces):
    a, _ = two_provinces
    client.force_login(a.staff)
    row = person(1, "Lò Văn Bảy", born="05/02/1995", x2="Không rõ", x4="00109501234")
    _upload(client, "A", xlsx([row]))
    upload = Import.objects.get()
    columns = {f"column-{i}": f for i, f in upload.mapping.items()}
    client.post(f"/imports/{upload.pk}/", {**columns, "action": "check", "mode": "all"})
    page = client.get(f"/imports/{upload.pk}/").content.decode()
    for reason in ("Giới tính «Không rõ»", "đúng 12 chữ số", "Tuổi khi vào Đảng là 15"):
        assert reason in page
    rejected = client.get(f"/imports/{upload.pk}/rejected.xlsx")
    reasons = list(load_workbook(BytesIO(rejected.content)).active.values)[1][-1]
    assert reasons.count("; ") == 2
    for reason in ("Giới tính: ", "Số CCCD: ", "Ngày vào Đảng: Tuổi khi vào Đảng là 15"):
        assert reason in reasons
