"""Creating and editing member records: validation, uniqueness, audit, counts, scope."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from tests.core.test_text import vietnamese_text_st
from tests.factories import citizen_id_for, make_member
from tochuc.core.errors import Forbidden, NotFound, ServiceError
from tochuc.core.models import AuditEvent
from tochuc.core.text import person_sort_key
from tochuc.members.counters import stats_drift
from tochuc.members.models import Member
from tochuc.members.selectors import member_list
from tochuc.members.services import member_create, member_update
from tochuc.members.services import records as member_services
from tochuc.orgs.models import SubtreeCount
from tochuc.orgs.selectors import organization_stats

pytestmark = pytest.mark.django_db


def valid_fields(**changes) -> dict:
    data = {
        "full_name": "Trần Thị Bích Ngọc",
        "gender": "female",
        "birth_date": date(1992, 8, 20),
        "admission_date": date(2015, 3, 26),
        "official_date": date(2016, 3, 26),
        "status": "official",
        "ethnicity": "Tày",
        "religion": "Không",
        "party_card_number": "51012345",
        "phone": "0912 345 678",
        "education_level": "dai_hoc",
        "theory_level": "trung_cap",
        "occupation": "Giáo viên",
    }
    data.update(changes)
    if "citizen_id" not in changes:
        data["citizen_id"] = citizen_id_for(data["gender"], data["birth_date"])
    return data


def snapshot():
    """Everything a member change may write."""
    return (
        list(Member.objects.order_by("pk").values()),
        sorted(SubtreeCount.objects.values_list("organization_id", "dimension", "value", "count")),
        AuditEvent.objects.count(),
    )


def members_of(admin, org) -> dict:
    return organization_stats(actor=admin, organization=org)["members"]


# --- create -----------------------------------------------------------------------------


def test_a_valid_record_is_saved_with_its_derived_keys(two_provinces, admin):
    a, _ = two_provinces
    before = members_of(admin, a.province)
    fields = valid_fields(full_name="  Trần  Thị Bích   Ngọc ")
    member = member_create(actor=a.staff, organization=a.branch2, **fields)
    saved = Member.objects.get(pk=member.pk)
    assert saved.full_name == "Trần Thị Bích Ngọc"
    assert (saved.family_name, saved.middle_name, saved.given_name) == ("Trần", "Thị Bích", "Ngọc")
    assert saved.search_key == "tran thi bich ngoc"
    assert saved.sort_key == person_sort_key("Trần Thị Bích Ngọc", date(1992, 8, 20))
    assert saved.phone == "0912345678"  # spaces typed between digit groups are dropped
    assert saved.citizen_id == fields["citizen_id"]
    assert saved.organization_id == a.branch2.pk
    after = members_of(admin, a.province)
    assert after["total"] == before["total"] + 1
    assert after["women"] == before["women"] + 1
    assert after["official"] == before["official"] + 1
    assert members_of(admin, a.branch2)["total"] == 2
    assert stats_drift() == []
    audit = AuditEvent.objects.get(action="member.create", target_id=member.pk)
    assert audit.actor == a.staff
    assert audit.target_type == "member"
    assert audit.after["full_name"] == "Trần Thị Bích Ngọc"
    assert audit.after["birth_date"] == "1992-08-20"
    assert saved in member_list(actor=a.staff, q="bich ngoc")


def test_members_of_other_peoples_are_saved(two_provinces):
    a, _ = two_provinces
    for name, ethnicity in [
        ("H'Hen Niê", "Ê Đê"),
        ("Y Ngông Niê Kdăm", "Ê Đê"),
        ("Ksor H’Nhí", "Gia Rai"),
    ]:
        member = member_create(
            actor=a.staff,
            organization=a.village,
            **valid_fields(full_name=name, ethnicity=ethnicity, party_card_number=None),
        )
        assert Member.objects.get(pk=member.pk).full_name == name
    assert member_list(actor=a.staff, q="hhen").get().full_name == "H'Hen Niê"
    assert member_list(actor=a.staff, q="h'nhi").get().full_name == "Ksor H’Nhí"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"full_name": ""}, "full_name"),
        ({"full_name": "Nguyễn Văn 3"}, "full_name"),
        ({"full_name": "Nguyễn " + "Văn " * 40 + "An"}, "full_name"),  # > 128 characters
        ({"gender": "other"}, "gender"),
        ({"birth_date": None, "citizen_id": None}, "birth_date"),
        ({"admission_date": date(2009, 8, 20)}, "admission_date"),  # 16 years old
        (
            {"admission_date": date(2099, 1, 1), "official_date": None, "status": "probationary"},
            "admission_date",
        ),
        ({"official_date": date(2015, 12, 1)}, "official_date"),
        ({"official_date": None}, "official_date"),
        ({"status": "retired"}, "status"),
        ({"ethnicity": "Việt"}, "ethnicity"),
        ({"religion": "Thờ cúng"}, "religion"),
        ({"citizen_id": "123"}, "citizen_id"),
        ({"citizen_id": "004085000001"}, "citizen_id"),  # male, 1985: not this woman
        ({"party_card_number": "AB-12"}, "party_card_number"),
        ({"phone": "12345"}, "phone"),
        ({"education_level": "giao_su"}, "education_level"),
        ({"theory_level": "x" * 20}, "theory_level"),
        ({"occupation": "x" * 129}, "occupation"),
        ({"birth_place": "x" * 256}, "birth_place"),
        ({"youth_union": None}, "youth_union"),
    ],
)
def test_each_invalid_field_is_named_in_vietnamese(two_provinces, changes, field):
    a, _ = two_provinces
    before = snapshot()
    with pytest.raises(ServiceError) as caught:
        member_create(actor=a.staff, organization=a.branch1, **valid_fields(**changes))
    assert list(caught.value.errors) == [field]
    for message in caught.value.errors[field]:
        assert message[0].isupper() and message.endswith(".")
        assert any(ch in message for ch in "ăâđêôơưáàảãạếềểễệíìốồộớờởúùụứừ"), message
    assert snapshot() == before


def test_unknown_fields_are_refused(two_provinces):
    a, _ = two_provinces
    with pytest.raises(ServiceError) as caught:
        member_create(actor=a.staff, organization=a.branch1, **valid_fields(salary=10))
    assert caught.value.errors == {"": ["Không có trường: salary."]}


def test_the_longest_name_the_record_holds_is_saved(two_provinces):
    a, _ = two_provinces
    name = "Tôn Nữ " + " ".join(["Huỳnh Hướng Dương"] * 6) + " Ngọc"  # 121 characters
    assert len(name) <= 128
    member = member_create(
        actor=a.staff,
        organization=a.branch1,
        **valid_fields(full_name=name, party_card_number=None),
    )
    saved = Member.objects.get(pk=member.pk)
    assert saved.full_name == name
    assert saved.given_name == "Ngọc"
    assert saved in member_list(actor=a.staff, q="huong duong huynh")


def test_duplicate_citizen_id_and_party_card_are_refused(two_provinces):
    a, b = two_provinces
    taken = a.members[0]
    before = snapshot()
    with pytest.raises(ServiceError) as caught:
        make_member(a.staff, a.branch2, full_name="Lê Văn Bảy", citizen_id=taken.citizen_id)
    assert caught.value.errors == {
        "citizen_id": [f"Số CCCD {taken.citizen_id} đã có trong hồ sơ một đảng viên khác."]
    }
    # held outside the actor's scope: refused without saying it belongs to anyone (issue #23)
    with pytest.raises(ServiceError) as caught:
        make_member(b.staff, b.office, full_name="Lê Văn Bảy", citizen_id=taken.citizen_id)
    assert caught.value.errors == {
        "citizen_id": [
            f"Số CCCD {taken.citizen_id} không dùng được: kiểm tra lại số. Đảng viên chuyển "
            "đến từ nơi khác được tiếp nhận bằng chức năng chuyển sinh hoạt đảng."
        ]
    }
    first = member_create(actor=a.staff, organization=a.branch1, **valid_fields())
    before = snapshot()
    with pytest.raises(ServiceError) as caught:
        member_create(
            actor=b.staff,
            organization=b.office,
            **valid_fields(full_name="Lê Thị Tám", party_card_number="51 012 345"),
        )
    assert caught.value.errors == {
        "party_card_number": [
            "Số thẻ đảng viên 51012345 không dùng được: kiểm tra lại số. Đảng viên chuyển đến "
            "từ nơi khác được tiếp nhận bằng chức năng chuyển sinh hoạt đảng."
        ]
    }
    assert snapshot() == before
    # changing another record to the same numbers is refused as well
    twin = make_member(a.staff, a.branch1, full_name="Phạm Văn Hai")  # male, 1985, like An
    before = snapshot()
    with pytest.raises(ServiceError) as caught:
        member_update(
            actor=a.staff,
            member=twin,
            changes={"citizen_id": taken.citizen_id, "party_card_number": first.party_card_number},
        )
    assert set(caught.value.errors) == {"citizen_id", "party_card_number"}
    assert snapshot() == before


@pytest.mark.parametrize("org_attr", ["school", "commune", "province", "bloc"])
def test_members_belong_to_a_branch(two_provinces, org_attr):
    a, _ = two_provinces
    org = getattr(a, org_attr)
    before = snapshot()
    with pytest.raises(ServiceError) as caught:
        member_create(actor=a.staff, organization=org, **valid_fields())
    (message,) = caught.value.errors["organization"]
    assert f"«{org.name}»" in message and "chi bộ" in message
    assert snapshot() == before


def test_grassroots_and_subordinate_branches_take_members(two_provinces):
    a, _ = two_provinces
    member_create(actor=a.staff, organization=a.village, **valid_fields())
    member_create(
        actor=a.staff,
        organization=a.branch1,
        **valid_fields(full_name="Hà Văn Tư", gender="male", party_card_number=None),
    )
    assert stats_drift() == []


# --- update -----------------------------------------------------------------------------


def test_update_audits_only_what_changed(two_provinces):
    a, _ = two_provinces
    member = a.members[0]
    updated = member_update(
        actor=a.staff,
        member=member,
        changes={"phone": "0987654321", "occupation": " Kỹ sư ", "full_name": "Nguyễn Văn An"},
    )
    saved = Member.objects.get(pk=member.pk)
    assert saved.phone == "0987654321"
    assert saved.occupation == "Kỹ sư"
    assert updated.phone == "0987654321"
    audit = AuditEvent.objects.filter(action="member.update", target_id=member.pk).get()
    assert audit.actor == a.staff
    assert audit.before == {"phone": "", "occupation": ""}
    assert audit.after == {"phone": "0987654321", "occupation": "Kỹ sư"}


def test_renaming_a_member_updates_the_keys(two_provinces):
    a, _ = two_provinces
    member = a.members[0]
    member_update(actor=a.staff, member=member, changes={"full_name": "Nguyễn Văn Ân"})
    saved = Member.objects.get(pk=member.pk)
    assert saved.given_name == "Ân"
    assert saved.search_key == "nguyen van an"
    assert saved.sort_key == person_sort_key("Nguyễn Văn Ân", saved.birth_date)
    audit = AuditEvent.objects.get(action="member.update", target_id=member.pk)
    assert audit.before == {"full_name": "Nguyễn Văn An"}
    assert audit.after == {"full_name": "Nguyễn Văn Ân"}


def test_counts_follow_status_and_gender(two_provinces, admin):
    a, _ = two_provinces
    dung = a.members[2]  # probationary, village
    before = members_of(admin, a.province)
    member_update(
        actor=a.staff,
        member=dung,
        changes={
            "status": "official",
            "admission_date": date(2024, 9, 2),
            "official_date": date(2025, 9, 2),
        },
    )
    after = members_of(admin, a.province)
    assert after["probationary"] == before["probationary"] - 1 == 0
    assert after["official"] == before["official"] + 1 == 3
    assert after["total"] == before["total"]
    assert members_of(admin, a.commune)["official"] == 3
    an = a.members[0]
    member_update(
        actor=a.staff,
        member=an,
        changes={"gender": "female", "citizen_id": citizen_id_for("female", an.birth_date)},
    )
    assert members_of(admin, a.province)["women"] == 2
    assert members_of(admin, a.branch1)["women"] == 1
    assert members_of(admin, a.branch2)["women"] == 1
    assert stats_drift() == []


def test_an_update_that_changes_nothing_writes_nothing(two_provinces):
    """A form saved unchanged keeps the counts and leaves no audit row with empty
    before/after (the history would show a change of nothing)."""
    a, _ = two_provinces
    counts = snapshot()[1]
    member_update(actor=a.staff, member=a.members[0], changes={"full_name": " Nguyễn  Văn An "})
    assert snapshot()[1] == counts
    assert not AuditEvent.objects.filter(action="member.update").exists()


def test_an_invalid_update_changes_nothing(two_provinces):
    a, _ = two_provinces
    member = a.members[0]
    before = snapshot()
    with pytest.raises(ServiceError) as caught:
        member_update(
            actor=a.staff,
            member=member,
            changes={"phone": "0987654321", "birth_date": date(2030, 1, 1)},
        )
    assert "birth_date" in caught.value.errors
    with pytest.raises(ServiceError):
        member_update(actor=a.staff, member=member, changes={"organization": a.branch2})
    with pytest.raises(ServiceError):
        member_update(actor=a.staff, member=member, changes={"youth_union": None})
    assert snapshot() == before


# --- who may change members ---------------------------------------------------------------


def test_staff_of_another_province_cannot_touch_a_member(two_provinces):
    a, b = two_provinces
    before = snapshot()
    with pytest.raises(NotFound):
        member_update(actor=b.staff, member=a.members[0], changes={"phone": "0987654321"})
    with pytest.raises(NotFound):
        member_create(actor=b.staff, organization=a.branch1, **valid_fields())
    with pytest.raises(NotFound):
        member_update(actor=a.staff, member=b.members[0], changes={"phone": "0987654321"})
    assert snapshot() == before


def test_a_viewer_cannot_change_members(two_provinces):
    a, _ = two_provinces
    before = snapshot()
    with pytest.raises(Forbidden):
        member_update(actor=a.viewer, member=a.members[0], changes={"phone": "0987654321"})
    with pytest.raises(Forbidden):
        member_create(actor=a.viewer, organization=a.branch1, **valid_fields())
    assert snapshot() == before


def test_a_secretary_edits_the_members_of_their_own_branch_only(two_provinces):
    a, _ = two_provinces
    in_branch1, in_branch2 = a.members[0], a.members[1]
    member_update(actor=a.secretary, member=in_branch1, changes={"phone": "0987654321"})
    assert Member.objects.get(pk=in_branch1.pk).phone == "0987654321"
    created = member_create(actor=a.secretary, organization=a.branch1, **valid_fields())
    assert created.organization_id == a.branch1.pk
    before = snapshot()
    with pytest.raises(NotFound):
        member_update(actor=a.secretary, member=in_branch2, changes={"phone": "0987654321"})
    with pytest.raises(NotFound):
        member_create(
            actor=a.secretary,
            organization=a.branch2,
            **valid_fields(full_name="Đỗ Thị Mơ", party_card_number=None),
        )
    assert snapshot() == before


# --- nothing half-written -------------------------------------------------------------------


@pytest.mark.parametrize("step", ["create", "update"])
def test_a_failure_at_the_last_step_leaves_nothing_behind(two_provinces, monkeypatch, step):
    a, _ = two_provinces

    def broken_audit(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(member_services, "audit_record", broken_audit)
    before = snapshot()
    with pytest.raises(RuntimeError):
        if step == "create":
            member_create(actor=a.staff, organization=a.branch1, **valid_fields())
        else:
            member_update(
                actor=a.staff,
                member=a.members[2],
                changes={
                    "status": "official",
                    "admission_date": date(2024, 9, 2),
                    "official_date": date(2025, 9, 2),
                    "gender": "female",
                    "citizen_id": citizen_id_for("female", date(1985, 3, 15)),
                },
            )
    assert snapshot() == before
    assert stats_drift() == []


# --- any valid record -------------------------------------------------------------------


@given(
    name=vietnamese_text_st.filter(lambda n: " " in n and len(n) <= 128),
    gender=st.sampled_from(["male", "female"]),
    birth=st.dates(date(1940, 1, 1), date(2000, 12, 31)).filter(lambda d: d.day <= 28),
    age=st.integers(18, 60),
    official=st.booleans(),
)
@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_any_valid_record_is_saved_counted_and_found(
    two_provinces, name, gender, birth, age, official
):
    a, _ = two_provinces
    admitted = date(birth.year + age, birth.month, min(birth.day, 28))
    assume(admitted <= date.today())
    official = official and date(admitted.year + 1, admitted.month, admitted.day) <= date.today()
    fields = valid_fields(
        full_name=name,
        gender=gender,
        birth_date=birth,
        admission_date=admitted,
        official_date=date(admitted.year + 1, admitted.month, admitted.day) if official else None,
        status="official" if official else "probationary",
        party_card_number=None,
    )
    member = member_create(actor=a.staff, organization=a.branch2, **fields)
    assert member in member_list(actor=a.staff, q=name.lower())
    assert member in member_list(actor=a.staff, q=fields["citizen_id"][:8])
    assert member not in member_list(actor=a.staff, organization=a.branch1)
    assert stats_drift() == []
