"""The planning list's writes on its printable table, the committee of a term on a day with its
seats added and ended, and the re-election list: each page with real data, each form writing
(a refusal writing nothing, its Vietnamese message shown), another province's ids 404."""

from __future__ import annotations

from datetime import date

import pytest

from tests.factories import make_document, make_member
from tochuc.cadres.models import Cadre, CommitteeSeat, Planning, PlanningReview, PositionTitle
from tochuc.cadres.services import cadre_create, planning_add, position_create, seat_add
from tochuc.orgs.models import Term

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(two_provinces, admin):
    """A's commune: a secretary's position with one cadre planned, a deputy's without, a cadre
    to plan, a decision of the commune's registry, and the 2020–2025 committee."""
    a, _ = two_provinces
    a.term = Term.objects.get(name="2025–2030")
    a.old_term = Term.objects.get(name="2020–2025")
    a.secretary_post = position_create(
        actor=a.staff, organization=a.commune, title=PositionTitle.objects.get(name="Bí thư")
    )
    a.deputy_post = position_create(
        actor=a.staff,
        organization=a.commune,
        title=PositionTitle.objects.get(name="Phó Bí thư"),
        seats=2,
    )

    def cadre(name, born, gender="male", **levels):
        return cadre_create(
            actor=a.staff,
            organization=a.commune,
            full_name=name,
            birth_date=born,
            gender=gender,
            **levels,
        )

    a.young = cadre("Lục Thị Trẻ", date(1988, 1, 1), "female", education_level="thac_si")
    a.old = cadre("Nông Văn Già", date(1966, 2, 3))
    a.other = cadre("Bế Văn Mới", date(1985, 4, 5))
    a.plan = planning_add(
        actor=a.staff, cadre=a.young, position=a.secretary_post, term=a.term, on=date(2025, 3, 1)
    )
    a.decision = make_document(admin, a.commune, type_name="Quyết định", title="Về quy hoạch")
    for person, role in ((a.old, "secretary"), (a.young, "standing")):
        seat_add(
            actor=a.staff,
            organization=a.commune,
            term=a.old_term,
            cadre=person,
            role=role,
            on=date(2020, 10, 1),
        )
    return a


def _table(client, a, **query):
    return client.get(
        "/cadres/planning/",
        {"organization": a.commune.pk, "term": a.term.pk, "on": "01/10/2025", **query},
    ).content.decode()


def test_the_planning_table_shows_its_forms_on_screen_and_warnings_beside_the_rows(staff_a, office):
    a = office
    page = _table(staff_a, a)
    assert "DANH SÁCH QUY HOẠCH CÁN BỘ NHIỆM KỲ 2025–2030" in page
    # the warnings beside their rows, with their reason (the rule's value and source)
    assert "1 người quy hoạch, chưa đủ 2 (Quy định 50-QĐ/TW (2021)" in page
    assert "0 người quy hoạch, chưa đủ 2" in page
    # the forms are for the screen only: inside .noprint, which the print CSS hides
    assert 'class="noprint card"' in page and "Đưa vào quy hoạch nhiệm kỳ 2025–2030" in page
    assert f'action="/cadres/planning/{a.plan.pk}/review/"' in page
    # whom to add is typed (a name, a CCCD), not picked from a list of the subtree's cadres
    assert '<td class="noprint">' in page and 'name="person"' in page
    assert "Bế Văn Mới" not in page
    nav = page.split('class="subnav noprint"')[1].split("</nav>")[0]
    assert "/cadres/committees/" in nav and "/cadres/reelection/" in nav


def test_a_viewer_gets_the_table_without_forms_and_cannot_write(client, office):
    a = office
    client.force_login(a.viewer)
    page = _table(client, a)
    assert "Lục Thị Trẻ" in page and "Đưa vào quy hoạch nhiệm kỳ" not in page
    response = client.post(
        f"/cadres/planning/{a.plan.pk}/remove/", {"on": "01/01/2026", "reason": "Chuyển công tác"}
    )
    assert response.status_code == 403
    assert Planning.objects.get(pk=a.plan.pk).removed_on is None


def test_a_cadre_is_added_to_a_plan_by_decision(staff_a, office):
    a = office
    response = staff_a.post(
        f"/cadres/planning/add/{a.commune.pk}/",
        {
            "term": a.term.pk,
            "position": a.deputy_post.pk,
            "person": "Bế Văn Mới",
            "on": "02/03/2026",
            "decision": f"Quyết định số {a.decision.symbol}",
        },
        follow=True,
    )
    plan = Planning.objects.get(cadre=a.other)
    assert plan.position == a.deputy_post and plan.decision == a.decision
    assert plan.added_on == date(2026, 3, 2)
    text = response.content.decode()
    assert f"Đã đưa Bế Văn Mới vào quy hoạch Phó Bí thư — {a.commune.name}." in text
    assert "Bế Văn Mới" in text.split("DANH SÁCH QUY HOẠCH")[1].split("</article>")[0]


def test_a_member_is_made_a_cadre_and_planned_in_one_write(staff_a, office):
    a = office
    member = a.members[1]  # Trần Thị Ánh, of a branch of the commune
    staff_a.post(
        f"/cadres/planning/add/{a.commune.pk}/",
        {
            "term": a.term.pk,
            "position": a.deputy_post.pk,
            "person": "trần thị ánh",
            "on": "02/03/2026",
        },
    )
    plan = Planning.objects.get(cadre__member=member)
    assert plan.position == a.deputy_post and plan.decision is None
    # by citizen ID too; a refusal of the plan (the term over) leaves no cadre record behind
    third = make_member(a.staff, a.branch1, full_name="Hoàng Văn Hai")
    response = staff_a.post(
        f"/cadres/planning/add/{a.commune.pk}/",
        {
            "term": a.term.pk,
            "position": a.deputy_post.pk,
            "person": third.citizen_id,
            "on": "02/03/2031",
        },
        follow=True,
    )
    assert "Nhiệm kỳ 2025–2030 đã kết thúc trước 02/03/2031." in response.content.decode()
    assert not Cadre.objects.filter(member=third).exists()


def test_the_person_is_named_without_accents_and_a_namesake_by_birth_year(staff_a, office):
    """«Cán bộ hoặc đảng viên» reads a name as the member search does (accents and case
    aside); two people of one name are told apart by «Họ tên (năm sinh)», as the message says."""
    a = office
    namesake = cadre_create(
        actor=a.staff,
        organization=a.commune,
        full_name="Bế Văn Mới",
        birth_date=date(1990, 7, 8),
        gender="male",
    )

    def add(person):
        return staff_a.post(
            f"/cadres/planning/add/{a.commune.pk}/",
            {"term": a.term.pk, "position": a.deputy_post.pk, "person": person, "on": "02/03/2026"},
            follow=True,
        ).content.decode()

    page = add("be van moi")
    assert "Có nhiều người phù hợp (Bế Văn Mới (1985), Bế Văn Mới (1990)…)" in page
    assert not Planning.objects.filter(position=a.deputy_post).exists()
    assert "Đã đưa Bế Văn Mới vào quy hoạch" in add("bế văn mới (1990)")
    assert Planning.objects.get(position=a.deputy_post).cadre == namesake


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"person": "Lục Thị Trẻ"}, "Lục Thị Trẻ đã có trong quy hoạch Bí thư"),
        ({"person": "Không Có Ai"}, "không có cán bộ, đảng viên nào có tên hoặc số đã ghi"),
        ({"person": "Văn"}, "Có nhiều người phù hợp"),
        ({}, "Ghi họ tên hoặc số CCCD của cán bộ, đảng viên."),
        (
            {"person": "Bế Văn Mới", "decision": "99-QĐ/ĐU"},
            "Sổ văn bản chưa có văn bản số 99-QĐ/ĐU",
        ),
    ],
)
def test_a_refused_addition_writes_nothing_and_says_why(staff_a, office, fields, message):
    a = office
    before = (Planning.objects.count(), Cadre.objects.count())
    response = staff_a.post(
        f"/cadres/planning/add/{a.commune.pk}/",
        {"term": a.term.pk, "position": a.secretary_post.pk, "on": "02/03/2026", **fields},
        follow=True,
    )
    assert message in response.content.decode()
    assert (Planning.objects.count(), Cadre.objects.count()) == before


def test_a_plan_is_reviewed_each_year_and_removed_with_its_reason(staff_a, office):
    a = office
    url = f"/cadres/planning/{a.plan.pk}/review/"
    staff_a.post(
        url, {"year": 2026, "kept": "1", "note": "Hoàn thành tốt", "organization": a.commune.pk}
    )
    review = PlanningReview.objects.get(planning=a.plan)
    assert review.kept and review.note == "Hoàn thành tốt"
    again = staff_a.post(url, {"year": 2026, "kept": "1"}, follow=True).content.decode()
    assert "Đã rà soát quy hoạch này năm 2026." in again
    refused = staff_a.post(url, {"year": 2027, "kept": "0"}, follow=True).content.decode()
    assert "Ghi lý do không tiếp tục quy hoạch." in refused
    assert PlanningReview.objects.filter(planning=a.plan).count() == 1

    remove = f"/cadres/planning/{a.plan.pk}/remove/"
    blank = staff_a.post(remove, {"on": "01/06/2026", "reason": " "}, follow=True)
    assert Planning.objects.get(pk=a.plan.pk).removed_on is None
    assert "lý do" in blank.content.decode().lower()
    page = staff_a.post(
        remove,
        {"on": "01/06/2026", "reason": "Chuyển công tác", "decision": a.decision.symbol},
        follow=True,
    ).content.decode()
    plan = Planning.objects.get(pk=a.plan.pk)
    assert plan.removed_on == date(2026, 6, 1) and plan.removal_reason == "Chuyển công tác"
    assert plan.removal_decision == a.decision
    assert "Đã đưa Lục Thị Trẻ ra khỏi quy hoạch" in page
    assert "Lục Thị Trẻ" not in page.split("DANH SÁCH QUY HOẠCH")[1].split("</article>")[0]


def test_a_review_not_kept_removes_the_plan(staff_a, office):
    a = office
    staff_a.post(
        f"/cadres/planning/{a.plan.pk}/review/",
        {
            "year": 2026,
            "kept": "0",
            "note": "Không hoàn thành nhiệm vụ",
            "decision": a.decision.symbol,
        },
    )
    plan = Planning.objects.get(pk=a.plan.pk)
    assert plan.removed_on == date(2026, 12, 31)
    assert plan.removal_reason == "Không hoàn thành nhiệm vụ"
    assert PlanningReview.objects.get(planning=plan).decision == a.decision


def test_the_committee_of_a_term_on_a_day(staff_a, office):
    a = office
    page = staff_a.get(
        "/cadres/committees/",
        {"organization": a.commune.pk, "term": a.old_term.pk, "on": "01/01/2022"},
    ).content.decode()
    assert "Cấp ủy nhiệm kỳ 2020–2025" in page and "cấp ủy có 2 người" in page
    sitting = page.split("<tbody>")[1].split("</tbody>")[0]
    assert sitting.index("Bí thư") < sitting.index("Ủy viên Ban Thường vụ")
    assert "Nông Văn Già" in sitting and "Lục Thị Trẻ" in sitting
    assert "Bổ sung, thôi tham gia trong nhiệm kỳ" in page and "01/10/2020" in page
    before = staff_a.get(
        "/cadres/committees/",
        {"organization": a.commune.pk, "term": a.old_term.pk, "on": "01/01/2020"},
    ).content.decode()
    assert "cấp ủy có 0 người" in before


def test_a_seat_is_added_and_ended_by_decision(staff_a, office):
    a = office
    old = CommitteeSeat.objects.get(cadre=a.old)
    response = staff_a.post(
        f"/cadres/committees/seats/{old.pk}/end/",
        {"on": "31/05/2023", "decision": a.decision.symbol},
        follow=True,
    )
    ended = CommitteeSeat.objects.get(pk=old.pk)
    assert (ended.end, ended.end_decision) == (date(2023, 5, 31), a.decision)
    assert "Đã ghi Nông Văn Già thôi tham gia từ 31/05/2023." in response.content.decode()
    member = a.members[0]
    page = staff_a.post(
        f"/cadres/committees/{a.commune.pk}/seats/",
        {
            "term": a.old_term.pk,
            "person": member.citizen_id,
            "role": "secretary",
            "on": "01/06/2023",
            "decision": a.decision.symbol,
        },
        follow=True,
    ).content.decode()
    seat = CommitteeSeat.objects.get(cadre__member=member)
    assert seat.role == "secretary" and seat.decision == a.decision
    assert "Nguyễn Văn An" in page.split("<tbody>")[1].split("</tbody>")[0]
    changes = page.split("Bổ sung, thôi tham gia trong nhiệm kỳ")[1]
    assert "31/05/2023" in changes and "Thôi tham gia" in changes
    assert f"{a.decision.symbol}</a>" in changes


def test_a_second_secretary_is_refused_and_nothing_written(staff_a, office):
    a = office
    before = CommitteeSeat.objects.count()
    page = staff_a.post(
        f"/cadres/committees/{a.commune.pk}/seats/",
        {"term": a.old_term.pk, "person": "Bế Văn Mới", "role": "secretary", "on": "01/06/2023"},
        follow=True,
    ).content.decode()
    assert "đã có bí thư Nông Văn Già ngày 01/06/2023" in page
    assert CommitteeSeat.objects.count() == before
    outside_term = staff_a.post(
        f"/cadres/committees/{a.commune.pk}/seats/",
        {"term": a.old_term.pk, "person": "Bế Văn Mới", "role": "member", "on": "01/06/2027"},
        follow=True,
    ).content.decode()
    assert "Ngày 01/06/2027 không thuộc nhiệm kỳ 2020–2025." in outside_term
    assert CommitteeSeat.objects.count() == before


def test_the_reelection_list_counts_and_says_the_rule(staff_a, office):
    a = office
    page = staff_a.get(
        "/cadres/reelection/", {"organization": a.commune.pk, "term": a.old_term.pk}
    ).content.decode()
    # Nông Văn Già, born 03/02/1966, retires at 62 on 03/02/2028: 28 months left on 01/10/2025
    assert "<b>1</b> cán bộ không đủ điều kiện tái cử nhiệm kỳ 2020–2025" in page
    assert "Nông Văn Già" in page and "Lục Thị Trẻ" not in page
    assert "Còn 2 năm 4 tháng công tác khi bắt đầu nhiệm kỳ mới, dưới 2 năm 6 tháng" in page
    assert (
        "Quy định: còn ít nhất 2 năm 6 tháng công tác" in page
        and "(chưa đối chiếu văn bản)" in page
    )
    assert "Bí thư: 1" in page
    later = staff_a.get(
        "/cadres/reelection/",
        {"organization": a.commune.pk, "term": a.old_term.pk, "congress": "01/10/2024"},
    ).content.decode()
    assert "<b>0</b> cán bộ không đủ điều kiện tái cử" in later


def test_another_province_gets_nothing_and_writes_nothing(client, office, two_provinces):
    a, b = two_provinces
    client.force_login(b.staff)
    for url in ("/cadres/planning/", "/cadres/committees/", "/cadres/reelection/"):
        assert client.get(url, {"organization": a.commune.pk}).status_code == 404
        own = client.get(url, {"organization": b.province.pk}).content.decode()
        assert "Lục Thị Trẻ" not in own and "Nông Văn Già" not in own
    seat = CommitteeSeat.objects.get(cadre=a.old)
    posts = [
        (
            f"/cadres/planning/add/{a.commune.pk}/",
            {
                "term": a.term.pk,
                "position": a.deputy_post.pk,
                "person": "Bế Văn Mới",
                "on": "02/03/2026",
            },
        ),
        (f"/cadres/planning/{a.plan.pk}/review/", {"year": 2026, "kept": "0", "note": "X"}),
        (f"/cadres/planning/{a.plan.pk}/remove/", {"on": "01/06/2026", "reason": "X"}),
        (
            f"/cadres/committees/{a.commune.pk}/seats/",
            {"term": a.old_term.pk, "person": "Bế Văn Mới", "role": "member", "on": "01/06/2023"},
        ),
        (f"/cadres/committees/seats/{seat.pk}/end/", {"on": "01/06/2023"}),
    ]
    counts = (
        Planning.objects.count(),
        PlanningReview.objects.count(),
        CommitteeSeat.objects.count(),
    )
    for url, data in posts:
        assert client.post(url, data).status_code == 404, url
    assert (
        Planning.objects.count(),
        PlanningReview.objects.count(),
        CommitteeSeat.objects.count(),
    ) == counts
    assert Planning.objects.get(pk=a.plan.pk).removed_on is None
    assert CommitteeSeat.objects.get(pk=seat.pk).end is None


def test_outside_ids_in_a_form_are_refused(client, office, two_provinces, admin):
    """Province B's own page, posted with A's position, cadre, member or decision: nothing."""
    a, b = two_provinces
    client.force_login(b.staff)
    b_post = position_create(
        actor=b.staff, organization=b.commune, title=PositionTitle.objects.get(name="Bí thư")
    )
    before = (Planning.objects.count(), Cadre.objects.count(), CommitteeSeat.objects.count())
    base = {"term": a.term.pk, "on": "02/03/2026"}
    for data in (
        {"position": a.deputy_post.pk, "person": "Bế Văn Mới"},
        {"position": b_post.pk, "person": "Bế Văn Mới"},
        {"position": b_post.pk, "person": a.members[0].citizen_id},
        {"position": b_post.pk, "person": "Nguyễn Văn An"},
    ):
        page = client.post(
            f"/cadres/planning/add/{b.province.pk}/", {**base, **data}, follow=True
        ).content.decode()
        assert "Nguyễn Văn An" not in page.replace("«Nguyễn Văn An»", "")
        assert "Bế Văn Mới" not in page
    page = client.post(
        f"/cadres/committees/{b.province.pk}/seats/",
        {
            "term": a.old_term.pk,
            "person": "Lê Văn Bình",
            "role": "member",
            "on": "01/06/2023",
            "decision": a.decision.symbol,
        },
        follow=True,
    ).content.decode()
    assert f"Sổ văn bản chưa có văn bản số {a.decision.symbol}" in page
    assert (
        Planning.objects.count(),
        Cadre.objects.count(),
        CommitteeSeat.objects.count(),
    ) == before


def test_an_organizations_planning_list_is_its_own_unless_asked_for_its_subtree(staff_a, office):
    a = office
    head = position_create(
        actor=a.staff, organization=a.province, title=PositionTitle.objects.get(name="Bí thư")
    )
    own = staff_a.get(
        "/cadres/planning/", {"organization": a.province.pk, "term": a.plan.term_id}
    ).content.decode()
    assert head.label in own and a.secretary_post.label not in own
    below = staff_a.get(
        "/cadres/planning/", {"organization": a.province.pk, "term": a.plan.term_id, "all": 1}
    ).content.decode()
    assert head.label in below and a.secretary_post.label in below
