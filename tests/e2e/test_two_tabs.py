"""Two tabs on one record: the later save of an older page is refused, not written over."""

import pytest

from tests.e2e.conftest import _page, login, shot
from tochuc.members.models import Member
from tochuc.members.services import member_update

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_second_tab_is_refused_naming_the_phone_change(
    page, browser, live_server, two_provinces
):
    a, _ = two_provinces
    an = a.members[0]
    member_update(actor=a.staff, member=an, changes={"phone": "0911111111"})
    # A second tab with its own session: the staffer logged in twice (or two colleagues).
    context_b, tab_b = _page(browser, live_server, bypass_csp=True)
    try:
        tab_a = page
        for tab in (tab_a, tab_b):
            login(tab, "staff_a")
            tab.goto(f"/members/{an.pk}/edit/")
        tab_a.fill("input[name=phone]", "0987000222")
        tab_a.click("button:has-text('Lưu hồ sơ')")
        tab_a.wait_for_selector("text=Đã lưu hồ sơ đảng viên.")

        tab_b.fill("input[name=birth_place]", "Hà Nội")
        tab_b.click("button:has-text('Lưu hồ sơ')")
        refusal = tab_b.locator(".errorlist.nonfield")
        refusal.wait_for()
        text = refusal.inner_text()
        assert "Điện thoại 0911111111 → 0987000222" in text
        assert "Tải lại trang để xem bản mới" in text
        assert tab_b.input_value("input[name=birth_place]") == "Hà Nội"  # the typing is kept
        shot(tab_b, "two-tabs-refused")
    finally:
        context_b.close()
    an = Member.objects.get(pk=an.pk)
    assert (an.phone, an.birth_place) == ("0987000222", "")
