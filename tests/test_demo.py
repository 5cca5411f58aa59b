"""The demo generator: deterministic, valid records, members only in branches, counts that match."""

import hashlib
import random
from datetime import date

import pytest
from django.db import connection

from tochuc.core.bulk import indexes_deferred
from tochuc.core.text import clean
from tochuc.demo import generate
from tochuc.demo.generator import BUILT_AFTER_LOAD
from tochuc.demo.names import STYLES, NameMaker
from tochuc.demo.people import REFERENCE_DATE
from tochuc.demo.structure import plan_province_bodies
from tochuc.members.counters import stats_drift
from tochuc.members.models import Member
from tochuc.members.placements import BUILT_AFTER
from tochuc.members.services import EDITABLE
from tochuc.members.validators import member_problems
from tochuc.orgs.models import MEMBER_KINDS, PARENT_KINDS, Organization
from tochuc.orgs.services.admin_units import province_find

pytestmark = pytest.mark.django_db


def _digest() -> str:
    rows = Member.objects.order_by("citizen_id").values_list(
        "full_name", "citizen_id", "birth_date", "admission_date", "organization__code"
    )
    orgs = Organization.objects.order_by("code").values_list("code", "name", "kind")
    from tochuc.members.models import Badge, Candidate

    history = list(
        Badge.objects.order_by("member__citizen_id").values_list(
            "member__citizen_id", "years", "occasion"
        )
    ) + list(
        Candidate.objects.order_by("full_name", "birth_date").values_list(
            "full_name", "birth_date", "step", "step_date"
        )
    )
    text = repr(list(rows)) + repr(list(orgs)) + repr(history)
    return hashlib.sha256(text.encode()).hexdigest()


def _wipe() -> None:
    from tochuc.members.models import Candidate

    Candidate.objects.all().delete()
    Member.objects.all().delete()
    for depth in sorted(set(Organization.objects.values_list("depth", flat=True)), reverse=True):
        Organization.objects.filter(depth=depth).delete()


def test_commune_scale_is_deterministic():
    first = generate(scale="commune", seed=1)
    digest = _digest()
    _wipe()
    second = generate(scale="commune", seed=1)

    assert _digest() == digest
    assert first["members"] == second["members"]
    assert 1_700 <= first["members"] <= 1_900
    assert 80 <= Organization.objects.exclude(kind__in=["province", "upper"]).count() <= 130
    assert Organization.objects.filter(code="T04", name="Đảng bộ tỉnh Cao Bằng").exists()


def test_commune_scale_records_are_valid_and_counted():
    generate(scale="commune", seed=1)

    members = list(Member.objects.select_related("organization"))
    assert members
    for member in random.Random(0).sample(members, 300):
        record = {field: getattr(member, field) for field in EDITABLE}
        assert member_problems(record, today=REFERENCE_DATE) == {}, member.full_name
        assert clean(member.full_name) == member.full_name
    assert {m.organization.kind for m in members} <= MEMBER_KINDS
    assert all(
        m.organization.parent.kind in ("upper", "grassroots_committee", "sub_committee")
        for m in members
    )
    for org in Organization.objects.select_related("parent"):
        assert (org.parent.kind if org.parent else None) in PARENT_KINDS[org.kind], org.name
    assert stats_drift() == []

    women = sum(m.gender == "female" for m in members) / len(members)
    probationary = [m for m in members if m.status == "probationary"]
    assert 0.3 <= women <= 0.5
    assert 0.02 <= len(probationary) / len(members) <= 0.09
    assert all(m.official_date is None and m.party_card_number is None for m in probationary)
    assert all(date(1940, 1, 1) <= m.birth_date <= date(2007, 12, 31) for m in members)
    groups = {m.ethnicity for m in members}
    assert {"Tày", "Nùng", "Kinh"} <= groups


def test_the_indexes_dropped_for_the_load_are_back_as_they_were():
    """PostgreSQL builds some indexes once after the load: each is there again, the same."""
    if connection.vendor != "postgresql":
        pytest.skip("indexes are dropped for a load on PostgreSQL only")

    def definitions() -> dict[str, str]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT indexname, indexdef FROM pg_indexes "
                "WHERE schemaname = current_schema() AND tablename LIKE 'members_%%'"
            )
            return dict(cursor.fetchall())

    before = definitions()
    # A renamed index would silently no longer be deferred.
    assert set(BUILT_AFTER_LOAD) | set(BUILT_AFTER) <= set(before)
    # Dropped for the block, back after it, even when the load fails.
    with pytest.raises(RuntimeError), indexes_deferred(["member_search"]):
        assert "member_search" not in definitions()
        raise RuntimeError("the load failed")
    assert definitions() == before
    generate(scale="commune", seed=1)
    assert definitions() == before
    assert stats_drift() == []


def test_running_again_skips_what_is_there():
    generate(scale="commune", seed=1)
    count = Member.objects.count()

    again = generate(scale="commune", seed=1)

    assert again["members"] == 0
    assert again["skipped"] == ["tỉnh Cao Bằng"]
    assert Member.objects.count() == count


def test_another_province_gets_its_own_numbers():
    generate(scale="commune", seed=1)
    generate(scale="commune", seed=3, province="Đắk Lắk")

    dak_lak = Organization.objects.get(code="T66")
    assert Member.objects.filter(organization__path__startswith=dak_lak.path).exists()
    assert Member.objects.values("citizen_id").distinct().count() == Member.objects.count()
    assert stats_drift() == []


def test_default_province_follows_the_seed():
    assert province_find("Cao Bằng").code == 4
    result = generate(scale="commune", seed=2)
    assert result["members"] > 0
    assert not Organization.objects.filter(code="T04").exists()


@pytest.mark.parametrize("ethnicity", sorted(STYLES))
def test_names_of_every_group_pass_validation(ethnicity):
    maker = NameMaker(south=True)
    rng = random.Random(ethnicity)
    base = {
        "gender": "male",
        "birth_date": date(1980, 1, 1),
        "admission_date": date(2005, 1, 1),
        "official_date": date(2006, 1, 1),
        "status": "official",
        "ethnicity": "Kinh",
        "religion": "Không",
    }
    for i in range(40):
        name = maker.full_name(rng, ethnicity, i % 2 == 1, 1960 + i)
        assert member_problems({**base, "full_name": name}, today=REFERENCE_DATE) == {}, name


def test_central_highlands_names_look_right():
    rng = random.Random(5)
    maker = NameMaker(south=True)
    ede_women = [maker.full_name(rng, "Ê Đê", True, 1980) for _ in range(20)]
    ede_men = [maker.full_name(rng, "Ê Đê", False, 1980) for _ in range(20)]
    assert all(n.startswith("H'") for n in ede_women)
    assert all(n.startswith("Y ") for n in ede_men)


def test_province_bodies_have_valid_kinds():
    unit = province_find("Cao Bằng")
    province = Organization(code="T04", name="Đảng bộ tỉnh Cao Bằng", kind="province")
    plan = plan_province_bodies(random.Random(1), province, unit)

    names = {o.name for o in plan.orgs}
    assert {
        "Đảng bộ Các cơ quan Đảng tỉnh",
        "Đảng bộ Ủy ban nhân dân tỉnh",
        "Đảng bộ Công an tỉnh",
        "Đảng bộ Quân sự tỉnh",
    } <= names
    for org in plan.orgs:
        assert org.parent.kind in PARENT_KINDS[org.kind], org.name
    assert {o.kind for o, _, _ in plan.seats} <= MEMBER_KINDS
    assert len({o.code for o in plan.orgs}) == len(plan.orgs)


def test_demo_history_is_consistent_with_the_rules():
    """Past awards are the levels the members had reached; candidates' steps are in order."""
    from tochuc.accounts.models import User
    from tochuc.members.badges import badge_candidates
    from tochuc.members.models import ADMISSION_ORDER, Badge, Candidate
    from tochuc.members.party_age import Timeline

    generate(scale="commune", seed=3)
    badges = list(Badge.objects.select_related("member"))
    assert badges, "the demo awards past badges"
    for b in badges:
        reached = Timeline(admitted=b.member.admission_date).reached(b.years)
        assert reached <= b.occasion
    for c in Candidate.objects.prefetch_related("steps"):
        steps = [s.step for s in c.steps.all()]
        assert steps == ADMISSION_ORDER[: len(steps)] and steps[-1] == c.step
    admin = User(username="x", role="admin", is_active=True)
    due = badge_candidates(actor=admin, occasion=date(2026, 11, 7))
    awarded = {b.member_id for b in badges}
    assert all(
        c.member.pk not in awarded
        or c.years > max(b.years for b in badges if b.member_id == c.member.pk)
        for c in due
    )


def test_demo_lives_are_what_the_services_would_have_written():
    """States follow the timelines, transfers moved their members, and the placements give
    today's counts: the demo looks like a province that has lived with the system."""
    from tochuc.members.counters import member_counts_at
    from tochuc.members.models import MemberEvent, Placement, Transfer
    from tochuc.members.placements import placements_rebuild
    from tochuc.orgs.counters import subtree_counts

    def periods():
        return sorted(
            Placement.objects.values_list("member_id", "organization_id", "start_date", "state")
        )

    generate(scale="commune", seed=1)
    kinds = set(MemberEvent.objects.values_list("kind", flat=True))
    assert {"transfer_out", "transfer_in", "exempt"} <= kinds
    final = {"remove": "removed", "death": "deceased", "lost_contact": "lost_contact"}
    for e in MemberEvent.objects.filter(kind__in=final).select_related("member"):
        later = e.member.events.filter(effective_date__gt=e.effective_date).exists()
        assert later or e.member.state == final[e.kind], e.member.full_name
    for t in Transfer.objects.filter(status="accepted").select_related("member"):
        assert t.member.organization_id == t.to_org_id
    province = Organization.objects.get(code="T04")
    today = member_counts_at(province, date.today())
    assert {k: v for k, v in today.items() if v} == {
        k: v for k, v in subtree_counts(province.pk).items() if k[0] != "org_kind"
    }
    before = periods()
    placements_rebuild()
    assert periods() == before
    assert stats_drift() == []


def test_the_demo_fills_the_tree_before_2025_and_the_replay_keeps_everyone():
    """`tochuc demo --before-2025` fills an old commune of the pre-2025 tree with the same
    kinds of people and lives; the 2025 replay then moves its branches, nobody is lost."""
    from tochuc.accounts.models import Role, User
    from tochuc.orgs.selectors import organization_stats_on
    from tochuc.orgs.services.replay_2025 import replay_2025

    result = generate(scale="commune", seed=1, province="Tuyên Quang", before_2025=True)
    assert 1_700 < result["members"] < 1_900
    for org in Organization.objects.exclude(parent=None).select_related("parent"):
        assert org.parent.kind in PARENT_KINDS[org.kind], org.name
    branches = Organization.objects.filter(members__isnull=False).distinct()
    assert {o.kind for o in branches} <= MEMBER_KINDS
    (commune,) = {o.parent for o in branches.select_related("parent")}
    assert commune.kind == "grassroots_committee" and commune.parent.code.startswith("H")
    province = commune.parent.parent.name.removeprefix("Đảng bộ ")  # "tỉnh Hà Giang"
    born_here = Member.objects.filter(birth_place__endswith=f", {province}")
    assert born_here.filter(birth_place__contains=commune.parent.name.removeprefix("Đảng bộ "))
    assert stats_drift() == []
    admin = User(username="cli", role=Role.ADMIN, is_active=True)
    counted = Member.objects.filter(state__in=("active", "exempted")).count()
    day = date(2024, 12, 31)
    past = organization_stats_on(actor=admin, organization=commune, on=day)
    replay_2025(actor=admin, province="Tuyên Quang")
    assert Member.objects.filter(state__in=("active", "exempted")).count() == counted
    assert not Member.objects.filter(organization__dissolved_on__isnull=False).exists()
    assert {o.parent.kind for o in branches.select_related("parent")} == {"upper"}
    assert organization_stats_on(actor=admin, organization=commune, on=day) == past
    assert stats_drift() == []


def test_the_nation_build_shows_a_progress_bar_with_the_time_left(monkeypatch):
    from tochuc.demo import generator

    monkeypatch.setattr(generator.time, "perf_counter", lambda: 1_000.0 + 300)
    line = generator._progress_bar(17, 34, 3_000_000, 6_000_000, started=1_000.0)
    assert line == (
        "[" + "█" * 15 + "░" * 15 + "] 17/34 tỉnh, 3.000.000 đảng viên, 5 phút qua, "
        "còn khoảng 5 phút"
    )
    last = generator._progress_bar(34, 34, 6_000_000, 6_000_000, started=1_000.0)
    assert last.endswith("34/34 tỉnh, 6.000.000 đảng viên, 5 phút qua")


def test_a_build_of_several_provinces_prints_the_bar_after_each(monkeypatch):
    from tochuc.demo import generator

    two = generator.provinces()[:2]
    monkeypatch.setattr(generator, "provinces", lambda: two)
    monkeypatch.setattr(generator, "NATION_MEMBERS", 600)
    said = []
    generate(scale="nation", seed=1, progress=said.append)
    bars = [line for line in said if line.startswith("[")]
    assert [b.split("] ")[1].split(" tỉnh")[0] for b in bars] == ["1/2", "2/2"]
