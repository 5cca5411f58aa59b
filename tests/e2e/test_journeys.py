"""The main journeys, as a user clicks them: log in, the tree, search, edit, history."""

import pytest

from tests.e2e.conftest import login, shot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_tree_opens_on_demand_and_stays_in_scope(strict_page, two_provinces):
    page = strict_page  # the tree's toggles work under the Content-Security-Policy
    a, b = two_provinces
    login(page, "staff_a")
    page.click("header nav >> text=Tổ chức đảng")
    tree = page.locator("main")
    assert "Đảng bộ tỉnh Cao Bằng" in tree.inner_text()
    assert "Lạng Sơn" not in tree.inner_text()
    assert "3 đảng viên" in page.locator(f"#node-{a.province.pk} .counts").first.inner_text()
    page.click(f"#node-{a.province.pk} > button.toggle")
    page.wait_for_selector(f"#node-{a.commune.pk}")
    page.click(f"#node-{a.commune.pk} > button.toggle")
    page.wait_for_selector(f"#node-{a.school.pk}")
    assert "open" in page.get_attribute(f"#node-{a.commune.pk}", "class")
    text = page.locator(f"#node-{a.commune.pk}").inner_text()
    assert "Đảng bộ Trường THPT Cao Bằng" in text and "Đảng bộ cơ sở" in text
    shot(page, "tree")
    page.goto(f"/organizations/{b.province.pk}/")
    assert "Không tìm thấy" in page.locator("main").inner_text()
    assert page.csp_violations == []


def test_search_without_accents_edit_and_history(page, two_provinces):
    a, _ = two_provinces
    login(page, "staff_a")
    page.click("header nav >> text=Đảng viên")
    page.fill("input[name=q]", "tran thi anh")
    page.wait_for_function(
        "document.querySelectorAll('#results tbody tr').length === 1"
        " && document.querySelector('#results').innerText.includes('Trần Thị Ánh')"
    )
    shot(page, "member-search")
    page.click("#results >> text=Trần Thị Ánh")
    page.wait_for_selector("h1:has-text('Trần Thị Ánh')")
    page.click("text=Sửa hồ sơ")

    # A wrong CCCD and a birth date after the admission: explained, nothing saved.
    page.fill("input[name=citizen_id]", "123")
    page.fill("input[name=birth_date]", "02/01/2015")
    page.click("button:has-text('Lưu hồ sơ')")
    errors = page.locator(".error").all_inner_texts()
    assert any("12 chữ số" in e for e in errors)
    assert any("Ngày sinh phải trước ngày vào Đảng" in e for e in errors)
    shot(page, "member-edit-errors")

    page.fill("input[name=citizen_id]", a.members[1].citizen_id)
    page.fill("input[name=birth_date]", "02/01/1990")
    page.fill("input[name=phone]", "0912345678")
    page.fill("input[name=occupation]", "Giáo viên")
    page.click("button:has-text('Lưu hồ sơ')")
    page.wait_for_selector("text=Đã lưu hồ sơ đảng viên.")
    history = page.locator("table.history").inner_text()
    assert "staff_a" in history
    assert "Điện thoại: (trống) → 0912345678" in history
    assert "Nghề nghiệp: (trống) → Giáo viên" in history
    shot(page, "member-record")


def test_official_recognition_of_a_probationary_member(page, two_provinces):
    a, _ = two_provinces
    member = a.members[2]  # Hoàng Văn Dũng, admitted 03/02/2026, still probationary
    from tochuc.members.models import Member

    Member.objects.filter(pk=member.pk).update(
        admission_date="2025-08-01", ceremony_date="2025-08-15"
    )
    login(page, "staff_a")
    page.goto(f"/members/{member.pk}/")
    assert "Dự bị đến hết ngày 15/08/2026" in page.locator(".notice").inner_text()
    page.click("text=Công nhận đảng viên chính thức")
    page.fill("input[name=effective_date]", "01/08/2026")
    page.fill("input[name=document_symbol]", "45-QĐ/ĐU")
    page.click("button:has-text('Ghi nhận')")
    assert (
        "Chưa hết thời gian dự bị"
        in page.locator("p.error[data-field=effective_date]").inner_text()
    )
    page.fill("input[name=effective_date]", "20/08/2026")
    page.click("button:has-text('Ghi nhận')")
    page.wait_for_selector("text=Đã ghi nhận: công nhận đảng viên chính thức.")
    timeline = page.locator("table.timeline").inner_text()
    assert "Công nhận đảng viên chính thức" in timeline and "45-QĐ/ĐU" in timeline
    assert "Chính thức từ 15/08/2026" in timeline
    assert "Đảng viên chính thức" in page.locator("h1 + .badge, .head .badge").first.inner_text()
    shot(page, "member-confirmed")


def test_admit_a_candidate_through_every_step_then_confirm(page, two_provinces):
    a, _ = two_provinces
    login(page, "staff_a")
    page.goto(f"/members/candidates/new/?organization={a.branch1.pk}")
    page.fill("input[name=full_name]", "Triệu Thị Hoa")
    page.select_option("select[name=gender]", "female")
    page.fill("input[name=birth_date]", "01/05/2002")
    page.select_option("select[name=ethnicity]", "Dao")
    page.fill("input[name=listed_on]", "01/08/2024")
    page.select_option("select[name=mentor]", label="Nguyễn Văn An")
    page.click("button:has-text('Lưu')")
    page.wait_for_selector("h1:has-text('Triệu Thị Hoa')")
    steps = [
        ("10/09/2024", ""),
        ("01/10/2024", ""),
        ("05/10/2024", ""),
        ("20/11/2024", ""),
        ("01/12/2024", ""),
        ("10/12/2024", ""),
        ("06/01/2025", "5-NQ/CB"),
        ("20/01/2025", "12-NQ/ĐU"),
        ("10/02/2025", "45-QĐ/HU"),
        ("03/03/2025", ""),
    ]
    for i, (day, doc) in enumerate(steps):
        if i == 1:  # a date before the previous step is refused, and said why
            page.fill("input[name=on]", "01/01/2024")
            page.click("button:has-text('Ghi nhận')")
            assert "bước trước" in page.locator("p.error[data-field=on]").inner_text()
        page.fill("input[name=on]", day)
        page.fill("input[name=document_symbol]", doc)
        page.click("button:has-text('Ghi nhận')")
        page.wait_for_selector(f"table.steps tbody tr:nth-child({i + 2})")
    shot(page, "candidate-admitted")
    assert "Đã kết nạp" in page.locator(".head").inner_text()
    page.click("text=Hồ sơ đảng viên")
    page.wait_for_selector("h1:has-text('Triệu Thị Hoa')")
    assert "Dự bị đến hết ngày 03/03/2026" in page.locator(".notice").inner_text()
    page.click("text=Công nhận đảng viên chính thức")
    page.fill("input[name=effective_date]", "10/03/2026")
    page.fill("input[name=document_symbol]", "60-QĐ/HU")
    page.click("button:has-text('Ghi nhận')")
    page.wait_for_selector("text=Đã ghi nhận: công nhận đảng viên chính thức.")
    timeline = page.locator("table.timeline").inner_text()
    assert (
        "Kết nạp" in timeline and "45-QĐ/HU" in timeline and "Chính thức từ 03/03/2026" in timeline
    )


def test_transfer_to_another_province_and_its_acceptance(page, two_provinces):
    a, b = two_provinces
    member = a.members[0]  # Nguyễn Văn An, Chi bộ Giáo viên of A
    login(page, "staff_a")
    page.goto(f"/members/{member.pk}/")
    page.click("p.actions a:has-text('Chuyển sinh hoạt')")
    page.select_option("select[name=kind]", "permanent")
    page.fill("input[name=to_org]", b.office.code)
    page.fill("input[name=start_date]", "02/11/2026")
    page.fill("input[name=letter_symbol]", "17-GGT/ĐU")
    page.click("button:has-text('Ghi nhận')")
    assert "đảng phí" in page.locator("p.error[data-field=dues_paid_to]").inner_text()
    page.fill("input[name=dues_paid_to]", "10/2026")
    page.click("button:has-text('Ghi nhận')")
    page.wait_for_selector("text=Đã ghi nhận giấy giới thiệu chuyển sinh hoạt đảng.")
    assert "Chuyển sinh hoạt đi" in page.locator("table.timeline").inner_text()

    page.context.clear_cookies()
    login(page, "staff_b")
    assert "1 giấy giới thiệu chờ đơn vị tiếp nhận" in page.locator("main").inner_text()
    page.click("text=giấy giới thiệu chờ đơn vị tiếp nhận")
    row = page.locator("tr", has_text="Nguyễn Văn An").first
    row.locator("input[name=on]").fill("10/11/2026")
    row.locator("button:has-text('Tiếp nhận')").click()
    page.wait_for_selector("text=Đã tiếp nhận sinh hoạt của Nguyễn Văn An.")
    page.goto(f"/members/{member.pk}/")
    placements = page.locator("table.placements").inner_text()
    assert "Chi bộ Giáo viên" in placements and "Chi bộ Sở Nội vụ" in placements
    assert "10/11/2026" in placements
    page.locator("table.placements").scroll_into_view_if_needed()
    shot(page, "transfer-accepted")


def test_restructuring_plan_preview_and_apply(page, two_provinces):
    a, _ = two_provinces
    login(page, "staff_a")
    page.click("header nav >> text=Tổ chức đảng")
    page.click("text=Phương án sắp xếp")
    page.fill("input[name=title]", "Hợp nhất chi bộ Trường THPT")
    page.fill("input[name=organization]", a.province.code)
    page.fill("input[name=effective_date]", "01/07/2026")
    page.fill("input[name=decision_symbol]", "15-QĐ/TU")
    page.click("button:has-text('Lập phương án')")
    page.wait_for_selector("text=Đã lập phương án")
    page.select_option("select[name=kind]", "merge")
    page.fill("textarea[name=sources]", f"{a.branch1.code}\n{a.branch2.code}")
    page.fill("input[name=name]", "Chi bộ Trường THPT")
    page.select_option("select[name=new_kind]", "branch")
    page.fill("input[name=parent]", a.school.code)
    page.click("button:has-text('Thêm bước')")
    page.wait_for_selector("text=Đã thêm bước 1")
    preview = page.locator("section.preview").inner_text()
    assert "giải thể" in preview and "Chi bộ Trường THPT" in preview
    assert "chỉ có 2 đảng viên chính thức" in preview
    shot(page, "restructuring-preview")
    page.click("button:has-text('Thực hiện phương án')")
    page.wait_for_selector("text=Đã thực hiện phương án.")
    assert "Hoàn tác phương án" in page.locator("main").inner_text()


def test_the_member_list_downloads_once_per_click(strict_page, two_provinces, tmp_path):
    """Issue #16: the list's Excel comes as a download the browser shows, and the link says it
    is downloading (a second click does nothing meanwhile), under the site's CSP."""
    from openpyxl import load_workbook

    page = strict_page
    a, _ = two_provinces
    login(page, "staff_a")
    page.goto(f"/members/?organization={a.province.pk}")
    link = page.locator("a[data-download-once]")
    with page.expect_download() as info:
        link.click()
    assert link.get_attribute("aria-disabled") == "true"
    assert "Đang tải tệp Excel" in link.inner_text()
    link.click(force=True)  # ignored: no second download, no page left
    assert page.url.endswith(f"/members/?organization={a.province.pk}")
    path = tmp_path / "ds.xlsx"
    info.value.save_as(path)
    names = [r[1] for r in load_workbook(path).active.iter_rows(min_row=4, values_only=True)]
    assert sorted(names) == sorted(m.full_name for m in a.members)
    assert page.csp_violations == []
