"""The nation's cadre work, written in bulk by the demo (demo/cadres.py): one small province
built at the nation's scale, then read back by the services' own rules and selectors."""

import hashlib
from datetime import date

import pytest

from tochuc.accounts.services import system_actor
from tochuc.cadres.models import (
    Body,
    Cadre,
    CadreEvent,
    CommitteeSeat,
    Holding,
    Planning,
    PoliticalClearance,
    Position,
)
from tochuc.cadres.selectors import clearance_counts, planning_table, positions_of, vacancies
from tochuc.core.models import AuditEvent
from tochuc.demo import generate
from tochuc.demo.cadres import add_cadres_nation
from tochuc.orgs.models import Organization, Term

pytestmark = pytest.mark.django_db

ON = date(2026, 11, 1)


@pytest.fixture
def nation(monkeypatch):
    """Bắc Ninh alone, at the nation's scale (the bulk path), about 1.800 members."""
    from tochuc.demo import generator

    one = [u for u in generator.provinces() if u.label.endswith("Bắc Ninh")]
    monkeypatch.setattr(generator, "provinces", lambda: one)
    load = generator.load_admin_units  # its tree only, not the 34 provinces'
    monkeypatch.setattr(
        generator, "load_admin_units", lambda **kw: load(province=one[0].bare, **kw)
    )
    monkeypatch.setattr(generator, "NATION_MEMBERS", 60_000)
    said = []
    generate(scale="nation", seed=1, progress=said.append)
    return Organization.objects.get(code=one[0].org_code), said


def _digest() -> str:
    rows = [
        Position.objects.order_by(
            "organization__code", "title__order", "body__name", "seats"
        ).values_list("organization__code", "title__name", "body__name", "seats"),
        Holding.objects.order_by(
            "cadre__member__citizen_id", "start", "position__title__name"
        ).values_list("cadre__member__citizen_id", "position__title__name", "start", "end"),
        Planning.objects.order_by(
            "cadre__member__citizen_id", "position__title__name", "added_on"
        ).values_list("cadre__member__citizen_id", "position__title__name", "added_on"),
        PoliticalClearance.objects.order_by(
            "member__citizen_id", "requested_on", "purpose"
        ).values_list("member__citizen_id", "purpose__name", "requested_on", "result"),
    ]
    return hashlib.sha256(repr([list(r) for r in rows]).encode()).hexdigest()


def _wipe_cadres() -> None:
    for model in (PoliticalClearance, CadreEvent, CommitteeSeat, Planning, Holding, Position):
        model.objects.all().delete()
    Body.objects.filter(parent__isnull=False).delete()
    Body.objects.all().delete()
    Cadre.objects.all().delete()


def test_every_commune_gets_its_offices_held_planned_vetted_the_same_by_seed(nation):
    province, said = nation
    communes = Organization.objects.filter(parent=province, kind="upper").exclude(
        code__contains="-"
    )
    with_members = [c for c in communes if c.positions.exists()]
    assert len(with_members) == communes.count() > 50
    # the standard titles in every commune, the province's bodies and departments
    assert Position.objects.filter(title__name="Bí thư").count() == communes.count() + 1 + 4
    assert Body.objects.filter(organization=province, kind="department").count() == 9
    assert Holding.objects.filter(position__title__name="Bí thư", end__isnull=True).count() >= (
        communes.count()
    )
    # one record per person, made from a member of the office's subtree
    assert not Cadre.objects.filter(member__isnull=True).exists()
    for cadre in Cadre.objects.select_related("member__organization")[:200]:
        assert cadre.member.full_name == cadre.full_name
        assert cadre.organization_id == cadre.member.organization_id
    # no position has more holders than seats on any day of the demo
    for day in (date(2025, 12, 31), date(2026, 3, 1), ON):
        assert all(n >= 0 for _, n in vacancies(system_actor(), day, province))
    assert vacancies(system_actor(), ON, province)  # some relieved in 2026
    # every holding is on the cadre's timeline; the rotations between communes too
    assert CadreEvent.objects.filter(kind__in=["election", "appointment"]).count() == (
        Holding.objects.count() - CadreEvent.objects.filter(kind="rotation").count()
    )
    assert CommitteeSeat.objects.filter(role="secretary").count() == communes.count() + 1 + 4
    # the planning table of the province reads them, some positions warned of
    term = Term.objects.get(name="2025–2030")
    rows = planning_table(positions_of(system_actor(), province, ON), term, ON)
    assert sum(len(r.planned) for r in rows) > len(rows)
    assert any(r.warnings for r in rows) and not all(r.warnings for r in rows)
    # clearance cases of every year, their purposes by period
    counts = dict(
        (p.name, n)
        for p, n in clearance_counts(system_actor(), date(2025, 1, 1), date(2025, 12, 31))
    )
    early = dict(
        (p.name, n)
        for p, n in clearance_counts(system_actor(), date(2021, 1, 1), date(2021, 12, 31))
    )
    assert counts["Nhân sự đại hội"] > 5 * early["Nhân sự đại hội"] > 0
    assert PoliticalClearance.objects.filter(result="pending").exists()
    assert AuditEvent.objects.filter(action="demo.cadres").count() == 1
    assert any("lượt bố trí, quy hoạch cán bộ" in line for line in said)

    # deterministic, and added to an existing database (the bench's) the same
    digest = _digest()
    _wipe_cadres()
    assert add_cadres_nation(seed=1) > 0  # the members kept, the cadres made again
    assert _digest() == digest
    assert add_cadres_nation(seed=1) == 0  # a province with cadres is left as it is
