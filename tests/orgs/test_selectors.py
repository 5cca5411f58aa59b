"""Reading the organization tree: search, lookup, children, breadcrumb, headline figures."""

from __future__ import annotations

import unicodedata

import pytest

from tochuc.core.errors import NotFound
from tochuc.orgs.models import Organization
from tochuc.orgs.selectors import (
    organization_ancestors,
    organization_children,
    organization_find,
    organization_get,
    organization_list,
    organization_roots,
    organization_stats,
    stats_for,
    summary,
)
from tochuc.orgs.services import organization_create

pytestmark = pytest.mark.django_db


def names(orgs) -> list[str]:
    return [o.name for o in orgs]


# --- search -----------------------------------------------------------------------------


def test_search_is_accent_and_case_insensitive(two_provinces, admin):
    a, _ = two_provinces
    for q in [
        "cao bang",
        "Cao Bằng",
        "CAO BANG",
        "tinh cao",
        unicodedata.normalize("NFD", "Cao Bằng"),
    ]:
        assert a.province in organization_list(actor=admin, q=q), q
    assert names(organization_list(actor=admin, q="dang bo tinh cao bang")) == [
        "Đảng bộ tỉnh Cao Bằng"
    ]
    assert names(organization_list(actor=admin, q="đảng bộ tỉnh")) == [
        "Đảng bộ tỉnh Cao Bằng",
        "Đảng bộ tỉnh Lạng Sơn",
    ]
    assert list(organization_list(actor=admin, q="ha noi")) == []


def test_search_by_kind(two_provinces, admin):
    a, b = two_provinces
    found = set(organization_list(actor=admin, kind="grassroots_branch"))
    assert found == {a.village, a.office, b.village, b.office}
    assert list(organization_list(actor=admin, q="thon na", kind="grassroots_branch")) == [
        a.village,  # "Chi bộ thôn Nà Cao Bằng"
        b.village,  # "Chi bộ thôn Nà Lạng Sơn"
    ]
    assert list(organization_list(actor=admin, q="thon na", kind="branch")) == []


def test_search_is_scoped(two_provinces):
    a, b = two_provinces
    assert list(organization_list(actor=a.staff, q="lang son")) == []
    assert list(organization_list(actor=b.staff, q="cao bang")) == []
    everything_a = set(organization_list(actor=a.staff))
    assert len(everything_a) == 8
    assert all(o.path.startswith(a.province.path) for o in everything_a)
    # a name both provinces use: each sees only their own
    assert list(organization_list(actor=a.staff, q="chi bo giao vien")) == [a.branch1]
    assert list(organization_list(actor=b.staff, q="chi bo giao vien")) == [b.branch1]
    assert list(organization_list(actor=a.secretary)) == [a.branch1]


def test_results_start_from_the_top(two_provinces):
    a, _ = two_provinces
    depths = [o.depth for o in organization_list(actor=a.staff)]
    assert depths == sorted(depths)
    assert depths[0] == 0


# --- lookup -----------------------------------------------------------------------------


def test_get_by_id_is_scoped(two_provinces):
    a, b = two_provinces
    assert organization_get(actor=a.staff, pk=a.branch1.pk) == a.branch1
    assert organization_get(actor=a.staff, pk=str(a.branch1.pk)) == a.branch1
    for pk in (b.branch1.pk, b.province.pk, 999_999, "abc", None):
        with pytest.raises(NotFound):
            organization_get(actor=a.staff, pk=pk)
    with pytest.raises(NotFound):
        organization_get(actor=a.secretary, pk=a.branch2.pk)


def test_find_by_id_code_or_exact_name(two_provinces, admin):
    a, b = two_provinces
    assert organization_find(actor=a.staff, ref=str(a.school.pk)) == a.school
    assert organization_find(actor=a.staff, ref="A-CS1") == a.school
    assert organization_find(actor=a.staff, ref=" A-CS1 ") == a.school
    assert organization_find(actor=a.staff, ref="Đảng bộ Trường THPT Cao Bằng") == a.school
    # a name both provinces use is unique within each scope ...
    assert organization_find(actor=a.staff, ref="Chi bộ Giáo viên") == a.branch1
    assert organization_find(actor=b.staff, ref="Chi bộ Giáo viên") == b.branch1
    # ... and ambiguous for whoever sees both: better "not found" than the wrong one
    with pytest.raises(NotFound):
        organization_find(actor=admin, ref="Chi bộ Giáo viên")
    # out of scope by id, by code, by name
    for ref in (str(b.school.pk), "B-CS1", "Đảng bộ Trường THPT Lạng Sơn", "", "không có"):
        with pytest.raises(NotFound):
            organization_find(actor=a.staff, ref=ref)


def test_find_by_name_typed_in_another_normal_form(two_provinces):
    a, _ = two_provinces
    typed = unicodedata.normalize("NFD", "Đảng bộ  Trường THPT Cao Bằng")
    assert organization_find(actor=a.staff, ref=typed) == a.school


def test_roots(two_provinces, admin):
    a, b = two_provinces
    assert set(organization_roots(actor=admin)) == {a.province, b.province}
    assert organization_roots(actor=a.staff) == [a.province]
    assert organization_roots(actor=a.secretary) == [a.branch1]


# --- children and breadcrumb ----------------------------------------------------------------


def test_children(two_provinces):
    a, b = two_provinces
    assert set(organization_children(actor=a.staff, organization=a.province)) == {
        a.commune,
        a.bloc,
    }
    assert set(organization_children(actor=a.staff, organization=a.commune)) == {
        a.school,
        a.village,
    }
    assert organization_children(actor=a.staff, organization=a.branch1) == []
    with pytest.raises(NotFound):
        organization_children(actor=a.staff, organization=b.province)
    with pytest.raises(NotFound):
        organization_children(actor=a.secretary, organization=a.school)


def test_ancestors(two_provinces, admin):
    a, b = two_provinces
    assert organization_ancestors(actor=a.staff, organization=a.branch1) == [
        a.province,
        a.commune,
        a.school,
    ]
    assert organization_ancestors(actor=a.staff, organization=a.province) == []
    # only what the actor may see: a secretary's breadcrumb starts at the branch
    assert organization_ancestors(actor=a.secretary, organization=a.branch1) == []
    # nothing of another province leaks through a breadcrumb
    assert organization_ancestors(actor=a.staff, organization=b.branch1) == []


# --- headline figures -------------------------------------------------------------------


def test_stats_of_a_province(two_provinces):
    a, _ = two_provinces
    stats = organization_stats(actor=a.staff, organization=a.province)
    assert stats["organizations"] == {
        "central": 0,
        "province": 0,
        "upper": 2,
        "grassroots_committee": 1,
        "grassroots_branch": 2,
        "sub_committee": 0,
        "branch": 2,
    }
    assert stats["members"] == {"total": 3, "probationary": 1, "official": 2, "women": 1}
    assert stats["summary"] == (
        "2 đảng bộ cấp trên cơ sở, 3 TCCSĐ (1 đảng bộ cơ sở, 2 chi bộ cơ sở), "
        "2 chi bộ trực thuộc, 3 đảng viên"
    )


def test_stats_of_lower_levels(two_provinces):
    a, _ = two_provinces
    school = organization_stats(actor=a.staff, organization=a.school)
    assert school["summary"] == "2 chi bộ trực thuộc, 2 đảng viên"
    assert school["members"] == {"total": 2, "probationary": 0, "official": 2, "women": 1}
    branch = organization_stats(actor=a.secretary, organization=a.branch1)
    assert branch["summary"] == "1 đảng viên"
    assert sum(branch["organizations"].values()) == 0


def test_stats_are_scoped(two_provinces):
    a, b = two_provinces
    with pytest.raises(NotFound):
        organization_stats(actor=a.staff, organization=b.province)
    with pytest.raises(NotFound):
        organization_stats(actor=a.secretary, organization=a.school)


def test_stats_of_the_whole_country(two_provinces, admin):
    central = organization_create(actor=admin, name="Trung ương", kind="central", parent=None)
    a, b = two_provinces
    from tochuc.orgs.services import organization_move

    organization_move(actor=admin, organization=a.province, new_parent=central)
    organization_move(actor=admin, organization=b.province, new_parent=central)
    stats = organization_stats(actor=admin, organization=Organization.objects.get(pk=central.pk))
    assert stats["summary"] == (
        "2 đảng bộ tỉnh, thành phố, 4 đảng bộ cấp trên cơ sở, "
        "6 TCCSĐ (2 đảng bộ cơ sở, 4 chi bộ cơ sở), 4 chi bộ trực thuộc, 4 đảng viên"
    )


def test_summary_sentence_with_thousands():
    kinds = {
        "central": 0,
        "province": 0,
        "upper": 22,
        "grassroots_committee": 406,
        "grassroots_branch": 397,
        "sub_committee": 1200,
        "branch": 12345,
    }
    members = {"total": 74_600, "probationary": 0, "official": 0, "women": 0}
    assert summary(kinds, members) == (
        "22 đảng bộ cấp trên cơ sở, 803 TCCSĐ (406 đảng bộ cơ sở, 397 chi bộ cơ sở), "
        "1.200 đảng bộ bộ phận, 12.345 chi bộ trực thuộc, 74.600 đảng viên"
    )
    empty = dict.fromkeys(kinds, 0)
    assert summary(empty, {"total": 0}) == "0 đảng viên"


def test_a_tree_level_renders_with_one_query(two_provinces, django_assert_num_queries):
    a, b = two_provinces
    level = list(Organization.objects.filter(parent__isnull=False, depth=1).order_by("pk"))
    assert len(level) == 4
    with django_assert_num_queries(1):
        rendered = stats_for(level)
    assert rendered[a.commune.pk]["members"]["total"] == 3
    assert rendered[a.bloc.pk]["members"]["total"] == 0
    assert rendered[b.bloc.pk]["members"]["total"] == 1
    assert rendered[a.commune.pk]["summary"] == (
        "2 TCCSĐ (1 đảng bộ cơ sở, 1 chi bộ cơ sở), 2 chi bộ trực thuộc, 3 đảng viên"
    )
    deeper = list(Organization.objects.filter(depth__gte=2))
    with django_assert_num_queries(1):
        stats_for(deeper)
    with django_assert_num_queries(0):
        assert stats_for([]) == {}


def test_stats_of_one_organization_take_two_queries(two_provinces, django_assert_num_queries):
    a, _ = two_provinces
    with django_assert_num_queries(2):  # the actor's scope, the counts
        organization_stats(actor=a.staff, organization=a.province)
    with django_assert_num_queries(1):  # the scope is read once per user object (request)
        organization_stats(actor=a.staff, organization=a.school)


def test_the_figures_at_a_date_come_from_the_people(two_provinces, monkeypatch):
    """organization_stats_on asks orgs.people for the members of that day: whatever answers."""
    from collections import Counter
    from datetime import date

    from tochuc.orgs import selectors
    from tochuc.orgs.models import OrganizationVersion
    from tochuc.orgs.people import people

    a, _ = two_provinces
    OrganizationVersion.objects.update(start_date=date(2000, 1, 1))
    answers = Counter({("member", "total"): 7, ("status", "official"): 5, ("gender", "female"): 2})
    monkeypatch.setattr(type(people()), "counts_at", lambda self, org, on: answers)
    stats = selectors.organization_stats_on(
        actor=a.staff, organization=a.commune, on=date(2020, 1, 1)
    )
    assert stats["members"] == {"total": 7, "probationary": 0, "official": 5, "women": 2}
