"""The cadre work as a user clicks it: a position added, a member elected to it from their
record, another put in the planning list, the committee of the term, and a clearance case
opened and concluded by the one user given the right; the screenshots of the user guide."""

import shutil
from datetime import date
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission

from tests.e2e.conftest import SHOTS, login, shot
from tests.factories import make_document, make_member, make_user
from tochuc.cadres.models import CommitteeSeat, Holding, Planning, PoliticalClearance

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

GUIDE = Path(__file__).parents[2] / "docs" / "img"


def _guide(page, name: str) -> None:
    shot(page, name)
    shutil.copy(SHOTS / f"{name}.png", GUIDE / f"{name}.png")


def _submit(page, form, button: str, said: str) -> None:
    form.locator(f"button:has-text('{button}')").click()
    page.wait_for_selector(f"text={said}")


def test_a_secretary_elected_a_deputy_planned_a_case_concluded(strict_page, two_provinces, admin):
    page = strict_page
    a, _ = two_provinces
    an = a.members[0]  # Nguyễn Văn An, born 1980
    anh = a.members[1]  # Trần Thị Ánh, born 1990
    make_member(admin, a.branch1, full_name="Hà Văn Cường", birth_date=date(1988, 3, 4))
    make_document(a.staff, a.province, type_name="Quyết định", title="Về công tác cán bộ")
    decision = a.province.documents.get().symbol

    login(page, "staff_a")
    page.click("header nav >> text=Cán bộ")
    page.wait_for_selector("h1:has-text('Chức vụ và người đảm nhiệm')")
    add = page.locator("form:has(h2:has-text('Thêm chức vụ'))")
    for title, seats in (("Bí thư", "1"), ("Phó Bí thư", "2")):
        add = page.locator("form:has(h2:has-text('Thêm chức vụ'))")
        add.locator("select[name=title]").select_option(label=title)
        add.locator("input[name=seats]").fill(seats)
        _submit(page, add, "Thêm", f"Đã thêm chức vụ {title} —")
    assert "2 chức vụ, 2 còn trống" in page.locator(".count").inner_text()

    # Elected secretary, from the cadre tab of his record.
    page.goto(f"/members/{an.pk}/")
    tab = page.locator("section.record-section:has(h2:has-text('Cán bộ'))")
    tab.locator("summary", has_text="Bổ nhiệm, bầu vào chức vụ").click()  # the forms load
    tab.locator("select[name=position]").select_option(label=f"Bí thư — {a.province.name}")
    tab.locator("select[name=kind]").select_option(label="Bầu cử")
    tab.locator("input[name=on]").fill("01/10/2025")
    _submit(page, tab, "Ghi", "Đã ghi Bí thư")
    assert Holding.objects.get(cadre__member=an).start == date(2025, 10, 1)

    # Two planned for deputy secretary of the 2025–2030 term, one by name, one by CCCD.
    page.goto("/cadres/positions/")
    page.click(".subnav >> text=Quy hoạch")
    page.wait_for_selector("h1:has-text('DANH SÁCH QUY HOẠCH CÁN BỘ NHIỆM KỲ 2025–2030')")
    for person in ("Trần Thị Ánh", "Hà Văn Cường"):
        plan = page.locator("form:has(h2:has-text('Đưa vào quy hoạch'))")
        plan.locator("select[name=position]").select_option(label=f"Phó Bí thư — {a.province.name}")
        plan.locator("input[name=person]").fill(person)
        plan.locator("input[name=on]").fill("15/12/2025")
        plan.locator("input[name=decision]").fill(decision)
        _submit(page, plan, "Đưa vào quy hoạch", f"Đã đưa {person} vào quy hoạch")
    table = page.locator("article.party-doc").inner_text()
    assert "Trần Thị Ánh" in table and "Hà Văn Cường" in table and "Nguyễn Văn An" in table
    assert Planning.objects.filter(decision__symbol=decision).count() == 2
    _guide(page, "cadres-planning")

    # The committee of the term: the secretary seated, as on the day after.
    page.click(".subnav >> text=Cấp ủy theo nhiệm kỳ")
    seat = page.locator("form:has(h2:has-text('Thêm người vào cấp ủy'))")
    seat.locator("input[name=person]").fill("Nguyễn Văn An")
    seat.locator("select[name=role]").select_option(label="Bí thư")
    seat.locator("input[name=on]").fill("01/10/2025")
    _submit(page, seat, "Ghi", "Đã ghi Nguyễn Văn An: Bí thư từ 01/10/2025.")
    assert CommitteeSeat.objects.get().cadre.member == an

    # The staff user has no right to clearance: no link, and the page is not found.
    assert page.locator(".subnav >> text=Kết luận tiêu chuẩn chính trị").count() == 0
    assert page.goto("/cadres/clearance/").status == 404

    # The vetter, given the right, opens and concludes a case for the planned deputy.
    vetter = make_user("vetter_a", "staff", a.province)
    vetter.user_permissions.add(Permission.objects.get(codename="see_clearance"))
    page.context.clear_cookies()
    login(page, "vetter_a")
    page.goto("/cadres/positions/")
    page.click(".subnav >> text=Kết luận tiêu chuẩn chính trị")
    page.click("a.button:has-text('Mở hồ sơ')")
    form = page.locator("form:has(button:has-text('Mở hồ sơ'))")
    form.locator("select[name=purpose]").select_option(label="Quy hoạch cấp ủy")
    form.locator("input[name=requested_on]").fill("01/12/2025")
    form.locator("input[name=person]").fill(anh.citizen_id)
    _submit(page, form, "Mở hồ sơ", "Đã mở hồ sơ của Trần Thị Ánh.")
    form = page.locator("form:has(button:has-text('Ghi kết luận'))")
    form.locator("select[name=result]").select_option("clear")
    form.locator("input[name=concluded_on]").fill("10/12/2025")
    form.locator("input[name=decision]").fill(decision)
    _submit(page, form, "Ghi kết luận", "Đã ghi kết luận ngày 10/12/2025.")
    assert PoliticalClearance.objects.get().result == "clear"

    page.goto(f"/cadres/clearance/?organization={a.province.pk}&from=01/01/2025&to=31/12/2025")
    assert "Kết luận tiêu chuẩn chính trị 1 trường hợp" in page.locator("main").inner_text()
    _guide(page, "cadres-clearance")
    assert page.csp_violations == []
