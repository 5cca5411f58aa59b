"""The congress pages: the season of a subtree (the sentence, the levels, the plan by status),
the plan made from the tree of a day, a congress held and its plan line changed by the level
above; another province's pages are 404."""

from __future__ import annotations

from datetime import date

import pytest

from tochuc.congresses.models import Congress
from tochuc.orgs.models import Term

pytestmark = pytest.mark.django_db


def test_a_season_is_planned_followed_and_recorded_from_the_pages(client, two_provinces, admin):
    from tests.factories import make_user

    a, b = two_provinces
    term = Term.objects.get(name="2025–2030")
    client.force_login(a.staff)
    made = client.post(
        f"/congresses/plan/?organization={a.province.pk}&term={term.pk}", {"on": "01/03/2025"}
    )
    assert made.status_code == 302
    page = client.get(made.url).content.decode()
    assert "thêm 8, không tổ chức (đã sắp xếp) 0, giữ 0." in page
    village = Congress.objects.get(organization=a.village, term=term)
    url = f"/congresses/{village.pk}/"
    bad = client.post(url, {"do": "held", "held_on": "31/02/2025"})
    assert bad.status_code == 400
    assert client.post(url, {"do": "held", "held_on": "12/04/2025"}).status_code == 302
    village.refresh_from_db()
    assert village.held_on == date(2025, 4, 12)
    shown = client.get(
        "/congresses/", {"organization": a.province.pk, "term": term.pk, "on": "30/06/2025"}
    ).content.decode()
    assert "Tính đến ngày 30/6/2025, toàn tỉnh có" in shown
    assert "1/3 tổ chức cơ sở đảng đã tổ chức đại hội (đạt 33,33%)" in shown
    held = client.get(
        "/congresses/",
        {"organization": a.province.pk, "term": term.pk, "on": "30/06/2025", "status": "held"},
    ).content.decode()
    assert a.village.name in held and a.school.name not in held
    line = client.post(
        url,
        {
            "do": "line",
            "kind": "members",
            "pilot": "on",
            "window_start": "01/04/2025",
            "window_end": "30/04/2025",
        },
    )
    assert line.status_code == 302
    village.refresh_from_db()
    assert village.pilot is True

    commune = make_user("commune_y", "staff", a.village)
    client.force_login(commune)
    own = client.get(url).content.decode()
    assert "Ghi đại hội đã tổ chức" in own and "Sửa kế hoạch" not in own  # the level above plans
    client.force_login(b.staff)
    assert client.get(url).status_code == 404
    assert client.get("/congresses/", {"organization": a.province.pk}).status_code == 404
    theirs = client.post(f"/congresses/plan/?organization={a.province.pk}", {"on": "01/03/2025"})
    assert theirs.status_code == 404
