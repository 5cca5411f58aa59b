"""The training work as a user clicks it: a province's staff opens a class of the intermediate
political theory programme by its decision, held with the province's political school, enrols
two members by name, records one's completion with a certificate; the member's record shows the
raised theory level and the class."""

from datetime import date, timedelta

import pytest

from tests.e2e.conftest import login, shot
from tests.factories import make_document
from tochuc.members.models import Member
from tochuc.training.models import School, Trainee, TrainingClass

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PROGRAMME = "Trung cấp lý luận chính trị - hành chính"
CLASS = "Lớp Trung cấp lý luận chính trị - hành chính khóa I"


def _d(day: date) -> str:
    return f"{day:%d/%m/%Y}"


@pytest.fixture
def decision(two_provinces):
    """The province's decision opening the class, registered in its document registry."""
    a, _ = two_provinces
    return make_document(
        a.staff, a.province, type_name="Quyết định", title="Về việc mở lớp trung cấp lý luận"
    ).symbol


@pytest.fixture
def school(two_provinces):
    a, _ = two_provinces
    return School.objects.create(
        organization=a.province, name="Trường Chính trị tỉnh Cao Bằng", kind="school"
    )


def _submit(page, form, button: str, said: str) -> None:
    form.locator(f"button:has-text('{button}')").click()
    page.wait_for_selector(f"text={said}")


def test_a_class_opened_two_enrolled_one_completed(strict_page, two_provinces, decision, school):
    page = strict_page
    a, _ = two_provinces
    an = a.members[0]  # Nguyễn Văn An, no theory level yet
    # A class running today (its page offers the enrolment while it runs), completed today:
    # today as the site counts it (Vietnam's), read once Django has set its time zone.
    today = date.today()
    starts, ends = today - timedelta(days=150), today + timedelta(days=30)
    assert an.theory_level == ""

    login(page, "staff_a")
    page.click("header nav >> text=Đào tạo")
    page.wait_for_selector("h1:has-text('Lớp đào tạo, bồi dưỡng')")
    page.goto(f"/training/?organization={a.province.pk}")
    page.click("a.button:has-text('Mở lớp')")
    page.wait_for_selector(f"h1:has-text('Mở lớp · {a.province.name}')")
    form = page.locator("form:has(button:has-text('Mở lớp'))")
    form.locator("select[name=programme]").select_option(label=PROGRAMME)
    form.locator("input[name=name]").fill(CLASS)
    form.locator("select[name=co_organizers]").select_option(
        label=f"{school.name} ({a.province.name})"
    )
    form.locator("select[name=mode]").select_option(label="Tập trung")
    form.locator("input[name=place]").fill("Trường Chính trị tỉnh")
    form.locator("input[name=starts_on]").fill(_d(starts))
    form.locator("input[name=ends_on]").fill(_d(ends))
    form.locator("input[name=planned_size]").fill("60")
    form.locator("input[name=decision]").fill(decision)
    _submit(page, form, "Mở lớp", f"Đã mở lớp {CLASS}.")
    klass = TrainingClass.objects.get()
    assert klass.decision.symbol == decision and list(klass.co_organizers.all()) == [school]
    facts = page.locator("section.record").inner_text()
    assert decision in facts and school.name in facts

    # Two members enrolled by name; the day of enrolment is the class's first, as offered.
    for person in ("Nguyễn Văn An", "Trần Thị Ánh"):
        enrol = page.locator("form:has(button:has-text('Ghi vào lớp'))")
        assert enrol.locator("input[name=enrolled_on]").input_value() == _d(starts)
        enrol.locator("input[name=person]").fill(person)
        _submit(page, enrol, "Ghi vào lớp", f"Đã ghi {person} vào lớp.")
    assert Trainee.objects.filter(training_class=klass, member__isnull=False).count() == 2

    # One completes it, with a certificate: his theory level raised to intermediate.
    page.locator("table.list").locator("a", has_text="Nguyễn Văn An").click()
    page.wait_for_selector("h1:has-text('Nguyễn Văn An')")
    done = page.locator("form:has(button:has-text('Ghi hoàn thành'))")
    done.locator("input[name=done-on]").fill(_d(today))
    done.locator("input[name=done-result]").fill("Giỏi")
    done.locator("input[name=done-certificate_number]").fill("TC-2026/0123")
    done.locator("input[name=done-certificate_date]").fill(_d(today))
    _submit(
        page,
        done,
        "Ghi hoàn thành",
        "Nguyễn Văn An hoàn thành lớp; trình độ lý luận chính trị nâng lên Trung cấp.",
    )
    trainee = Trainee.objects.get(member=an)
    assert (trainee.status, trainee.completed_on) == ("completed", today)
    assert Member.objects.get(pk=an.pk).theory_level == "trung_cap"

    # His record: the level, the class in «Đào tạo, bồi dưỡng», the event naming it.
    page.click("a.button:has-text('Hồ sơ đảng viên')")
    page.wait_for_url(f"**/members/{an.pk}/")
    level = page.locator("section.record dt:has-text('Lý luận chính trị') + dd")
    assert level.inner_text() == "Trung cấp"
    section = page.locator("section.record-section:has(h2:has-text('Đào tạo, bồi dưỡng'))")
    row = section.locator("tbody tr").inner_text()
    assert CLASS in row and PROGRAMME in row and a.province.name in row
    assert "Hoàn thành: Giỏi" in row and f"TC-2026/0123 ngày {_d(today)}" in row
    timeline = page.locator("table.timeline").inner_text()
    assert f"{CLASS}; lý luận chính trị: Trung cấp." in timeline

    # The class page: one completed with the level it gave, one still studying.
    page.goto(f"/training/{klass.pk}/")
    rows = page.locator("section.card:has(h2:has-text('Học viên')) tbody tr")
    assert rows.count() == 2
    assert "Hoàn thành" in rows.nth(0).inner_text() and "Trung cấp" in rows.nth(0).inner_text()
    assert "Đang học" in rows.nth(1).inner_text()
    shot(page, "training-class")
    assert page.csp_violations == []
