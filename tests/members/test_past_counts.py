"""Counts at a past date read the placements' copies of the record (issue #7). Every service
that changes what a record counts under rewrites them in its transaction, so a past date's
counts equal a count recomputed from the members themselves; the drift check sees a copy that
went stale behind the services' back, and the rebuild fills them again."""

from collections import Counter
from datetime import date, timedelta

import pytest

from tests.factories import citizen_id_for, make_member
from tochuc.members import services
from tochuc.members.counters import (
    CODED,
    CODES,
    admissions_on,
    counts_on,
    member_dimensions,
    placement_copy,
    stats_drift,
)
from tochuc.members.models import COUNTED_STATES, Gender, Member, Placement
from tochuc.members.placements import placements_rebuild, placements_refresh
from tochuc.members.reference import EDUCATION_LEVELS, OCCUPATION_GROUP_CHOICES, THEORY_LEVELS
from tochuc.members.services.records import derive_fields, members_write_many
from tochuc.orgs.models import SEGMENT
from tochuc.orgs.services.restructuring import organization_merge
from tochuc.orgs.versions import covering

pytestmark = pytest.mark.django_db


def today() -> date:
    return date.today()


def past() -> date:
    return today() - timedelta(days=10)


WIDTH = SEGMENT  # a province's path: the counts by province
MAI_BORN = date(1999, 6, 1)


def test_every_choice_has_a_code():
    """The placements store positions in CODES: each value the record can take has one."""
    choices = {
        "gender": Gender.values,
        "education_level": [v for v, _ in EDUCATION_LEVELS],
        "theory_level": [v for v, _ in THEORY_LEVELS],
        "occupation_group": [v for v, _ in OCCUPATION_GROUP_CHOICES],
    }
    assert set(CODED.values()) == set(choices)
    for field, values in choices.items():
        assert sorted(CODES[field]) == sorted(values), field
        assert len(set(CODES[field])) == len(CODES[field]), field


def _recomputed(on: date) -> dict[str, Counter]:
    """member_dimensions() of every member placed on `on`, from the member's record as it is
    now and the period's organization, standing and official date: what counts_on must say,
    by province (nothing in these tests moves a branch to another province)."""
    out: dict[str, Counter] = {}
    placed = Placement.objects.filter(covering(on), state__in=COUNTED_STATES)
    for p in placed.select_related("member", "organization"):
        member = Member.objects.get(pk=p.member_id)
        member.state = p.state
        member.status = "official" if p.official_from and p.official_from <= on else "probationary"
        province = p.organization.path[:WIDTH]
        out.setdefault(province, Counter()).update(member_dimensions(member))
    return out


def _counts(on: date) -> dict[str, Counter]:
    return {top: +counter for top, counter in counts_on(on, low="", high="~", width=WIDTH).items()}


def _admitted(on: date, since: date) -> dict[str, Counter]:
    out: dict[str, Counter] = {}
    for p in Placement.objects.filter(covering(on)).select_related("member", "organization"):
        m = p.member
        if since <= m.admission_date <= on:
            cuts = {
                ("member", "total"): True,
                ("gender", "female"): m.gender == "female",
                ("ethnicity", "minority"): m.ethnicity != "Kinh",
                ("religion", "religious"): m.religion != "Không",
                ("youth_union", "yes"): m.youth_union,
            }
            counter = out.setdefault(p.organization.path[:WIDTH], Counter())
            counter.update(k for k, yes in cuts.items() if yes)
    return out


@pytest.fixture
def people(two_provinces, admin):
    a, b = two_provinces
    a.mai = make_member(
        admin,
        a.office,
        full_name="Lò Thị Mai",
        gender="female",
        ethnicity="Tày",
        religion="Phật giáo",
        youth_union=True,
        birth_date=MAI_BORN,
        admission_date=past() - timedelta(days=40),
        official_date=None,
        status="probationary",
        occupation="Giáo viên",
        education_level="dai_hoc",
        theory_level="so_cap",
    )
    a.hung = make_member(
        admin, a.branch1, full_name="Nông Văn Hùng", ethnicity="Nùng", occupation="Nông dân"
    )
    return a, b


# Each counted field of the record (the CCCD follows gender and birth year), the change,
# and a count it moves at past().
EDITS = {
    "gender": (
        {"gender": "male", "citizen_id": citizen_id_for("male", MAI_BORN)},
        ("gender", "female"),
    ),
    "birth_date": (
        {"birth_date": date(1975, 1, 1), "citizen_id": citizen_id_for("female", date(1975, 1, 1))},
        ("birth_year", "1975"),
    ),
    "ethnicity": ({"ethnicity": "Kinh"}, ("ethnicity", "minority")),
    "religion": ({"religion": "Không"}, ("religion", "religious")),
    "youth_union": ({"youth_union": False}, ("youth_union", "yes")),
    "education_level": ({"education_level": "thac_si"}, ("education_level", "thac_si")),
    "theory_level": ({"theory_level": "cao_cap"}, ("theory_level", "cao_cap")),
    "occupation": ({"occupation": "Công nhân nhà máy"}, ("occupation_group", "cong_nhan")),
}


@pytest.mark.parametrize("field", EDITS)
def test_an_edit_of_the_record_moves_the_past_counts_with_it(people, admin, field):
    """A past date counts the record as it is now (it keeps no history of these fields): an
    edit through the service shows at the past date at once, exactly."""
    a, _ = people
    province = a.province.path
    before = _counts(past())
    assert before == _recomputed(past())
    changes, moved = EDITS[field]
    services.member_update(actor=admin, member=a.mai, changes=changes)
    after = _counts(past())
    assert after == _recomputed(past())
    assert after[province][moved] != before[province][moved]
    assert stats_drift() == []


def test_an_import_moves_the_past_counts_with_it(people, admin):
    """members_write_many (imports): bulk updates refresh the copies of every row written."""
    a, _ = people
    member = Member.objects.get(pk=a.hung.pk)
    old = member_dimensions(member)
    member.ethnicity, member.education_level, member.youth_union = "Mường", "tien_si", True
    member.birth_date = date(1970, 2, 2)
    derive_fields(member)
    members_write_many(created=[], updated=[(member, old)])
    counts = _counts(past())
    assert counts == _recomputed(past())
    assert counts[a.province.path][("education_level", "tien_si")] == 1
    assert stats_drift() == []


def test_life_events_transfers_and_a_merger_keep_the_copies(people, admin):
    """Services that rewrite the periods (standing, transfer, restructuring) carry the copies
    along; later edits still show at every past date."""
    a, b = people
    services.member_exempt(
        actor=admin, member=a.hung, effective_date=past() - timedelta(days=5), document_symbol="1"
    )
    letter = services.member_transfer_start(
        actor=admin,
        member=a.mai,
        kind="permanent",
        to_org=a.village,
        start_date=past() - timedelta(days=3),
        letter_symbol="2-GGT",
        dues_paid_to=past() - timedelta(days=3),
    )
    services.member_transfer_accept(actor=admin, transfer=letter, accepted_on=past() - timedelta(2))
    organization_merge(actor=admin, sources=[a.branch2], target=a.branch1, on=today())
    services.member_update(actor=admin, member=a.mai, changes={"theory_level": "cu_nhan"})
    for on in (past() - timedelta(days=4), past(), today() - timedelta(days=1)):
        assert _counts(on) == _recomputed(on), on
        assert admissions_on(on, low="", high="~", width=WIDTH, since=date(2000, 1, 1)) == (
            _admitted(on, date(2000, 1, 1))
        )
    assert stats_drift() == []


def test_a_past_date_with_nothing_since_is_today(people):
    """Counted from the placements (a past date) or from the records (today), the same
    members give the same numbers."""
    yesterday = today() - timedelta(days=1)
    now = {t: +c for t, c in counts_on(today(), low="", high="~", width=WIDTH).items()}
    assert _counts(yesterday) == now
    assert admissions_on(
        yesterday, low="", high="~", width=WIDTH, since=past() - timedelta(60)
    ) == (admissions_on(today(), low="", high="~", width=WIDTH, since=past() - timedelta(60)))


def test_a_copy_changed_behind_the_services_back_is_drift(people):
    """A record written without its service (a raw UPDATE) leaves the placements' copies
    stale: the drift check names the column and the organization; the rebuild mends it."""
    a, _ = people
    Member.objects.filter(pk=a.mai.pk).update(admission_date=date(2015, 1, 1))
    Member.objects.filter(pk=a.hung.pk).update(occupation_group="huu_tri")
    drift = stats_drift()
    assert (a.office.pk, "placement", "admission_date", 1, 0) in drift
    assert (a.branch1.pk, "placement", "occupation_code", 1, 0) in drift
    placements_rebuild()
    assert [d for d in stats_drift() if d[1] == "placement"] == []


def test_the_rebuild_and_the_services_write_the_same_copies(people, admin):
    """placements_rebuild writes the copies in SQL (one INSERT ... SELECT), the services in
    Python (placement_copy): the same values, including a level outside the choices."""
    a, _ = people
    Member.objects.filter(pk=a.hung.pk).update(education_level="thpt")  # not a choice
    placements_refresh(Member.objects.get(pk=a.hung.pk))
    columns = ["member_id", *placement_copy(a.hung)]
    written = sorted(Placement.objects.values_list(*columns))
    placements_rebuild()
    assert sorted(Placement.objects.values_list(*columns)) == written
    hung = Placement.objects.get(member=a.hung)
    assert hung.education_code is None and hung.occupation_code == CODES["occupation_group"].index(
        "nong_dan"
    )
