"""The statistics engine against a hand-built province whose answers are known."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from tests.factories import make_member
from tochuc.core.errors import NotFound
from tochuc.members.counters import member_counts_at, stats_drift
from tochuc.members.models import AdmissionTarget, Member
from tochuc.members.selectors import admission_target, member_list
from tochuc.members.services import member_death, member_exempt, member_remove
from tochuc.reports.selectors import report_figures, report_tables

pytestmark = pytest.mark.django_db


def today() -> date:
    return date.today()


def year() -> int:
    return today().year


@pytest.fixture
def province(two_provinces, admin):
    """Province A of two_provinces (An, Ánh, Dũng) and four more members of known make-up."""
    a, b = two_provinces
    a.mai = make_member(
        admin,
        a.office,
        full_name="Lò Thị Mai",
        gender="female",
        ethnicity="Tày",
        religion="Phật giáo",
        youth_union=True,
        birth_date=date(year() - 25, 6, 1),
        admission_date=date(year(), 1, 15),
        official_date=None,
        status="probationary",
        occupation="Giáo viên",
        education_level="dai_hoc",
        theory_level="so_cap",
    )
    a.hung = make_member(
        admin,
        a.office,
        full_name="Nông Văn Hùng",
        ethnicity="Nùng",
        birth_date=date(year() - 72, 3, 3),
        occupation="Giáo viên nghỉ hưu",
        theory_level="cao_cap",
    )
    a.lan = make_member(
        admin, a.village, full_name="Đinh Thị Lan", gender="female", occupation="Nông dân"
    )
    member_exempt(
        actor=admin, member=a.hung, effective_date=date(year() - 1, 5, 1), document_symbol="1-QĐ"
    )
    gone = make_member(admin, a.village, full_name="Vi Văn Khánh", occupation="Nông dân")
    member_remove(
        actor=admin,
        member=gone,
        reason="absence",
        effective_date=date(year() - 1, 9, 1),
        document_symbol="2-QĐ",
    )
    AdmissionTarget.objects.create(organization=a.province, year=year(), target=4)
    return a, b


def _table(figures, key):
    return next(t for t in report_tables(figures) if t.key == key)


def _values(cells):
    return [c.value for c in cells]


def test_figures_of_a_province_by_child(province):
    a, _ = province
    f = report_figures(actor=a.staff, organization=a.province)
    assert [r.name for r in f.rows] == [a.bloc.name, a.commune.name]
    # An, Ánh, Dũng, Lan under the commune; Mai and Hùng (exempted, still counted) in the bloc;
    # Khánh removed, not counted.
    members = _table(f, "dang-vien")
    assert members.headers[:4] == ["Tổng số", "Chính thức", "Dự bị", "Nữ"]
    bloc, commune = members.rows
    assert _values(commune[1]) == [4, 3, 1, 2, 0, 0, 0, 0]
    assert _values(bloc[1]) == [2, 1, 1, 1, 2, 1, 1, 1]
    assert _values(members.total[1]) == [6, 4, 2, 3, 2, 1, 1, 1]

    orgs = _table(f, "to-chuc")
    # commune: itself (upper), school (grassroots committee) with two branches, village
    # (grassroots branch); each row counts its child too, so the rows add up to the total
    assert _values(orgs.rows[1][1]) == [1, 2, 1, 1, 0, 2]
    assert _values(orgs.total[1]) == [2, 3, 1, 2, 0, 2]


def test_age_bands_and_average_age(province):
    a, _ = province
    f = report_figures(actor=a.staff, organization=a.province)
    ages = _table(f, "do-tuoi")
    assert ages.headers == [
        "18–30",
        "31–40",
        "41–50",
        "51–60",
        "61–70",
        "Trên 70",
        "Tuổi bình quân",
    ]
    # born 1985 (An, Dũng, Lan), 1990 (Ánh), year()-25 (Mai), year()-72 (Hùng)
    by_age = sorted([year() - 1985] * 3 + [year() - 1990, 25, 72])
    bands = [(18, 30), (31, 40), (41, 50), (51, 60), (61, 70), (71, 200)]
    expected = [sum(1 for x in by_age if lo <= x <= hi) for lo, hi in bands]
    average = (Decimal(sum(by_age)) / 6).quantize(Decimal("0.1"))
    assert _values(ages.total[1]) == expected + [average]


def test_levels_and_occupations(province):
    a, _ = province
    f = report_figures(actor=a.staff, organization=a.province)
    education = dict(
        zip(_table(f, "chuyen-mon").headers, _values(_table(f, "chuyen-mon").total[1]), strict=True)
    )
    assert education["Đại học"] == 1 and education["Chưa qua đào tạo"] == 5
    theory = dict(
        zip(_table(f, "ly-luan").headers, _values(_table(f, "ly-luan").total[1]), strict=True)
    )
    assert theory["Cao cấp"] == 1 and theory["Sơ cấp"] == 1 and theory["Chưa qua đào tạo"] == 4
    jobs = dict(
        zip(
            _table(f, "nghe-nghiep").headers,
            _values(_table(f, "nghe-nghiep").total[1]),
            strict=True,
        )
    )
    assert jobs["Cán bộ, công chức, viên chức"] == 1  # Mai, teacher
    assert jobs["Hưu trí"] == 1  # Hùng, retired teacher
    assert jobs["Nông dân"] == 1  # Lan (Khánh removed)
    assert jobs["Khác"] == 3  # no occupation written
    assert sum(jobs.values()) == 6


def test_admissions_of_the_year_against_target(province):
    a, _ = province
    f = report_figures(actor=a.staff, organization=a.province)
    admitted = _table(f, "ket-nap")
    # Mai this year (a woman, Tày, Buddhist, Youth Union); Dũng on 03/02/2026
    dung = 1 if year() == 2026 else 0
    assert _values(admitted.total[1]) == [1 + dung, 1, 1, 1, 1]
    assert f.target == 4


def test_an_admission_stays_an_admission_of_its_year(province, admin):
    """A member admitted this year who has since died is no longer counted among the members,
    but still among the year's admissions: on the dashboard, at a past date, in the list
    behind the figure and on the admission board, which all agree."""
    a, _ = province
    first = report_figures(actor=a.staff, organization=a.province)
    tuan = make_member(
        admin,
        a.village,
        full_name="Hà Văn Tuấn",
        admission_date=date(year(), 1, 2),
        status="probationary",
        official_date=None,
    )
    member_death(
        actor=admin, member=tuan, effective_date=date(year(), 1, 3), document_symbol="3-QĐ"
    )
    after = report_figures(actor=a.staff, organization=a.province)
    assert after.total.n("member", "total") == first.total.n("member", "total")
    assert (
        after.total.admitted[("member", "total")] == first.total.admitted[("member", "total")] + 1
    )
    board = admission_target(actor=a.staff, organization=a.province, year=year())
    assert board["admitted"] == after.total.admitted[("member", "total")]
    cell = _table(after, "ket-nap").total[1][0]
    params = dict(cell.drill)
    params.pop("organization")
    assert tuan in member_list(actor=a.staff, organization=a.province, **params)
    if date(year(), 1, 3) < today():  # a past date after the death, within the year
        past = report_figures(actor=a.staff, organization=a.province, on=date(year(), 1, 3))
        cell = _table(past, "ket-nap").total[1][0]
        params = dict(cell.drill, on=past.on)
        params.pop("organization")
        assert tuan in member_list(actor=a.staff, organization=a.province, **params)
        assert cell.value == len(member_list(actor=a.staff, organization=a.province, **params))


def test_every_figure_drills_down_to_its_list(province):
    """The list behind each member figure has exactly as many people as the figure."""
    a, _ = province
    f = report_figures(actor=a.staff, organization=a.province)
    checked = 0
    for table in report_tables(f):
        if table.of != "members":
            continue
        for _, cells in [*table.rows, table.total]:
            for cell in cells:
                if cell.drill is None:
                    continue
                params = dict(cell.drill)
                org = a.province.__class__.objects.get(pk=params.pop("organization"))
                found = member_list(actor=a.staff, organization=org, **params)
                assert found.count() == cell.value, (table.key, params)
                checked += 1
    assert checked > 40


def test_a_past_date_is_the_tree_and_placements_of_that_day(province, admin):
    a, _ = province
    before = date(year() - 1, 12, 31)
    f = report_figures(actor=a.staff, organization=a.province, on=before)
    assert f.past
    # Mai (admitted this year) and Dũng (2026) were not yet members; Khánh was removed.
    total = _values(_table(f, "dang-vien").total[1])
    expected_total = 6 - 1 - (1 if year() == 2026 else 0)
    assert total[0] == expected_total
    assert total[0] == member_counts_at(a.province, before)[("member", "total")]
    # and later events do not change it
    member_remove(
        actor=admin,
        member=Member.objects.get(pk=a.lan.pk),
        reason="absence",
        effective_date=today(),
        document_symbol="3-QĐ",
    )
    again = report_figures(actor=a.staff, organization=a.province, on=before)
    assert _values(_table(again, "dang-vien").total[1]) == total
    # the drill-down of a past figure lists those people
    cell = _table(again, "dang-vien").total[1][0]
    assert cell.drill["on"] == before.strftime("%d/%m/%Y")
    params = dict(cell.drill)
    params.pop("organization")
    params["on"] = before
    assert member_list(actor=a.staff, organization=a.province, **params).count() == total[0]


def test_today_from_counters_equals_today_from_placements(province):
    """The two sources of the engine agree: the rolled-up counts and the placements."""
    a, _ = province
    assert stats_drift() == []
    for org in (a.province, a.commune, a.bloc, a.office):
        f = report_figures(actor=a.staff, organization=org)
        stored = {k: v for k, v in f.total.counts.items() if v}
        assert stored == {k: v for k, v in member_counts_at(org, today()).items() if v}


def test_scope(province):
    a, b = province
    with pytest.raises(NotFound):
        report_figures(actor=b.staff, organization=a.province)
    with pytest.raises(NotFound):
        report_figures(actor=a.secretary, organization=a.province)
    f = report_figures(actor=a.secretary, organization=a.branch1)
    assert _values(_table(f, "dang-vien").total[1])[0] == 1


@pytest.mark.parametrize(
    ("occupation", "group"),
    [
        ("Giáo viên", "can_bo"),
        ("Giáo viên nghỉ hưu", "huu_tri"),
        ("Sĩ quan Công an nhân dân", "vu_trang"),
        ("Bộ đội xuất ngũ", "khac"),
        ("Công nhân", "cong_nhan"),
        ("Nông dân", "nong_dan"),
        ("Buôn bán", "kinh_doanh"),
        ("Sinh viên", "hoc_sinh"),
        ("Nội trợ", "khac"),
        ("", "khac"),
        ("KHÔNG", "khac"),  # "không" is not "nông"
    ],
)
def test_occupation_groups(occupation, group):
    from tochuc.members.reference import occupation_group

    assert occupation_group(occupation) == group
