"""Committees per term (who sat on it on any day) and political-standard clearance: the
permission, the audit of every read, the counts by purpose as seed 001 writes them."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import Permission

from tests.factories import make_user
from tochuc.cadres.models import ClearancePurpose, CommitteeSeat
from tochuc.cadres.selectors import clearance_counts, clearance_get, clearance_sentence
from tochuc.cadres.services import (
    cadre_create,
    clearance_conclude,
    clearance_open,
    seat_add,
    seat_end,
    seats_on,
)
from tochuc.core.errors import NotFound, ServiceError
from tochuc.core.models import AuditEvent
from tochuc.orgs.models import Term

pytestmark = pytest.mark.django_db


def cadre(actor, org, name):
    return cadre_create(
        actor=actor, organization=org, full_name=name, birth_date=date(1978, 4, 2), gender="male"
    )


def test_any_date_shows_who_sat_on_the_committee(two_provinces):
    a, _ = two_provinces
    term = Term.objects.get(name="2025–2030")
    first, second = (
        cadre(a.staff, a.commune, "Lò Văn Nhất"),
        cadre(a.staff, a.commune, "Lò Văn Nhì"),
    )
    s1 = seat_add(
        actor=a.staff,
        organization=a.commune,
        term=term,
        cadre=first,
        role="secretary",
        on=date(2025, 7, 1),
    )
    with pytest.raises(ServiceError, match="đã có bí thư Lò Văn Nhất ngày 01/09/2026"):
        seat_add(
            actor=a.staff,
            organization=a.commune,
            term=term,
            cadre=second,
            role="secretary",
            on=date(2026, 9, 1),
        )
    seat_end(actor=a.staff, seat=s1, on=date(2026, 8, 31))
    seat_add(
        actor=a.staff,
        organization=a.commune,
        term=term,
        cadre=second,
        role="secretary",
        on=date(2026, 9, 1),
    )

    def who(on):
        return [s.cadre.full_name for s in seats_on(a.commune, on).filter(role="secretary")]

    assert who(date(2026, 8, 31)) == ["Lò Văn Nhất"]
    assert who(date(2026, 9, 1)) == ["Lò Văn Nhì"]
    assert who(date(2025, 6, 30)) == []
    with pytest.raises(ServiceError, match="không thuộc nhiệm kỳ 2025–2030"):
        seat_add(
            actor=a.staff,
            organization=a.commune,
            term=term,
            cadre=first,
            role="member",
            on=date(2031, 1, 1),
        )
    assert CommitteeSeat.objects.count() == 2


@pytest.fixture
def cleared(two_provinces):
    a, b = two_provinces
    right = Permission.objects.get(codename="see_clearance")
    a.vetter = make_user("vetter_a", "staff", a.province)
    a.vetter.user_permissions.add(right)
    b.vetter = make_user("vetter_b", "staff", b.province)
    b.vetter.user_permissions.add(right)
    return a, b


def test_clearance_is_for_the_permission_only_and_every_read_is_audited(cleared):
    a, b = cleared
    purpose = ClearancePurpose.objects.get(name="Nhân sự đại hội")
    with pytest.raises(NotFound):  # a staff user without the right: not even that it exists
        clearance_open(
            actor=a.staff,
            organization=a.province,
            purpose=purpose,
            requested_on=date(2026, 1, 5),
            full_name="Vi Văn Xét",
        )
    case = clearance_open(
        actor=a.vetter,
        organization=a.province,
        purpose=purpose,
        requested_on=date(2026, 1, 5),
        full_name="Vi Văn Xét",
        birth_date=date(1980, 1, 1),
    )
    for outsider in (a.staff, b.vetter):
        with pytest.raises(NotFound):
            clearance_get(outsider, case.pk)
    assert clearance_get(a.vetter, case.pk) == case
    assert AuditEvent.objects.filter(action="clearance.view", target_id=case.pk).count() == 1
    with pytest.raises(ServiceError, match="trước ngày đề nghị 05/01/2026"):
        clearance_conclude(actor=a.vetter, case=case, result="clear", concluded_on=date(2026, 1, 4))
    clearance_conclude(actor=a.vetter, case=case, result="clear", concluded_on=date(2026, 2, 1))
    with pytest.raises(ServiceError, match="đã kết luận ngày 01/02/2026"):
        clearance_conclude(actor=a.vetter, case=case, result="clear", concluded_on=date(2026, 2, 2))
    with pytest.raises(NotFound):
        clearance_counts(a.staff, date(2026, 1, 1), date(2026, 12, 31))


def test_counts_by_purpose_give_seed_001s_sentence(cleared):
    a, b = cleared
    wanted = {
        "Nhân sự đại hội": 4,
        "Quy hoạch cấp ủy": 2,
        "Bổ nhiệm cán bộ và kết nạp Đảng": 1,
    }
    for name, n in wanted.items():
        purpose = ClearancePurpose.objects.get(name=name)
        for i in range(n):
            case = clearance_open(
                actor=a.vetter,
                organization=a.commune,
                purpose=purpose,
                requested_on=date(2026, 3, 1),
                full_name=f"Người {name} {i}",
            )
            clearance_conclude(
                actor=a.vetter, case=case, result="clear", concluded_on=date(2026, 3, 10)
            )
    other = clearance_open(
        actor=b.vetter,
        organization=b.province,
        purpose=purpose,
        requested_on=date(2026, 3, 1),
        full_name="Ở tỉnh khác",
    )
    clearance_conclude(actor=b.vetter, case=other, result="clear", concluded_on=date(2026, 3, 2))
    counts = clearance_counts(a.vetter, date(2026, 1, 1), date(2026, 12, 31))
    assert sum(n for _, n in counts) == 7
    assert clearance_sentence(counts) == (
        "Kết luận tiêu chuẩn chính trị 7 trường hợp. Trong đó, có 4 trường hợp nhân sự đại hội; "
        "2 trường hợp quy hoạch cấp ủy; 1 trường hợp bổ nhiệm cán bộ và kết nạp Đảng."
    )
    assert AuditEvent.objects.filter(action="clearance.counts").exists()
