"""core.actions: a state change's scope check, locked row, audit row and one transaction."""

import pytest

from tochuc.core.actions import action
from tochuc.core.errors import NotFound, ServiceError
from tochuc.core.models import AuditEvent
from tochuc.members.models import Member

pytestmark = pytest.mark.django_db


def test_the_body_works_on_the_locked_row_and_the_audit_row_holds_what_changed(two_provinces):
    a, _ = two_provinces
    member = a.members[0]
    stale = Member.objects.get(pk=member.pk)
    Member.objects.filter(pk=member.pk).update(phone="0911111111")
    with action(actor=a.staff, name="member.test", target=stale, fields=["phone"]) as act:
        assert act.row.phone == "0911111111"  # read afresh, not the stale copy
        act.row.phone = "0987000222"
        act.row.save(update_fields=["phone"])
        act.after["note"] = "x"
    audit = AuditEvent.objects.get(action="member.test")
    assert audit.target_id == member.pk
    assert audit.before == {"phone": "0911111111"}
    assert audit.after == {"phone": "0987000222", "note": "x"}


def test_a_refusal_leaves_nothing_behind(two_provinces):
    a, b = two_provinces
    member = a.members[0]
    with (
        pytest.raises(ServiceError),
        action(actor=a.staff, name="member.test", target=member, fields=["phone"]) as act,
    ):
        act.row.phone = "0987000222"
        act.row.save(update_fields=["phone"])
        raise ServiceError("không")
    assert Member.objects.get(pk=member.pk).phone == member.phone
    # Outside the actor's scope: refused before anything is read.
    with pytest.raises(NotFound), action(actor=b.staff, name="member.test", target=member):
        pass
    assert not AuditEvent.objects.filter(action="member.test").exists()
