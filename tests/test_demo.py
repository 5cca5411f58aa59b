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
    from tochuc.documents.models import Document

    registry = Document.objects.order_by("organization__code", "issued_on", "symbol").values_list(
        "organization__code", "symbol", "issued_on", "title", "period_start", "signer"
    )
    from tochuc.cadres.models import Holding

    holdings = Holding.objects.order_by("cadre__member__citizen_id", "start").values_list(
        "cadre__member__citizen_id", "position__title__name", "start"
    )
    text = repr(list(rows)) + repr(list(orgs)) + repr(history) + repr(list(registry))
    text += repr(list(holdings))
    return hashlib.sha256(text.encode()).hexdigest()


def _wipe() -> None:
    from tochuc.cadres.models import (
        Cadre,
        CadreEvent,
        CommitteeSeat,
        Holding,
        Planning,
        PoliticalClearance,
        Position,
    )
    from tochuc.documents.models import Document, Issuer, Report
    from tochuc.training.models import School, Trainee, TrainingClass

    for model in (
        Trainee,
        TrainingClass,
        School,
        PoliticalClearance,
        CadreEvent,
        CommitteeSeat,
        Planning,
        Holding,
        Position,
        Cadre,
    ):
        model.objects.all().delete()
    from tochuc.members.models import Candidate

    Report.objects.all().delete()
    Document.objects.all().delete()
    Issuer.objects.filter(organization__isnull=False).delete()
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
    # the cadre work: the province's and the commune's offices held, planned, vetted
    from tochuc.cadres.models import Holding, Planning, PoliticalClearance

    assert Holding.objects.filter(position__title__name="Bí thư").count() == 2
    assert Planning.objects.filter(term__name="2025–2030").count() == 4
    assert PoliticalClearance.objects.filter(result="clear").count() == 27
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


def test_the_demo_registry_holds_the_documents_the_seeds_cite_linked_and_followed_up():
    from tochuc.accounts.services import system_actor
    from tochuc.documents.models import Document, Report
    from tochuc.documents.selectors import (
        DocumentFilter,
        document_chain,
        document_list,
        plan_decisions,
    )
    from tochuc.documents.selectors.documents import report_state
    from tochuc.orgs.services.replay_2025 import replay_2025

    generate(scale="commune", seed=1, province="Tuyên Quang", before_2025=True)
    admin = system_actor()
    province = Organization.objects.get(code="T08")  # Tuyên Quang before 2025 (with Hà Giang)
    kept = Document.objects.filter(organization__path__startswith=province.path)

    def one(symbol: str) -> Document:
        # each province registers the central documents it implements (Hà Giang has its own)
        return kept.select_related("doc_type").get(symbol=symbol)

    resolution = one("74-NQ/TU")
    assert (resolution.issued_on, resolution.period) == (date(2016, 5, 10), "2016–2020")
    assert "giai đoạn 2016-2020" in resolution.title
    for symbol in ("22-NQ/TW", "12-HD/BTCTW", "366-QĐ/TW", "60-NQ/TW", "1755-QĐ/TU"):
        assert one(symbol)
    assert one("366-QĐ/TW").doc_type.name == "Quy định"
    # 22-NQ/TW → 48-KH/TU; 08-HD/BTCTU cụ thể hóa 12-HD/BTCTW
    _, below = document_chain(admin, one("22-NQ/TW"))
    assert [n.document.symbol for n in below] == ["48-KH/TU"]  # the province's own plan
    assert Document.objects.filter(symbol="22-NQ/TW").count() == 2  # Hà Giang's copy too
    above, _ = document_chain(admin, one("08-HD/BTCTU"))
    assert [n.document.symbol for n in above] == ["12-HD/BTCTW"]
    # every district's đề án and nghị quyết of 2021-2025 implement the province's
    districts = Organization.objects.filter(parent=province, kind="upper")
    assert districts.count() > 3
    period = DocumentFilter(period=2023, organization=province)
    found = document_list(admin, period)
    projects = found.filter(doc_type__name="Đề án")
    assert set(projects.values_list("organization", flat=True)) == set(
        districts.values_list("id", flat=True)
    )
    plan = found.get(doc_type__name="Nghị quyết", organization=province)
    _, below = document_chain(admin, plan)
    assert len(below) == 2 * districts.count()
    # some reports in, some late on the demo's reference date
    states = [
        report_state(r, r.request.due_on, REFERENCE_DATE)
        for r in Report.objects.select_related("request")
    ]
    assert states.count("done") > 0 and states.count("late") > 0
    assert set(states) == {"done", "late"}
    # running again adds no document
    count = Document.objects.count()
    generate(scale="commune", seed=1, province="Tuyên Quang", before_2025=True)
    assert Document.objects.count() == count
    # the 2025 restructuring's decision is in the registry: the plan links to it
    replay_2025(actor=admin, province="Tuyên Quang")
    ((_, decision),) = plan_decisions(admin)
    assert decision is not None and decision.symbol == "60-NQ/TW"


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
