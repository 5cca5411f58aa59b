"""Importing members from Excel as a province's staff does it: upload, confirm the columns,
check, read the rejected row, import the valid rows, find the new member."""

import pytest

from tests.e2e.conftest import login, shot
from tests.imports.test_services import person, xlsx
from tochuc.members.models import Member

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_upload_check_and_import_valid_rows(page, two_provinces, settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    path = tmp_path / "danh-sach.xlsx"
    path.write_bytes(
        xlsx([person(1, "Lò Văn Sáu"), person(2, "Lò Thị Bảy", gender="Nữ", x3="31/02/1980")])
    )
    login(page, "staff_a")
    page.click("header nav >> text=Nhập Excel")
    page.wait_for_selector("h1:has-text('Nhập đảng viên, cây tổ chức từ Excel')")
    assert page.input_value("input[name=organization]") == "A"
    page.set_input_files("input[type=file]", str(path))
    page.click("button:has-text('Tải lên')")
    page.wait_for_selector("h2:has-text('Các cột của tệp')")
    assert page.locator("select[name=column-1]").input_value() == "full_name"
    assert page.locator("select[name=column-0]").input_value() == ""  # STT: skipped
    page.click("button:has-text('Kiểm tra thử')")
    page.wait_for_selector("text=kiểm tra thử, chưa ghi gì")
    status = page.locator(".import-status").inner_text()
    assert "1 đảng viên sẽ thêm" in status and "1 dòng bị từ chối" in status
    assert "«31/02/1980» không phải ngày có thật" in status
    shot(page, "import-checked")
    page.check("input[name=mode][value=valid]")
    page.click("button:has-text('Nhập dữ liệu')")
    page.wait_for_selector("h2:has-text('Đã nhập xong')")
    assert "1 đảng viên đã thêm" in page.locator(".import-status").inner_text()
    sau = Member.objects.get(full_name="Lò Văn Sáu")
    page.goto("/members/?q=lo van sau")
    page.click("text=Lò Văn Sáu")
    page.wait_for_selector("h1:has-text('Lò Văn Sáu')")
    assert page.url.endswith(f"/members/{sau.pk}/")


def test_the_page_waits_for_the_worker_to_read_the_file(page, two_provinces, settings, tmp_path):
    """The upload answers at once; the worker reads the file; the page shows the columns by
    itself when it has."""
    from tochuc.imports.models import Import
    from tochuc.imports.services import import_read

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    path = tmp_path / "danh-sach.xlsx"
    path.write_bytes(xlsx([person(1, "Lò Văn Sáu")]))
    login(page, "staff_a")
    page.goto("/imports/")
    page.set_input_files("input[type=file]", str(path))
    page.click("button:has-text('Tải lên')")
    page.wait_for_selector("h2:has-text('Đang đọc tệp')")
    assert page.locator("select[name=column-1]").count() == 0
    import_read(Import.objects.get().pk)  # the worker's part
    page.wait_for_selector("h2:has-text('Các cột của tệp')")  # the poll refreshed the page
    assert page.locator("select[name=column-1]").input_value() == "full_name"


def test_a_tree_file_checked_then_imported_from_the_upload_page(
    page, two_provinces, settings, tmp_path
):
    """The organization committee's first file is its tree: the same page tells it by its
    headers, checks it (a row whose parent code is unknown is rejected, with its reason) and
    imports the valid rows; the new committee and its branch stand in the tree."""
    from tests.imports.test_tree import tree_xlsx
    from tochuc.orgs.models import Organization

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    path = tmp_path / "cay-to-chuc.xlsx"
    rows = [  # the branch before its committee: any order goes
        ["A-CS9-CB1", "Chi bộ Khám bệnh", "Chi bộ trực thuộc Đảng ủy cơ sở", "A-CS9", None],
        ["A-CS9", "Đảng bộ Bệnh viện Đa khoa", "ĐBCS", "A-X1", "05/02/1990"],
        ["A-CS9-CB2", "Chi bộ Hành chính", "CBTT", "KHONG-CO", None],
    ]
    path.write_bytes(tree_xlsx(rows))
    login(page, "staff_a")
    shot(page, "todo-home")
    page.click("header nav >> text=Nhập Excel")
    page.set_input_files("input[type=file]", str(path))
    page.click("button:has-text('Tải lên')")
    page.wait_for_selector("h2:has-text('Các cột của tệp')")
    assert "(cây tổ chức)" in page.content()
    assert page.locator("select[name=column-3]").input_value() == "parent_code"
    page.click("button:has-text('Kiểm tra thử')")
    page.wait_for_selector("text=kiểm tra thử, chưa ghi gì")
    status = page.locator(".import-status").inner_text()
    assert "KHONG-CO" in status, status
    shot(page, "import-tree-checked")
    page.check("input[name=mode][value=valid]")
    page.click("button:has-text('Nhập dữ liệu')")
    page.wait_for_selector("h2:has-text('Đã nhập xong')")
    hospital = Organization.objects.get(code="A-CS9")
    assert hospital.kind == "grassroots_committee"
    assert Organization.objects.get(code="A-CS9-CB1").parent == hospital
    assert not Organization.objects.filter(code="A-CS9-CB2").exists()
    page.goto(f"/organizations/{hospital.pk}/")
    page.wait_for_selector("h1:has-text('Đảng bộ Bệnh viện Đa khoa')")
    assert "Chi bộ Khám bệnh" in page.content()
