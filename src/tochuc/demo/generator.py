"""Generating the demo: the real provinces and communes, filled with organizations and members."""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import reduce
from operator import or_

from django.db import connection, transaction
from django.db.models import BooleanField as _Bool
from django.db.models import DateField, DateTimeField, FileField, Q
from django.utils import timezone

from tochuc.core.audit import audit_record
from tochuc.core.bulk import indexes_deferred, pending_checks_done
from tochuc.core.db import analyze, insert_rows, is_postgresql
from tochuc.core.errors import ServiceError
from tochuc.core.formats import number
from tochuc.core.rules import rule_value
from tochuc.core.scope import path_q
from tochuc.demo.cadres import add_cadres
from tochuc.demo.documents import add_documents
from tochuc.demo.history import add_history
from tochuc.demo.people import PROFILES, REFERENCE_DATE, MemberMaker, Serials
from tochuc.demo.places import region as region_of
from tochuc.demo.structure import (
    Plan,
    plan_commune,
    plan_district_bodies,
    plan_old_commune,
    plan_province_bodies,
)
from tochuc.demo.training import add_training
from tochuc.members.counters import member_order_rebuild
from tochuc.members.models import Member
from tochuc.orgs.models import EPOCH, Organization
from tochuc.orgs.services.admin_units import (
    REORGANIZED_ON,
    Unit,
    load_admin_units,
    organizations_insert,
    province_find,
    provinces,
    wards,
)
from tochuc.orgs.services.admin_units_2024 import (
    load_admin_units_before_2025,
    old_units,
    predecessors,
)

SCALES = ("commune", "province", "nation")
COMMUNE_MEMBERS = 1_800  # one commune at scale "commune"
PROVINCE_MEMBERS = 150_000  # one province at scale "province", whatever its number of communes
NATION_MEMBERS = 6_000_000
# Indexes of the members' tables whose keys come in random order (names, sort keys, dates):
# on PostgreSQL each costs a random page write per row once it outgrows memory.
BUILT_AFTER_LOAD = (
    "member_admitted",
    "member_order",
    "member_search",
    "member_search_sorted",
    "member_search_trgm",
    "member_top_order",
)
BODIES_SHARE = 0.08  # of a province's members, in its province-level bodies
DEFAULT_PROVINCE = 4  # Cao Bằng for seed 1: small, mountainous, many ethnic groups


def _default_province(seed: int) -> Unit:
    units = provinces()
    first = next(i for i, u in enumerate(units) if u.code == DEFAULT_PROVINCE)
    return units[(first + seed - 1) % len(units)]


class _Inserter:
    """Inserts members as fast as the engine allows: COPY on PostgreSQL, executemany on SQLite."""

    def __init__(self):
        self.fields = [f for f in Member._meta.concrete_fields if not f.primary_key]
        self.table = Member._meta.db_table
        self.postgres = is_postgresql()

    def _converters(self):
        now = timezone.now()
        stamp = now if self.postgres else connection.ops.adapt_datetimefield_value(now)
        out = []
        for f in self.fields:
            if isinstance(f, DateTimeField):
                out.append((f.attname, lambda v, s=stamp: s))
            elif isinstance(f, FileField):
                out.append((f.attname, lambda v: str(v or "")))
            elif isinstance(f, DateField) and not self.postgres:
                out.append((f.attname, lambda v: v.isoformat() if v else None))
            elif isinstance(f, _Bool) and not self.postgres:
                out.append((f.attname, int))
            else:
                out.append((f.attname, None))
        return out

    def insert(self, members: list[Member]) -> None:
        if not members:
            return
        conv = self._converters()
        rows = (tuple(c(m.__dict__[a]) if c else m.__dict__[a] for a, c in conv) for m in members)
        insert_rows(self.table, [f.column for f in self.fields], rows)


class _Run:
    def __init__(self, *, seed: int, say: Callable[[str], None]):
        self.seed = seed
        self.say = say
        self.orgs = 0
        self.members = 0
        self.skipped: list[str] = []
        self.inserter = _Inserter()
        on = REFERENCE_DATE
        self.rules = {
            "age_min": int(rule_value("admission_age_min", on)),
            "age_max": int(rule_value("admission_age_max", on)),
            "probation_months": int(rule_value("probation_months", on)),
        }
        self._next_report = 100_000

    def rng(self, *parts) -> random.Random:
        """A generator of its own for each province and commune, so each is the same whatever
        else was generated before (a string seed is hashed the same in every process)."""
        return random.Random("tochuc-demo/" + "/".join(str(p) for p in (self.seed, *parts)))

    def maker(self, unit: Unit, *trees: Organization) -> MemberMaker:
        """Makes members for the province `unit`, unique among those already in `trees`."""
        slot = [u.code for u in provinces()].index(unit.code)
        within = reduce(or_, [path_q(t.path) for t in trees])
        existing = Member.objects.filter(
            organization__in=Organization.objects.filter(within).values("id")
        ).values_list("citizen_id", "party_card_number")
        ids, cards = zip(*existing, strict=True) if existing.exists() else ((), ())
        serials = Serials(slot=slot, province_code=unit.code, citizen_ids=ids, cards=cards)
        return MemberMaker(
            region=region_of(unit.code), province_label=unit.label, serials=serials, **self.rules
        )

    def fill(
        self,
        plan: Plan,
        *,
        target: int,
        rng: random.Random,
        maker: MemberMaker,
        place: str,
        urban: bool,
        founded=REORGANIZED_ON,
    ) -> int:
        """Insert the planned organizations and about `target` members in their branches."""
        total_weight = sum(w for _, _, w in plan.seats)
        local, staff = maker.ethnic_mix(rng, urban=urban)
        with transaction.atomic():
            organizations_insert(plan.orgs, effective_date=founded)
            members = []
            for org, profile_name, weight in plan.seats:
                profile = PROFILES[profile_name]
                n = max(3, round(target * weight / total_weight))
                ethnic = staff if profile.staff else local
                for _ in range(n):
                    members.append(
                        maker.make(
                            rng, organization_id=org.pk, profile=profile, ethnic=ethnic, place=place
                        )
                    )
            for i in range(0, len(members), 5000):
                self.inserter.insert(members[i : i + 5000])
        self.orgs += len(plan.orgs)
        self.members += len(members)
        return len(members)

    def province(self, unit: Unit, *, target: int, only_one_commune: bool, every_commune: bool):
        """Fill the province's communes (or one of them) and its province-level bodies."""
        province = Organization.objects.get(code=unit.org_code)
        communes = {o.code: o for o in Organization.objects.filter(parent=province, kind="upper")}
        units = [w for w in wards(unit.code) if w.org_code in communes]
        filled = set(
            Organization.objects.filter(parent__in=[c.pk for c in communes.values()])
            .values_list("parent__code", flat=True)
            .distinct()
        )
        label = unit.title
        if only_one_commune:
            rural = [w for w in units if w.word == "xã"] or units
            units = [self.rng(unit.code, "commune").choice(rural)]
        todo = [w for w in units if w.org_code not in filled]
        bodies_done = Organization.objects.filter(code=f"{unit.org_code}-CQD").exists()
        if not todo and (only_one_commune or bodies_done):
            self.skipped.append(unit.label)
            self.say(f"{label}: đã có dữ liệu mẫu, bỏ qua.")
            return
        maker = self.maker(unit, province)
        if only_one_commune:
            weights = {todo[0].code: 1.0}
            commune_total = target
        else:
            r = self.rng(unit.code, "targets")
            factor = {"phường": 1.3, "xã": 1.0, "đặc khu": 0.4}
            weights = {w.code: factor.get(w.word, 1.0) * r.uniform(0.75, 1.25) for w in units}
            commune_total = target * (1 - BODIES_SHARE)
        all_weight = sum(weights.values())
        province_label = f"{unit.word} {unit.bare}"
        if not only_one_commune and not bodies_done:
            r = self.rng(unit.code, "bodies")
            plan = plan_province_bodies(r, province, unit)
            self.fill(
                plan,
                target=round(target * BODIES_SHARE),
                rng=r,
                maker=maker,
                place=label,
                urban=True,
            )
        done = len(units) - len(todo)
        for ward in todo:
            r = self.rng(ward.code)
            commune = communes[ward.org_code]
            plan = plan_commune(r, commune, ward, region_of(unit.code))
            place = f"{ward.title}, {province_label}"
            self.fill(
                plan,
                target=round(commune_total * weights[ward.code] / all_weight),
                rng=r,
                maker=maker,
                place=place,
                urban=ward.word == "phường",
            )
            done += 1
            if every_commune or self.members >= self._next_report or done == len(units):
                self._next_report = (self.members // 100_000 + 1) * 100_000
                self.say(f"{label}: {done}/{len(units)} xã, {number(self.members)} đảng viên")
        if len(todo) < len(units):
            self.say(f"{label}: {len(units) - len(todo)} xã đã có dữ liệu mẫu từ trước, bỏ qua.")

    def province_before_2025(self, unit: Unit, *, target: int, only_one_commune: bool):
        """Fill the pre-2025 tree of the old provinces merged into `unit`: their province
        bodies, each district's own organizations and each old commune (or one of them)."""
        old_provinces, old_districts, old_communes = old_units()
        olds = predecessors(unit.code)
        orgs = {
            o.code: o
            for o in Organization.objects.filter(
                Q(code__in=[f"T{c:02d}" for c in olds])
                | Q(parent__code__in=[f"T{c:02d}" for c in olds], code__startswith="H")
                | Q(parent__parent__code__in=[f"T{c:02d}" for c in olds], code__startswith="C")
            )
        }
        filled = set(
            Organization.objects.filter(parent__in=orgs.values())
            .values_list("parent__code", flat=True)
            .distinct()
        )
        communes = [u for u in old_communes if u.province_code in olds and u.org_code in orgs]
        districts = [u for u in old_districts if u.province_code in olds and u.org_code in orgs]
        label = unit.title
        if only_one_commune:
            rural = [w for w in communes if w.word == "xã"] or communes
            communes = [self.rng(unit.code, "commune", "2024").choice(rural)]
            districts = []
        communes = [w for w in communes if w.org_code not in filled]
        with_bodies = set(
            Organization.objects.filter(parent__code__in=[d.org_code for d in districts])
            .exclude(code__startswith="C")
            .values_list("parent__code", flat=True)
        )
        districts = [d for d in districts if d.org_code not in with_bodies]
        bodies = [
            p
            for p in old_provinces
            if p.code in olds
            and not only_one_commune
            and not Organization.objects.filter(code=f"{p.org_code}-CQD").exists()
        ]
        if not (communes or districts or bodies):
            self.skipped.append(unit.label)
            self.say(f"{label} (trước 2025): đã có dữ liệu mẫu, bỏ qua.")
            return
        maker = self.maker(unit, *(orgs[f"T{c:02d}"] for c in olds))
        region = region_of(unit.code)
        factor = {"phường": 1.3, "thị trấn": 1.2, "xã": 1.0}
        r = self.rng(unit.code, "targets", "2024")
        weights = {w.code: factor.get(w.word, 1.0) * r.uniform(0.75, 1.25) for w in communes}
        share = 1.0 if only_one_commune else 1 - BODIES_SHARE - 0.1
        all_weight = sum(weights.values()) or 1
        province_of = {u.code: u for u in old_provinces}
        district_of = {u.code: u for u in old_districts}
        for p in bodies:
            r = self.rng(p.code, "bodies", "2024")
            self.fill(
                plan_province_bodies(r, orgs[p.org_code], p),
                target=round(target * BODIES_SHARE / len(olds)),
                rng=r,
                maker=maker,
                place=p.title,
                urban=True,
                founded=EPOCH,
            )
        for d in districts:
            r = self.rng(d.code, "district", "2024")
            self.fill(
                plan_district_bodies(r, orgs[d.org_code], d),
                target=round(target * 0.1 / max(1, len(districts))),
                rng=r,
                maker=maker,
                place=f"{d.title}, {province_of[d.province_code].label}",
                urban=d.word in ("quận", "thành phố", "thị xã"),
                founded=EPOCH,
            )
        for done, w in enumerate(communes, start=1):
            r = self.rng(w.code, "2024")
            district = district_of[w.district_code]
            self.fill(
                plan_old_commune(r, orgs[w.org_code], w, region),
                target=round(target * share * weights[w.code] / all_weight),
                rng=r,
                maker=maker,
                place=(f"{w.title}, {district.label}, {province_of[w.province_code].label}"),
                urban=w.word != "xã",
                founded=EPOCH,
            )
            if self.members >= self._next_report or done == len(communes):
                self._next_report = (self.members // 100_000 + 1) * 100_000
                self.say(
                    f"{label} (trước 2025): {done}/{len(communes)} xã cũ, "
                    f"{number(self.members)} đảng viên"
                )


@contextmanager
def _members_order_after(bulk: bool) -> Iterator[None]:
    """PostgreSQL, for a bulk load: members_order filled by one statement after it, rather
    than by its trigger for each batch of members."""
    if not bulk or not is_postgresql():
        yield
        return
    with connection.cursor() as cursor, pending_checks_done(cursor):
        cursor.execute("ALTER TABLE members_member DISABLE TRIGGER members_order_insert")
    try:
        yield
    finally:
        with connection.cursor() as cursor, pending_checks_done(cursor):
            cursor.execute("ALTER TABLE members_member ENABLE TRIGGER members_order_insert")
        member_order_rebuild()


def _progress_bar(done: int, total: int, members: int, planned: int, started: float) -> str:
    """[██████░░░░] 12/34 tỉnh, 2.101.223 đảng viên, 5 phút qua, còn khoảng 9 phút."""
    width = 30
    full = round(width * done / total)
    elapsed = time.perf_counter() - started
    share = min(1.0, max(members / planned, done / total / 10)) if planned else done / total
    left = elapsed * (1 - share) / share if share and done < total else 0
    return (
        f"[{'█' * full}{'░' * (width - full)}] {done}/{total} tỉnh, {number(members)} đảng viên, "
        f"{_minutes(elapsed)} qua" + (f", còn khoảng {_minutes(left)}" if left else "")
    )


def _minutes(seconds: float) -> str:
    return f"{round(seconds / 60)} phút" if seconds >= 90 else f"{round(seconds)} giây"


def generate(
    *,
    scale: str,
    seed: int,
    province: str | None = None,
    before_2025: bool = False,
    progress: Callable[[str], None] | None = None,
) -> dict:
    """Fill the database with a deterministic demo (same seed, same data).

    commune: one province's tree with one commune filled (~1,800 members);
    province: one province, every commune filled (~150,000 members);
    nation: the 34 provinces (~300,000 organizations, ~6,000,000 members).
    A province or commune that already has its organizations is skipped, so running it
    again adds nothing. Returns {"organizations", "members", "seconds", "skipped"}.

    On PostgreSQL a load into an empty database drops some indexes and a trigger for its
    duration (BUILT_AFTER_LOAD, _members_order_after): a build killed midway leaves them
    out, so drop that database and build again.
    """
    from tochuc.members.counters import stats_rebuild
    from tochuc.members.placements import placements_rebuild

    if scale not in SCALES:
        raise ServiceError(
            {"scale": [f"Quy mô «{scale}» không hợp lệ: chọn commune, province hoặc nation."]}
        )
    if scale == "nation" and province:
        raise ServiceError(
            {"province": ["Quy mô nation gồm cả 34 tỉnh, thành phố: không chọn riêng một tỉnh."]}
        )
    started = time.perf_counter()
    say = progress or (lambda message: None)
    run = _Run(seed=seed, say=say)
    load = load_admin_units_before_2025 if before_2025 else load_admin_units
    if scale == "nation":
        chosen = provinces()
        admin = load(progress=say)
    else:
        chosen = [province_find(province) if province else _default_province(seed)]
        admin = load(province=chosen[0].bare, progress=say)
    run.orgs += admin["created"]
    all_communes = len(wards())
    planned = {
        "commune": COMMUNE_MEMBERS,
        "province": PROVINCE_MEMBERS,
        "nation": NATION_MEMBERS,
    }[scale]
    # An empty database (or one smaller than the load) gets its random-order indexes
    # built once at the end, and members_order filled once: the nation's load took 28 min
    # with the indexes written row by row, 2 min more with the trigger of members_order.
    bulk = Member.objects.count() <= planned
    with indexes_deferred(BUILT_AFTER_LOAD if bulk else ()), _members_order_after(bulk):
        for finished, unit in enumerate(chosen, start=1):
            before = run.members
            if scale == "commune":
                target = COMMUNE_MEMBERS
            elif scale == "province":
                target = PROVINCE_MEMBERS
            else:
                target = round(NATION_MEMBERS * len(wards(unit.code)) / all_communes)
            if before_2025:
                run.province_before_2025(unit, target=target, only_one_commune=scale == "commune")
            else:
                run.province(
                    unit,
                    target=target,
                    only_one_commune=scale == "commune",
                    every_commune=scale != "nation",
                )
            if run.members > before:
                trees = list(
                    Organization.objects.filter(
                        code__in=[
                            f"T{c:02d}"
                            for c in (predecessors(unit.code) if before_2025 else [unit.code])
                        ]
                    ).order_by("code")
                )
                history = {"badges": 0, "lives": 0, "candidates": 0}
                maker = run.maker(unit, *trees)
                documents = cadres = trainees = 0
                for tree in trees:
                    done = add_history(
                        rng=run.rng(int(tree.code[1:]), "history"), province=tree, maker=maker
                    )
                    history = {k: history[k] + done[k] for k in history}
                    documents += add_documents(
                        rng=run.rng(int(tree.code[1:]), "documents"), province=tree
                    )
                    cadres += add_cadres(
                        rng=run.rng(int(tree.code[1:]), "cadres"),
                        province=tree,
                        every=scale != "nation",
                    )
                    trainees += add_training(
                        rng=run.rng(int(tree.code[1:]), "training"),
                        province=tree,
                        every=scale != "nation",
                    )
                say(
                    f"{unit.label}: {number(history['badges'])} huy hiệu đã trao, "
                    f"{number(history['lives'])} đảng viên có biến động, "
                    f"{number(history['candidates'])} quần chúng đang xét kết nạp, "
                    f"{number(documents)} văn bản, {number(cadres)} lượt bố trí, quy hoạch cán bộ, "
                    f"{number(trainees)} lượt học viên đào tạo, bồi dưỡng"
                )
                audit_record(
                    actor=None,
                    action="demo.generate",
                    target=Organization.objects.get(code=unit.org_code),
                    after={"scale": scale, "seed": seed, "members": run.members - before},
                )
            if len(chosen) > 1:
                say(_progress_bar(finished, len(chosen), run.members, planned, started))
    if run.members or run.orgs:
        say("Tính lại số liệu tổng hợp và quá trình sinh hoạt ...")
        stats_rebuild()
        placements_rebuild()
        analyze()
    seconds = round(time.perf_counter() - started, 1)
    say(
        f"Xong: {number(run.orgs)} tổ chức, {number(run.members)} đảng viên, "
        f"{number(seconds, 1)} giây."
    )
    return {
        "organizations": run.orgs,
        "members": run.members,
        "seconds": seconds,
        "skipped": run.skipped,
    }
