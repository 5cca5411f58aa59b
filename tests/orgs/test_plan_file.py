"""A restructuring plan from a file (orgs.services.plan_from_file): references by code, id or
name; preview keeps nothing, apply keeps all; refusals name the step and the field."""

import pytest

from tochuc.core.errors import ServiceError
from tochuc.members.models import Member
from tochuc.orgs.models import Organization, RestructuringPlan
from tochuc.orgs.services import plan_from_file

pytestmark = pytest.mark.django_db


def _spec(a, **params):
    return {
        "title": "Sáp nhập chi bộ",
        "organization": a.province.code,
        "effective_date": "2026-07-01",
        "decision_symbol": "20-QĐ/TU",
        "operations": [
            {"kind": "rename", "params": {"organization": str(a.branch2.pk), "name": "Chi bộ Mới"}},
            {
                "kind": "merge",
                "params": {"sources": [a.branch1.code], "target": a.branch2.name} | params,
            },
        ],
    }


def test_a_preview_keeps_nothing_and_apply_keeps_all(two_provinces):
    a, _ = two_provinces
    done = plan_from_file(actor=a.staff, spec=_spec(a), apply=False)
    assert done["plan"] is None
    after = done["preview"]["after"]
    assert after[str(a.branch2.pk)]["name"] == "Chi bộ Mới"
    assert after[str(a.branch2.pk)]["members"] == 2 and after[str(a.branch1.pk)]["dissolved"]
    assert not RestructuringPlan.objects.exists()
    assert Organization.objects.get(pk=a.branch2.pk).name == "Chi bộ Hành chính"

    done = plan_from_file(actor=a.staff, spec=_spec(a), apply=True)
    plan = RestructuringPlan.objects.get()
    assert done["plan"] == plan.pk and plan.status == "applied" and plan.operations.count() == 2
    assert Member.objects.filter(organization=a.branch2).count() == 2


@pytest.mark.parametrize(
    "change, message",
    [
        (
            {"target": "Chi bộ không có"},
            "Bước 2 (Hợp nhất, sáp nhập), tổ chức hợp nhất vào: Không tìm thấy tổ chức "
            "«Chi bộ không có»",
        ),
        ({"sources": ["B-CB1"]}, "Bước 2 (Hợp nhất, sáp nhập), các tổ chức được hợp nhất:"),
    ],
)
def test_a_wrong_reference_names_its_step_and_field(two_provinces, change, message):
    a, _ = two_provinces
    with pytest.raises(ServiceError) as caught:
        plan_from_file(actor=a.staff, spec=_spec(a, **change), apply=True)
    assert caught.value.text().startswith(message), caught.value.text()
    assert not RestructuringPlan.objects.exists()
    assert Organization.objects.get(pk=a.branch2.pk).name == "Chi bộ Hành chính"


def test_the_file_itself_is_checked(two_provinces):
    a, _ = two_provinces
    spec = _spec(a) | {"effective_date": "01/07/2026"}
    with pytest.raises(ServiceError, match="«effective_date»: «01/07/2026» không phải ngày"):
        plan_from_file(actor=a.staff, spec=spec, apply=False)
    spec = _spec(a)
    spec["operations"][1] = {"kind": "merge"}
    with pytest.raises(ServiceError, match=r"^Bước 2 \(Hợp nhất, sáp nhập\): Mỗi bước cần"):
        plan_from_file(actor=a.staff, spec=spec, apply=False)
    with pytest.raises(ServiceError, match="thiếu «organization»"):
        plan_from_file(actor=a.staff, spec={"operations": []}, apply=False)


def test_a_preview_that_fails_leaves_nothing(two_provinces):
    a, _ = two_provinces
    spec = _spec(a)
    spec["operations"].append(
        {"kind": "move", "params": {"organization": a.branch1.code, "parent": a.school.code}}
    )
    with pytest.raises(ServiceError, match=r"^Bước 3 \(Chuyển trực thuộc\): .* đã giải thể"):
        plan_from_file(actor=a.staff, spec=spec, apply=True)
    assert not RestructuringPlan.objects.exists()
