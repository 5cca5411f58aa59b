"""The congress season of a subtree: the plan made from the tree of a day (each
organization's kind by headcount, its window by level, lower levels first), kept in step with
a restructuring; congresses held; the progress at any date on the tree of that date, and
seed 003's sentence with its percent rounded half up."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tochuc.congresses.models import Congress
from tochuc.congresses.selectors import LevelProgress, congresses_of, progress, progress_sentence
from tochuc.congresses.services import congress_held, congress_update, plan_generate
from tochuc.core.errors import NotFound, ServiceError
from tochuc.orgs.models import Term
from tochuc.orgs.services.restructuring import organization_merge

pytestmark = pytest.mark.django_db


@pytest.fixture
def term():
    return Term.objects.get(name="2025–2030")


def test_the_plan_is_every_organization_of_the_tree_by_level(two_provinces, term, admin):
    a, _ = two_provinces
    counts = plan_generate(actor=a.staff, organization=a.province, term=term, on=date(2025, 3, 1))
    # the province's own, the commune and the bloc, the school's committee, its two branches,
    # the village's and the office's grassroots branches
    assert counts == {"added": 8, "superseded": 0, "kept": 0}
    plan = {c.organization: c for c in congresses_of(a.staff, a.province, term)}
    assert plan[a.branch1].kind == "members" and plan[a.school].kind == "members"
    assert plan[a.commune].kind == "delegates"
    assert plan[a.branch1].window_end < plan[a.school].window_start  # lower levels first
    assert plan[a.school].window_end < plan[a.commune].window_start
    assert plan[a.commune].window_end < term.starts_on
    again = plan_generate(actor=a.staff, organization=a.province, term=term, on=date(2025, 3, 1))
    assert again == {"added": 0, "superseded": 0, "kept": 8}


def test_progress_and_seed_003s_sentence(two_provinces, term, admin):
    a, _ = two_provinces
    plan_generate(actor=a.staff, organization=a.province, term=term, on=date(2025, 3, 1))
    for org in (a.village, a.school):
        c = Congress.objects.get(organization=org, term=term)
        congress_held(actor=a.staff, congress=c, held_on=c.window_start + timedelta(days=3))
    day = Congress.objects.get(organization=a.school, term=term).window_end
    rows = progress(a.staff, a.province, term, day)
    grassroots = next(r for r in rows if r.level == "grassroots")
    assert (grassroots.total, grassroots.held, grassroots.late) == (3, 2, 0)
    branches = next(r for r in rows if r.level == "branch")
    assert (branches.total, branches.held, branches.late) == (2, 0, 2)  # their window is over
    sentence = progress_sentence(a.province, day, rows)
    assert (
        f"Tính đến ngày {day.day}/{day.month}/{day.year}, toàn tỉnh có 0/2 chi bộ, đảng bộ bộ "
        "phận trực thuộc đã tổ chức đại hội (đạt 0,00%); 2/3 tổ chức cơ sở đảng đã tổ chức đại "
        "hội (đạt 66,67%); 0/2 đảng bộ cấp trên cơ sở"
    ) in sentence


@pytest.mark.parametrize(
    ("held", "total", "shown"),
    [(497, 567, "87,65%"), (1, 800, "0,13%"), (1, 8, "12,50%"), (3, 3, "100,00%")],
)
def test_the_percent_is_rounded_half_up(held, total, shown):
    assert LevelProgress("grassroots", "", total, held, 0).percent == shown


def test_a_merge_during_the_season_supersedes_and_the_past_keeps_its_tree(
    two_provinces, term, admin
):
    a, _ = two_provinces
    plan_generate(actor=admin, organization=a.province, term=term, on=date(2025, 3, 1))
    c = Congress.objects.get(organization=a.village, term=term)
    congress_held(actor=admin, congress=c, held_on=date(2025, 4, 10))
    merged = organization_merge(
        actor=admin,
        sources=[a.branch1, a.branch2],
        on=date(2025, 4, 20),
        new={"name": "Chi bộ Trường THPT", "kind": "branch", "parent": a.school},
    )
    counts = plan_generate(actor=admin, organization=a.province, term=term, on=date(2025, 4, 21))
    assert counts == {"added": 1, "superseded": 2, "kept": 6}
    assert Congress.objects.get(organization=merged, term=term).superseded_on is None
    before = next(
        r for r in progress(admin, a.province, term, date(2025, 4, 15)) if r.level == "branch"
    )
    after = next(
        r for r in progress(admin, a.province, term, date(2025, 4, 25)) if r.level == "branch"
    )
    assert (before.total, after.total) == (2, 1)  # the tree of each day


def test_the_plan_is_the_subtrees_own_and_refuses_with_messages(two_provinces, term, admin):
    a, b = two_provinces
    with pytest.raises(NotFound):
        plan_generate(actor=b.staff, organization=a.province, term=term, on=date(2025, 3, 1))
    plan_generate(actor=a.staff, organization=a.province, term=term, on=date(2025, 3, 1))
    assert not congresses_of(b.staff, None, term).exists()
    with pytest.raises(NotFound):
        progress(b.staff, a.province, term, date(2025, 6, 1))
    c = Congress.objects.get(organization=a.school, term=term)
    with pytest.raises(ServiceError) as refused:
        congress_held(actor=a.staff, congress=c, held_on=date.today() + timedelta(days=2))
    assert "chưa đến" in refused.value.errors["held_on"][0]
    with pytest.raises(ServiceError) as refused:
        congress_update(
            actor=a.staff,
            congress=c,
            kind="members",
            pilot=True,
            window_start=date(2025, 6, 1),
            window_end=date(2025, 5, 1),
        )
    assert refused.value.errors == {"window_end": ["Đến ngày 01/05/2025 trước từ ngày 01/06/2025."]}
    done = congress_update(
        actor=a.staff,
        congress=c,
        kind="delegates",
        pilot=True,
        window_start=date(2025, 5, 1),
        window_end=date(2025, 5, 31),
    )
    assert (done.kind, done.pilot) == ("delegates", True)


def test_the_command_line_plans_and_reports_progress(two_provinces, term, capsys):
    from tochuc.cli import main

    main(["congresses", "plan", "A", "--term", "2025-2030", "--on", "2025-03-01"])
    assert "thêm 8, không tổ chức (đã sắp xếp) 0, giữ 0." in capsys.readouterr().out
    main(["congresses", "progress", "A", "--term", "2025-2030", "--on", "2025-06-01"])
    out = capsys.readouterr().out
    assert "Tổ chức cơ sở đảng: 0/3 đã đại hội (0,00%)" in out
    assert "Tính đến ngày 1/6/2025, toàn tỉnh có" in out
    with pytest.raises(SystemExit):
        main(["congresses", "progress", "A", "--term", "2031-2036"])


def test_late_congresses_are_on_the_level_aboves_to_do_screen(two_provinces, term, admin, client):
    from tests.factories import make_user
    from tochuc.congresses.todo import late_congresses

    a, b = two_provinces
    plan_generate(actor=admin, organization=a.province, term=term, on=date(2025, 3, 1))
    held = Congress.objects.get(organization=a.village, term=term)
    congress_held(actor=admin, congress=held, held_on=date(2025, 4, 10))
    day = term.starts_on + timedelta(days=10)  # every window is over
    section = late_congresses(a.staff, day)
    assert section.count == 6  # 8 less the village's, and the province's own is not listed
    assert a.village.name not in [r.text for r in section.rows]
    assert a.province.name not in [r.text for r in section.rows]
    commune = make_user("commune_late", "staff", a.commune)
    assert {r.text for r in late_congresses(commune, day).rows} == {
        a.school.name,
        a.branch1.name,
        a.branch2.name,
    }
    assert late_congresses(b.staff, day).count == 0
