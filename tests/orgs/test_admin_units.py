"""Loading the real administrative units as Party organizations (tochuc orgs load-admin-units)."""

from datetime import date

import pytest

from tochuc.core.errors import ServiceError
from tochuc.members.counters import stats_drift
from tochuc.orgs.models import Organization, OrganizationEvent, path_segment
from tochuc.orgs.selectors import organization_stats
from tochuc.orgs.services import organization_create
from tochuc.orgs.services.admin_units import load_admin_units, wards

pytestmark = pytest.mark.django_db


def test_one_province_with_its_communes(admin):
    result = load_admin_units(province="cao bang")

    province = Organization.objects.get(code="T04")
    assert (province.name, province.kind, province.admin_unit_code) == (
        "Đảng bộ tỉnh Cao Bằng",
        "province",
        "4",
    )
    assert (province.parent_id, province.depth, province.path) == (
        None,
        0,
        path_segment(province.pk),
    )
    communes = list(Organization.objects.filter(parent=province))
    assert len(communes) == len(wards(4)) == 56
    assert result == {"created": 57, "existing": 0}
    for commune in communes:
        assert commune.kind == "upper"
        assert commune.depth == 1
        assert commune.path == province.path + path_segment(commune.pk)
        assert commune.code == f"X{int(commune.admin_unit_code):05d}"
        assert commune.name.startswith(("Đảng bộ xã ", "Đảng bộ phường "))
    thuc_phan = Organization.objects.get(code="X01273")
    assert thuc_phan.name == "Đảng bộ phường Thục Phán"
    assert thuc_phan.search_key == "dang bo phuong thuc phan"
    assert (
        OrganizationEvent.objects.filter(kind="create", effective_date=date(2025, 7, 1)).count()
        == 57
    )
    stats = organization_stats(actor=admin, organization=province)
    assert stats["organizations"]["upper"] == 56
    assert stats_drift() == []


def test_running_again_creates_nothing(db):
    load_admin_units(province="Cao Bằng")
    again = load_admin_units(province="Tỉnh Cao Bằng")

    assert again == {"created": 0, "existing": 57}
    assert Organization.objects.count() == 57


def test_city_and_special_zone_names(db):
    load_admin_units(province="Thành phố Hà Nội")
    load_admin_units(province="an giang")

    assert Organization.objects.get(code="T01").name == "Đảng bộ thành phố Hà Nội"
    assert Organization.objects.filter(parent__code="T01", name="Đảng bộ phường Hoàn Kiếm").exists()
    assert Organization.objects.filter(parent__code="T91", name="Đảng bộ đặc khu Phú Quốc").exists()


def test_unknown_province_is_refused_in_vietnamese(db):
    with pytest.raises(ServiceError) as caught:
        load_admin_units(province="Hà Lội")

    assert "Không tìm thấy tỉnh, thành phố nào có tên «Hà Lội»" in caught.value.text()
    assert "Cao Bằng" in caught.value.text()  # the message lists the names to choose from
    assert not Organization.objects.exists()


def test_the_tree_keeps_working_after_a_bulk_load(admin):
    before = organization_create(
        actor=admin, name="Đảng bộ Khối thử", kind="province", parent=None, code="K"
    )
    load_admin_units(province="Cao Bằng")
    commune = Organization.objects.get(code="X01273")

    # Ids reserved by the bulk load are not handed out again by the ordinary service.
    village = organization_create(
        actor=admin, name="Chi bộ tổ dân phố số 1", kind="grassroots_branch", parent=commune
    )
    assert village.pk > commune.pk > before.pk
    assert village.path == commune.path + path_segment(village.pk)
    assert (
        organization_stats(actor=admin, organization=commune)["organizations"]["grassroots_branch"]
        == 1
    )
    assert stats_drift() == []


def test_a_bulk_load_leaves_an_audit_row_per_province(db):
    from tochuc.core.models import AuditEvent

    load_admin_units(province="cao bang")
    load_admin_units(province="cao bang")  # nothing new: no second row
    rows = list(AuditEvent.objects.filter(action="organization.load_admin_units"))
    assert len(rows) == 1
    assert rows[0].target_label == "Đảng bộ tỉnh Cao Bằng" and rows[0].after["created"] == 57
