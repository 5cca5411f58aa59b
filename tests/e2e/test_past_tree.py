"""The tree at a past date as a province's staff opens it: a commune founded 01/07/2025 is
not there at 31/12/2024 (the commune dissolved that day is), and is there from its founding."""

import pytest

from tests.e2e.conftest import login, shot
from tests.orgs.test_past_tree import NEW, OLD, past  # noqa: F401 (the fixture)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _open_at(page, province, day: str):
    page.goto("/organizations/")
    page.fill("input[name=on]", day)
    page.click("button:has-text('Xem tại ngày')")
    page.wait_for_selector(f"p.notice:has-text('tại ngày {day}')")
    node = page.locator(f"#node-{province.pk}")
    node.locator("button.toggle").first.click()
    kids = page.locator(f"#kids-{province.pk}")
    kids.locator("li.node").first.wait_for()
    return node, kids


def test_the_tree_at_a_past_date_shows_only_what_stood_that_day(page, past):  # noqa: F811
    a = past
    login(page, "staff_a")
    node, kids = _open_at(page, a.province, "31/12/2024")
    names = kids.locator("a.org-name").all_inner_texts()
    assert OLD in names and NEW not in names
    counts = node.locator("span.counts").first.inner_text()
    assert counts.startswith("3 đảng bộ cấp trên cơ sở") and "2 đảng viên" in counts
    shot(page, "tree-past-date")

    node, kids = _open_at(page, a.province, "01/07/2025")
    names = kids.locator("a.org-name").all_inner_texts()
    assert NEW in names and OLD not in names
    assert "3 đảng viên" in node.locator("span.counts").first.inner_text()
