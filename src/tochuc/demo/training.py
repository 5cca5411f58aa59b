"""The demo's training work, deterministic by seed.

Schools: the province's political school («Trường Chính trị tỉnh …», organized by the
province) and a political centre for each of its upper-level committees (communes; before
2025 the districts). Ten years of classes, 2017 to the demo's reference year: each year the
school runs one or two trung cấp lý luận chính trị - hành chính classes (part time, about
ten months, 40–60 trainees), a «bồi dưỡng cấp ủy viên» and a «bồi dưỡng theo chức danh»
class, and every other year a cao cấp class with a few trainees; some communes' centres run
a sơ cấp class, a «nhận thức về Đảng» class (the commune's candidates of the admission
pipeline whose course fell that year, else people by name) and a class for new members.

Trainees are members of the organizer's subtree. A class that gives a theory level was
completed by members who hold it: the trainee keeps the level given and the one below as the
level before, with the member's «training» event (the record is neither raised nor lowered).
A class still running on the reference date keeps its trainees enrolled: members one level
below (cadres first, the staff profile's «đang học»), and in the communes the candidates who
are still to take their course. A finished class's trainees mostly completed, with a result
and a certificate, some left (with the reason).

The commune and province scales go through the training services (class_create,
trainee_enrol, trainee_complete, trainee_drop): audit rows as a user's. The nation's scale
decides the same in memory and writes it in bulk (bulk_create in batches, one «demo.training»
audit row per province), with more communes a year; `add_training_nation` fills an existing
national database (its members kept), a province with classes already left as it is."""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import NamedTuple

from django.db import transaction

from tochuc.accounts.services import system_actor
from tochuc.cadres.models import Cadre
from tochuc.core.audit import audit_record
from tochuc.core.formats import number
from tochuc.demo.names import NameMaker
from tochuc.demo.people import REFERENCE_DATE
from tochuc.demo.places import region
from tochuc.members import events
from tochuc.members.models import Candidate, Member, MemberEvent, MemberState
from tochuc.members.validators import add_months
from tochuc.orgs.models import SEGMENT, Organization
from tochuc.training.models import Programme, School, Trainee, TrainingClass
from tochuc.training.services import (
    class_create,
    trainee_complete,
    trainee_drop,
    trainee_enrol,
)

FIRST_YEAR = 2017
HIGHER = "Cao cấp lý luận chính trị"
MIDDLE = "Trung cấp lý luận chính trị - hành chính"
BASIC = "Sơ cấp lý luận chính trị"
NEW_MEMBERS = "Bồi dưỡng lý luận chính trị cho đảng viên mới"
AWARENESS = "Bồi dưỡng nhận thức về Đảng"
COMMITTEE = "Bồi dưỡng cấp ủy viên"
LEADERS = "Bồi dưỡng theo chức danh lãnh đạo, quản lý"
BELOW = {"so_cap": "", "trung_cap": "so_cap", "cao_cap": "trung_cap"}
ABBREVIATION = {HIGHER: "CC", MIDDLE: "TC", BASIC: "SC"}
DROP_REASONS = [
    "Chuyển công tác",
    "Lý do sức khỏe",
    "Hoàn cảnh gia đình khó khăn",
    "Không bảo đảm thời gian học tập",
    "Được cử đi học lớp khác",
]
RESULTS = {
    True: (["Xuất sắc", "Giỏi", "Khá", "Trung bình"], [3, 25, 57, 15]),  # a level's diploma
    False: (["Giỏi", "Khá", "Đạt yêu cầu"], [20, 50, 30]),  # a bồi dưỡng's certificate
}
BATCH = 2000
T = Trainee.Status


@dataclass(frozen=True)
class Shape:
    """How much a province does a year: the communes whose centre runs its three classes,
    the school's trung cấp and bồi dưỡng classes, the size of a bồi dưỡng or commune class."""

    communes: tuple[int, int]
    middle: tuple[int, int]
    fostering: tuple[int, int]
    size: tuple[int, int]


SMALL = Shape(communes=(2, 3), middle=(1, 2), fostering=(1, 1), size=(20, 35))
NATION = Shape(communes=(13, 18), middle=(1, 2), fostering=(1, 2), size=(30, 50))


class Person(NamedTuple):
    """A member as the demo picks them (one read of the province's members)."""

    pk: int
    organization_id: int
    commune_id: int | None  # the upper-level committee of their subtree (None: the province's)
    full_name: str
    birth_date: date
    gender: str
    admission_date: date
    theory_level: str
    ethnicity: str
    cadre: bool


@dataclass
class Seat:
    """One trainee to be: a member, a candidate or a person by name, and how it ended."""

    organization_id: int
    full_name: str
    birth_date: date | None
    gender: str
    member: Person | None = None
    candidate_id: int | None = None
    status: str = T.ENROLLED
    on: date | None = None  # completed or left that day
    result: str = ""
    certificate_number: str = ""
    certificate_date: date | None = None
    reason: str = ""
    level: str = ""  # the level the completion gave (the member holds it)


@dataclass
class Plan:
    """One class to be, with its trainees."""

    programme: Programme
    organization: Organization
    school: School
    name: str
    mode: str
    starts_on: date
    ends_on: date
    place: str
    seats: list[Seat] = field(default_factory=list)


def _day(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randrange(max(1, (end - start).days + 1)))


def _years(start: date, end: date) -> str:
    return f"{start.year}" if start.year == end.year else f"{start.year}–{end.year}"


def _place(org: Organization) -> str:
    return org.name.removeprefix("Đảng bộ ").strip()


class _Planner:
    """One province's classes, decided in memory by the seed."""

    def __init__(self, rng: random.Random, province: Organization, shape: Shape):
        self.rng = rng
        self.province = province
        self.shape = shape
        self.programmes = {p.name: p for p in Programme.objects.all()}
        self.communes = list(
            Organization.objects.filter(parent=province, kind="upper")
            .exclude(code__contains="-")  # the province's own Đảng bộ (T04-CQD ...)
            .order_by("code")
        )
        self.names = NameMaker(south=region(int(province.code[1:])).south)
        self.used: dict[str, set[int]] = defaultdict(set)  # member ids by programme
        self.serial: dict[str, int] = defaultdict(int)  # certificate numbers by programme
        self.course: dict[str, int] = defaultdict(int)  # the school's courses (K1, K2 ...)
        self.plans: list[Plan] = []
        self._read()

    # the people ------------------------------------------------------------------------
    def _read(self) -> None:
        province = self.province
        at = len(province.path) + SEGMENT
        by_path = {c.path: c.pk for c in self.communes}
        paths = dict(
            Organization.objects.filter(path__startswith=province.path).values_list("id", "path")
        )
        cadres = set(
            Cadre.objects.filter(
                member__isnull=False, organization__path__startswith=province.path
            ).values_list("member_id", flat=True)
        )
        people = []
        rows = (
            Member.objects.filter(
                organization__path__startswith=province.path, state=MemberState.ACTIVE
            )
            .order_by("pk")
            .values_list(
                "pk",
                "organization_id",
                "full_name",
                "birth_date",
                "gender",
                "admission_date",
                "theory_level",
                "ethnicity",
            )
        )
        for pk, org, name, born, gender, admitted, level, ethnicity in rows.iterator(10_000):
            commune = by_path.get(paths[org][:at])
            people.append(
                Person(
                    pk, org, commune, name, born, gender, admitted, level, ethnicity, pk in cadres
                )
            )
        self.rng.shuffle(people)
        self.level: dict[str, list[Person]] = defaultdict(list)  # the province's, by level
        self.cadres_level: dict[str, list[Person]] = defaultdict(list)
        self.of_commune: dict[int, list[Person]] = defaultdict(list)
        self.commune_level: dict[tuple[int, str], list[Person]] = defaultdict(list)
        for p in people:
            self.level[p.theory_level].append(p)
            if p.cadre:
                self.cadres_level[p.theory_level].append(p)
            if p.commune_id is not None:
                self.of_commune[p.commune_id].append(p)
                self.commune_level[p.commune_id, p.theory_level].append(p)
        self.everyone = people
        self.leaders = [p for p in people if p.cadre] + [
            p
            for p in people
            if not p.cadre and p.theory_level in ("trung_cap", "cao_cap", "cu_nhan")
        ]
        # the admission pipeline's candidates, by commune: their course done (its day), or
        # still to come
        self.candidates: dict[int, list[tuple]] = defaultdict(list)
        commune_of_org = {org: by_path.get(path[:at]) for org, path in paths.items()}
        for row in (
            Candidate.objects.filter(
                organization__path__startswith=province.path,
                status=Candidate.Status.IN_PROGRESS,
            )
            .order_by("pk")
            .values_list(
                "pk", "organization_id", "full_name", "birth_date", "gender", "step", "course_date"
            )
        ):
            commune = commune_of_org.get(row[1])
            if commune is not None:
                self.candidates[commune].append(row)

    def _take(self, pool: list[Person], n: int, programme: str, ok: Callable) -> list[Person]:
        used = self.used[programme]
        out: list[Person] = []
        if n <= 0:
            return out
        for p in pool:
            if p.pk not in used and ok(p):
                used.add(p.pk)
                out.append(p)
                if len(out) == n:
                    break
        return out

    # one class --------------------------------------------------------------------------
    def _plan(self, programme, org, school, name, mode, start, end, place) -> Plan:
        return Plan(self.programmes[programme], org, school, name, mode, start, end, place)

    def _seat_member(self, plan: Plan, p: Person) -> None:
        plan.seats.append(
            Seat(
                organization_id=p.organization_id,
                full_name=p.full_name,
                birth_date=p.birth_date,
                gender=p.gender,
                member=p,
            )
        )

    def _by_name(self, plan: Plan, n: int, commune_id: int) -> None:
        rng = self.rng
        people = self.of_commune.get(commune_id) or self.everyone
        for _ in range(n):
            female = rng.random() < 0.45
            born = plan.starts_on - timedelta(days=rng.randrange(18 * 365, 35 * 365))
            ethnicity = rng.choice(people).ethnicity if people else "Kinh"
            plan.seats.append(
                Seat(
                    organization_id=plan.organization.pk,
                    full_name=self.names.full_name(rng, ethnicity, female, born.year),
                    birth_date=born,
                    gender="female" if female else "male",
                )
            )

    def _outcomes(self, plan: Plan, dropping: float) -> None:
        """Completed on the last day (a certificate within three weeks) or left, for a class
        over by the reference date; still enrolled for one running."""
        rng = self.rng
        programme = plan.programme
        level = programme.theory_level
        over = plan.ends_on < REFERENCE_DATE
        names, weights = RESULTS[bool(level)]
        abbreviation = ABBREVIATION.get(programme.name, "BD")
        for seat in plan.seats:
            done = seat.on is not None  # a candidate's course, done on its certificate's day
            if not (over or done):
                continue
            if not done and rng.random() < dropping:
                seat.status = T.DROPPED
                seat.on = _day(rng, plan.starts_on, plan.ends_on)
                seat.reason = rng.choice(DROP_REASONS)
                continue
            seat.status = T.COMPLETED
            if not done:
                seat.on = plan.ends_on
                seat.certificate_date = min(
                    plan.ends_on + timedelta(days=rng.randrange(0, 21)), REFERENCE_DATE
                )
            self.serial[programme.name] += 1
            seat.result = rng.choices(names, weights)[0]
            seat.certificate_number = (
                f"{abbreviation} {plan.ends_on.year}-{self.serial[programme.name]:04d}"
            )
            if level and seat.member is not None:
                seat.level = level

    def _level_class(self, plan: Plan, pool_of: Callable[[str], list[Person]], n: int) -> bool:
        """Members who hold the level (the class gave it) or, for a class still running, the
        level below (cadres first); admitted before it began and 22 or older."""
        level = plan.programme.theory_level
        start = plan.starts_on
        running = plan.ends_on >= REFERENCE_DATE
        wanted = BELOW[level] if running else level
        oldest = date(start.year - 22, start.month, 1)

        def ok(p: Person) -> bool:
            return p.admission_date <= start and p.birth_date <= oldest

        pool = pool_of(wanted)
        chosen = []
        if running and plan.organization == self.province:
            cadres = self.cadres_level.get(wanted, [])
            chosen = self._take(cadres, min(len(cadres), max(2, n // 5)), plan.programme.name, ok)
        chosen += self._take(pool, n - len(chosen), plan.programme.name, ok)
        for p in chosen:
            self._seat_member(plan, p)
        return len(chosen) >= 3

    def _add(self, plan: Plan, dropping: float) -> None:
        self._outcomes(plan, dropping)
        self.plans.append(plan)

    # the school --------------------------------------------------------------------------
    def province_year(self, school: School, year: int) -> None:
        rng, shape, province = self.rng, self.shape, self.province
        place = school.name
        last = REFERENCE_DATE - timedelta(days=20)  # a bồi dưỡng over by the reference date
        for i in range(rng.randint(*shape.middle)):
            start = _day(rng, date(year, 3 if i == 0 else 9, 1), date(year, 3 if i == 0 else 9, 20))
            if start > REFERENCE_DATE:
                continue
            end = add_months(start, 10) - timedelta(days=rng.randrange(0, 15))
            self.course[MIDDLE] += 1
            plan = self._plan(
                MIDDLE,
                province,
                school,
                f"Lớp Trung cấp lý luận chính trị - hành chính K{self.course[MIDDLE]} "
                f"({_years(start, end)})",
                TrainingClass.Mode.PART_TIME,
                start,
                end,
                place,
            )
            if self._level_class(plan, lambda level: self.level[level], rng.randint(40, 60)):
                self._add(plan, 0.05)
        if year % 2 == 1:
            start = _day(rng, date(year, 8, 1), date(year, 9, 15))
            end = add_months(start, 16)
            self.course[HIGHER] += 1
            plan = self._plan(
                HIGHER,
                province,
                school,
                f"Lớp Cao cấp lý luận chính trị hệ không tập trung K{self.course[HIGHER]} "
                f"({_years(start, end)})",
                TrainingClass.Mode.PART_TIME,
                start,
                end,
                place,
            )
            if self._level_class(plan, lambda level: self.level[level], rng.randint(5, 12)):
                self._add(plan, 0.03)
        for programme, days, months, pool in (
            (COMMITTEE, 5, (4, 6), self.everyone),
            (LEADERS, 10, (7, 10), self.leaders),
        ):
            count = rng.randint(*shape.fostering)
            for i in range(count):
                start = _day(rng, date(year, months[0], 1), date(year, months[1], 28))
                start = min(start, last - timedelta(days=days))
                end = start + timedelta(days=days - 1)
                suffix = f", lớp {i + 1}" if count > 1 else ""
                plan = self._plan(
                    programme,
                    province,
                    school,
                    f"Lớp {programme[0].lower()}{programme[1:]} năm {year}{suffix}",
                    TrainingClass.Mode.FULL_TIME,
                    start,
                    end,
                    place,
                )
                oldest, youngest = start.year - 58, start.year - 28
                chosen = self._take(
                    pool,
                    rng.randint(*shape.size),
                    programme,
                    lambda p, s=start, a=oldest, b=youngest: (
                        a <= p.birth_date.year <= b and p.admission_date.year <= s.year - 3
                    ),
                )
                for p in chosen:
                    self._seat_member(plan, p)
                if len(chosen) >= 3:
                    self._add(plan, 0.02)

    # the communes' centres ---------------------------------------------------------------
    def commune_year(self, commune: Organization, centre: School, year: int) -> None:
        rng, shape = self.rng, self.shape
        where = _place(commune)
        place = f"Hội trường {centre.name}"
        last = REFERENCE_DATE - timedelta(days=20)
        # sơ cấp: part time, about ten weeks; the reference year's runs over the reference day
        if year == REFERENCE_DATE.year:
            start = _day(rng, date(year, 9, 1), date(year, 10, 10))
        else:
            start = _day(rng, date(year, 3, 1), date(year, 9, 30))
        end = start + timedelta(days=rng.randrange(65, 80))
        plan = self._plan(
            BASIC,
            commune,
            centre,
            f"Lớp Sơ cấp lý luận chính trị {where} năm {year}",
            TrainingClass.Mode.PART_TIME,
            start,
            end,
            place,
        )

        def pool_of(level: str) -> list[Person]:
            return self.commune_level.get((commune.pk, level), [])

        if self._level_class(plan, pool_of, rng.randint(*shape.size)):
            self._add(plan, 0.04)
        # new members: those admitted within the year before
        start = min(_day(rng, date(year, 4, 1), date(year, 11, 30)), last - timedelta(days=7))
        since = start - timedelta(days=365)
        chosen = self._take(
            sorted(self.of_commune.get(commune.pk, []), key=lambda p: p.admission_date),
            rng.randint(*shape.size),
            NEW_MEMBERS,
            lambda p: since <= p.admission_date < start,
        )
        if len(chosen) >= 3:
            plan = self._plan(
                NEW_MEMBERS,
                commune,
                centre,
                f"Lớp bồi dưỡng lý luận chính trị cho đảng viên mới {where} năm {year}",
                TrainingClass.Mode.FULL_TIME,
                start,
                start + timedelta(days=6),
                place,
            )
            for p in chosen:
                self._seat_member(plan, p)
            self._add(plan, 0.02)
        self._awareness(commune, centre, year)

    def _awareness(self, commune: Organization, centre: School, year: int) -> None:
        """The commune's candidates whose course fell that year, in classes of the course's
        days (their certificate the admission's own day), filled up with people by name; in
        the reference year, those still to take it in a class running on the reference day."""
        rng = self.rng
        where = _place(commune)
        place = f"Hội trường {centre.name}"
        size = rng.randint(*self.shape.size)
        candidates = self.candidates.get(commune.pk, [])
        done = sorted((c for c in candidates if c[6] and c[6].year == year), key=lambda c: c[6])
        groups: list[list[tuple]] = []
        for c in done:
            if groups and c[6] <= groups[-1][0][6] + timedelta(days=60):
                groups[-1].append(c)
            else:
                groups.append([c])
        classes = [(g[0][6] - timedelta(days=4), g[-1][6], g) for g in groups]
        if not classes:
            start = _day(rng, date(year, 3, 1), min(date(year, 11, 30), REFERENCE_DATE))
            start = min(start, REFERENCE_DATE - timedelta(days=20))
            classes = [(start, start + timedelta(days=4), [])]
        if year == REFERENCE_DATE.year:
            waiting = [c for c in candidates if c[5] == "listed" and c[6] is None]
            if waiting:
                start = REFERENCE_DATE - timedelta(days=2)
                classes.append((start, start + timedelta(days=6), waiting))
        for i, (start, end, group) in enumerate(classes, start=1):
            suffix = f" (đợt {i})" if len(classes) > 1 else ""
            plan = self._plan(
                AWARENESS,
                commune,
                centre,
                f"Lớp bồi dưỡng nhận thức về Đảng {where} năm {year}{suffix}",
                TrainingClass.Mode.FULL_TIME,
                start,
                end,
                place,
            )
            for pk, org, name, born, gender, _step, course in group:
                seat = Seat(
                    organization_id=org,
                    full_name=name,
                    birth_date=born,
                    gender=gender,
                    candidate_id=pk,
                )
                if course is not None:  # completed on their certificate's day
                    seat.on = seat.certificate_date = course
                plan.seats.append(seat)
            self._by_name(plan, max(0, size - len(group)), commune.pk)
            self._add(plan, 0.02 if end < REFERENCE_DATE else 0)

    # the province's ten years --------------------------------------------------------------
    def run(self, school: School, centres: dict[int, School]) -> list[Plan]:
        rng = self.rng
        filled = [c for c in self.communes if self.of_commune.get(c.pk)]
        for year in range(FIRST_YEAR, REFERENCE_DATE.year + 1):
            self.province_year(school, year)
            order = filled[:]
            rng.shuffle(order)
            # the communes with candidates whose course fell that year come first
            order.sort(
                key=lambda c: (
                    not any(k[6] and k[6].year == year for k in self.candidates.get(c.pk, []))
                )
            )
            for commune in sorted(order[: rng.randint(*self.shape.communes)], key=lambda c: c.code):
                self.commune_year(commune, centres[commune.pk], year)
        return self.plans


def _schools(province: Organization, communes: list[Organization]) -> tuple[School, dict]:
    """The province's political school and each commune's political centre, made when
    missing."""
    wanted = [(province, f"Trường Chính trị {_place(province)}", School.Kind.SCHOOL)] + [
        (c, f"Trung tâm Chính trị {_place(c)}", School.Kind.CENTRE) for c in communes
    ]
    have = {
        (s.organization_id, s.name): s
        for s in School.objects.filter(organization__in=[o for o, _, _ in wanted])
    }
    missing = [
        School(organization=o, name=n, kind=k) for o, n, k in wanted if (o.pk, n) not in have
    ]
    for s in School.objects.bulk_create(missing, BATCH):
        have[s.organization_id, s.name] = s
    school = have[province.pk, wanted[0][1]]
    return school, {o.pk: have[o.pk, n] for o, n, _ in wanted[1:]}


def add_training(*, rng: random.Random, province: Organization, every: bool = True) -> int:
    """Fill the province's training work; nothing when it has classes already. `every`: the
    small scales, through the services; otherwise the nation's bulk path. Returns the number
    of trainees."""
    if province.kind != "province":
        return 0
    if TrainingClass.objects.filter(organization__path__startswith=province.path).exists():
        return 0
    planner = _Planner(rng, province, SMALL if every else NATION)
    if not planner.everyone:
        return 0
    school, centres = _schools(province, planner.communes)
    plans = planner.run(school, centres)
    if every:
        return _through_services(plans)
    return _in_bulk(province, plans)


# --- the small scales: through the services -------------------------------------------------


def _trained(seat: Seat, plan: Plan, member=None) -> MemberEvent:
    """The member's «training» event, as trainee_complete writes it when it raises a level."""
    return events.trained(
        member or Member(pk=seat.member.pk, organization_id=seat.member.organization_id),
        class_name=plan.name,
        before=BELOW[seat.level],
        after=seat.level,
        on=seat.on,
        save=False,
    )


def _through_services(plans: list[Plan]) -> int:
    actor = system_actor()
    made = 0
    for plan in plans:
        with transaction.atomic():
            klass = class_create(
                actor=actor,
                organization=plan.organization,
                programme=plan.programme,
                name=plan.name,
                mode=plan.mode,
                starts_on=plan.starts_on,
                ends_on=plan.ends_on,
                school=plan.school,
                place=plan.place,
                planned_size=len(plan.seats),
            )
            members = Member.objects.select_related("organization").in_bulk(
                [s.member.pk for s in plan.seats if s.member]
            )
            candidates = Candidate.objects.select_related("organization").in_bulk(
                [s.candidate_id for s in plan.seats if s.candidate_id]
            )
            given: list[int] = []
            trained: list[MemberEvent] = []
            for seat in plan.seats:
                member = members[seat.member.pk] if seat.member else None
                trainee = trainee_enrol(
                    actor=actor,
                    training_class=klass,
                    on=plan.starts_on,
                    member=member,
                    candidate=candidates[seat.candidate_id] if seat.candidate_id else None,
                    full_name=seat.full_name,
                    birth_date=seat.birth_date,
                    gender=seat.gender,
                )
                made += 1
                if seat.status == T.COMPLETED:
                    trainee_complete(
                        actor=actor,
                        trainee=trainee,
                        on=seat.on,
                        result=seat.result,
                        certificate_number=seat.certificate_number,
                        certificate_date=seat.certificate_date,
                    )
                    if seat.level:
                        # the member holds the level already: the class gave it to them
                        given.append(trainee.pk)
                        trained.append(_trained(seat, plan, member))
                elif seat.status == T.DROPPED:
                    trainee_drop(actor=actor, trainee=trainee, on=seat.on, reason=seat.reason)
            if given:
                level = plan.programme.theory_level
                Trainee.objects.filter(pk__in=given, level_given="").update(
                    level_before=BELOW[level], level_given=level
                )
                MemberEvent.objects.bulk_create(trained, BATCH)
    return made


# --- the nation's scale, in bulk --------------------------------------------------------------


def _in_bulk(province: Organization, plans: list[Plan]) -> int:
    classes = [
        TrainingClass(
            programme=p.programme,
            organization=p.organization,
            school=p.school,
            name=p.name,
            place=p.place,
            mode=p.mode,
            starts_on=p.starts_on,
            ends_on=p.ends_on,
            planned_size=len(p.seats),
        )
        for p in plans
    ]
    trainees: list[Trainee] = []
    trained: list[MemberEvent] = []
    for plan, klass in zip(plans, classes, strict=True):
        for seat in plan.seats:
            trainees.append(
                Trainee(
                    training_class=klass,
                    member_id=seat.member.pk if seat.member else None,
                    candidate_id=seat.candidate_id,
                    organization_id=seat.organization_id,
                    full_name=seat.full_name,
                    birth_date=seat.birth_date,
                    gender=seat.gender,
                    enrolled_on=plan.starts_on,
                    status=seat.status,
                    completed_on=seat.on if seat.status == T.COMPLETED else None,
                    dropped_on=seat.on if seat.status == T.DROPPED else None,
                    result=seat.result,
                    certificate_number=seat.certificate_number,
                    certificate_date=seat.certificate_date,
                    dropped_reason=seat.reason,
                    level_before=BELOW[seat.level] if seat.level else "",
                    level_given=seat.level,
                )
            )
            if seat.level:
                trained.append(_trained(seat, plan))
    with transaction.atomic():
        TrainingClass.objects.bulk_create(classes, BATCH)
        Trainee.objects.bulk_create(trainees, BATCH)
        MemberEvent.objects.bulk_create(trained, BATCH)
        audit_record(
            actor=None,
            action="demo.training",
            target=province,
            after={
                "classes": len(classes),
                "trainees": len(trainees),
                "completed": sum(t.status == T.COMPLETED for t in trainees),
                "levels_given": len(trained),
            },
        )
    return len(trainees)


def add_training_nation(*, seed: int, progress=None) -> int:
    """The nation's training work added to a database whose members are there (the bench's
    national demo built before it): each province as `generate` would have made it, with the
    same seed; a province with classes already is left as it is."""
    from tochuc.demo.generator import _Run

    say = progress or (lambda message: None)
    run = _Run(seed=seed, say=say)
    made = 0
    for province in Organization.objects.filter(kind="province").order_by("code"):
        done = add_training(
            rng=run.rng(int(province.code[1:]), "training"), province=province, every=False
        )
        made += done
        say(f"{province.name}: {number(done)} lượt học viên đào tạo, bồi dưỡng")
    return made
