"""Benchmark of issue #19's speed clause: the cadre work at the nation's scale.

    .venv/bin/python bench/cadres.py [--db tochuc_bench_nation] [--runs 5] [--write]

--db: a PostgreSQL name (on $BENCH_PG) or URL, or a SQLite file, built by `tochuc demo` (the
national demo: `make bench SCALE=nation`; a province's: `tochuc demo --scale province`).
Before measuring, every province whose cadre work was not made by the nation's bulk path
(`demo.cadres._Bulk`, audited «demo.cadres») gets it: the rows the small scales' service path
made there are deleted, then `demo.cadres.add_cadres_nation` writes positions, holders,
committee seats, the planning list of 2025–2030, moves and clearance cases for the province
and every commune, with the demo's seed (1), the members kept. So this bench adds the cadres
to a national demo built before them, as documents.py adds its documents.

Measures, as an administrator logged in (django.test.Client: pages and the API), each the
median of --runs after one warm-up, beside the median CPU time of this process alone (the
Python side, without the waits of a busy machine), the number of SQL statements of one
request, and its bare SQL floor timed the same way:
  planning-page   GET /cadres/planning/?organization=<largest province>         < 200 ms
  planning-api    GET /api/v1/cadres/planning?organization=<it>&term=<2025–2030> < 200 ms
  planning-commune  the same page for the commune with the most positions         < 200 ms
  record-page     GET /members/<id>/ of the cadre with the most rows (the cadre tab) < 50 ms
  record-plain    the same page of a member who is no cadre (what the cadre tab adds)
  record-api      GET /api/v1/cadres/<id>                                         < 50 ms
  counts-nation   GET /api/v1/cadres/clearance/counts, the whole country, 2021–2026 < 500 ms
  positions       GET /cadres/positions/?organization=<province>            (ours: 200 ms)
  positions-api   GET /api/v1/cadres/positions?organization=<province>       (ours: 200 ms)
  vacancies       GET /cadres/positions/?organization=<province>&vacant=1    (ours: 200 ms)
  vacancies-api   GET /api/v1/cadres/positions?organization=<province>&vacant=true (200 ms)
--write replaces this database's section of bench/results/cadres.md; --profile KEY prints
the cProfile of one request of a measure and its slowest statements (as reports.py's).
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from reports import (  # noqa: E402  the same --db, --profile and results file
    django_on,
    measure_table,
    results_text,
    write_section,
)
from run import _n  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "cadres.md"
START, END = "2021-01-01", "2026-12-31"


def _build(say) -> None:
    """The nation's bulk path for every province without it (see the docstring)."""
    from django.db import transaction

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
    from tochuc.core.db import analyze
    from tochuc.core.models import AuditEvent
    from tochuc.demo.cadres import add_cadres_nation
    from tochuc.orgs.models import Organization

    done = set(AuditEvent.objects.filter(action="demo.cadres").values_list("target_id", flat=True))
    todo = [
        p for p in Organization.objects.filter(kind="province").order_by("code") if p.pk not in done
    ]
    if not todo:
        return
    started = time.perf_counter()
    with transaction.atomic():
        for province in todo:
            within = {"organization__path__startswith": province.path}
            of_position = {"position__organization__path__startswith": province.path}
            PoliticalClearance.objects.filter(**within).delete()
            CadreEvent.objects.filter(**within).delete()
            CommitteeSeat.objects.filter(**within).delete()
            Planning.objects.filter(**of_position).delete()
            Holding.objects.filter(**of_position).delete()
            Position.objects.filter(**within).delete()
            Body.objects.filter(**within, parent__isnull=False).delete()
            Body.objects.filter(**within).delete()
            Cadre.objects.filter(**within).delete()
    made = add_cadres_nation(seed=1, progress=lambda m: say("  " + m))
    analyze()
    say(f"{_n(made)} lượt bố trí, quy hoạch in {time.perf_counter() - started:.0f} s")


def _measures(client, ctx) -> list[tuple]:
    """(key, label, target ms, fn, floor SQL, floor params)."""
    p, upper = ctx["province"], ctx["upper"]

    def get(path, **params):
        def fn():
            response = client.get(path, params)
            assert response.status_code == 200, (path, response.status_code)
            return response

        return fn

    subtree = "SELECT id FROM orgs_organization WHERE path >= %s AND path < %s"
    within = [p.path, upper(p.path)]
    plans = (
        "SELECT l.id, c.full_name, c.birth_date FROM cadres_planning l "
        "JOIN cadres_cadre c ON c.id = l.cadre_id JOIN cadres_position q ON q.id = l.position_id "
        f"WHERE l.term_id = %s AND l.removed_on IS NULL AND q.organization_id IN ({subtree})"
    )
    positions = (
        "SELECT q.id, count(h.id) FROM cadres_position q LEFT JOIN cadres_holding h "
        "ON h.position_id = q.id AND h.start <= %s AND (h.end IS NULL OR h.end >= %s) "
        f"WHERE q.organization_id IN ({subtree}) GROUP BY q.id"
    )
    today = date.today().isoformat()
    counts = (
        "SELECT purpose_id, count(*) FROM cadres_politicalclearance "
        "WHERE concluded_on >= %s AND concluded_on <= %s GROUP BY purpose_id"
    )
    c, m = ctx["cadre"], ctx["cadre"].member_id
    return [
        (
            "planning-page",
            f"`GET /cadres/planning/?organization=` {p.name} ({ctx['positions']} chức vụ)",
            200,
            get("/cadres/planning/", organization=p.pk),
            plans,
            [ctx["term"].pk, *within],
        ),
        (
            "planning-api",
            "`GET /api/v1/cadres/planning` the same",
            200,
            get("/api/v1/cadres/planning", organization=p.pk, term=ctx["term"].pk),
            plans,
            [ctx["term"].pk, *within],
        ),
        (
            "planning-commune",
            f"the page for {ctx['commune'].name} ({ctx['commune_positions']} chức vụ)",
            200,
            get("/cadres/planning/", organization=ctx["commune"].pk),
            plans,
            [ctx["term"].pk, ctx["commune"].path, upper(ctx["commune"].path)],
        ),
        (
            "record-page",
            f"`GET /members/<id>/` {c.full_name} (tab «Cán bộ»: {ctx['rows']} dòng)",
            50,
            get(f"/members/{m}/"),
            "SELECT * FROM cadres_cadre WHERE member_id = %s",
            [m],
        ),
        (
            "record-plain",
            "the same page of a member of the same branch who is no cadre (the reference)",
            50,
            get(f"/members/{ctx['plain']}/"),
            "SELECT * FROM cadres_cadre WHERE member_id = %s",
            [ctx["plain"]],
        ),
        (
            "record-api",
            "`GET /api/v1/cadres/<id>` the same cadre",
            50,
            get(f"/api/v1/cadres/{c.pk}"),
            "SELECT * FROM cadres_cadre WHERE id = %s",
            [c.pk],
        ),
        (
            "counts-nation",
            f"`GET /api/v1/cadres/clearance/counts` {START[:4]}–{END[:4]}, "
            f"{ctx['where']} ({_n(ctx['cases'])} hồ sơ)",
            500,
            get("/api/v1/cadres/clearance/counts", start=START, end=END),
            counts,
            [START, END],
        ),
        (
            "positions",
            f"`GET /cadres/positions/?organization=` {p.name}",
            200,
            get("/cadres/positions/", organization=p.pk),
            positions,
            [today, today, *within],
        ),
        (
            "positions-api",
            "`GET /api/v1/cadres/positions?organization=` the same",
            200,
            get("/api/v1/cadres/positions", organization=p.pk),
            positions,
            [today, today, *within],
        ),
        (
            "vacancies",
            "the same page, `&vacant=1`",
            200,
            get("/cadres/positions/", organization=p.pk, vacant=1),
            positions,
            [today, today, *within],
        ),
        (
            "vacancies-api",
            "the same API, `&vacant=true`",
            200,
            get("/api/v1/cadres/positions", organization=p.pk, vacant="true"),
            positions,
            [today, today, *within],
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="tochuc_bench_nation", help="PostgreSQL name/URL, SQLite")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", default="", help="keys, comma-separated")
    parser.add_argument("--write", action="store_true", help="update bench/results/cadres.md")
    parser.add_argument("--profile", metavar="KEY", help="cProfile one run of a measure, no more")
    args = parser.parse_args()
    only = {k for k in args.only.split(",") if k}

    django_on(args.db)
    from django.contrib.auth.models import Permission
    from django.db import connection
    from django.db.models import Count
    from django.test import Client

    from tochuc.accounts.models import Role, User
    from tochuc.cadres.models import (
        Cadre,
        Holding,
        Planning,
        PoliticalClearance,
        Position,
    )
    from tochuc.core.scope import path_upper
    from tochuc.members.models import Member
    from tochuc.orgs.models import Organization, SubtreeCount, Term

    _build(print)

    roots = Organization.objects.filter(parent=None, dissolved_on__isnull=True)
    province = Organization.objects.get(
        pk=SubtreeCount.objects.filter(organization__in=roots, dimension="member", value="total")
        .order_by("-count")
        .values_list("organization_id", flat=True)[0]
    )
    commune = (
        Organization.objects.filter(parent=province, kind="upper", code__startswith="X")
        .annotate(n=Count("positions"))
        .order_by("-n", "code")
        .first()
    )
    # the cadre with the most holdings and plans of the province (the record's longest tab)
    busiest = (
        Holding.objects.filter(position__organization__path__startswith=province.path)
        .values("cadre")
        .annotate(n=Count("id"))
        .order_by("-n", "cadre")
        .values_list("cadre", flat=True)[:50]
    )
    cadre = max(
        Cadre.objects.filter(pk__in=list(busiest)).annotate(
            rows=Count("holdings", distinct=True) + Count("plans", distinct=True)
        ),
        key=lambda c: (c.rows, -c.pk),
    )
    user = User.objects.filter(username="bench-cadres").first()
    if user is None:
        user = User.objects.create_user("bench-cadres", password="bench-123456", role=Role.ADMIN)
        user.user_permissions.add(Permission.objects.get(codename="see_clearance"))
    client = Client()
    client.force_login(user)
    ctx = {
        "province": province,
        "upper": path_upper,
        "term": Term.objects.get(name="2025–2030"),
        "cadre": cadre,
        "commune": commune,
        "plain": Member.objects.filter(organization_id=cadre.organization_id, cadre__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)
        .first(),
        "commune_positions": commune.n,
        "rows": cadre.rows,
        "positions": _n(
            Position.objects.filter(organization__path__startswith=province.path).count()
        ),
        "cases": PoliticalClearance.objects.count(),
        "where": "cả nước" if roots.count() > 1 else "cả tỉnh",
    }
    lines = measure_table(
        _measures(client, ctx),
        runs=args.runs,
        only=only,
        profile=args.profile,
        connection=connection,
    )
    if lines is None:
        return
    counted = {
        "members": Member.objects.count(),
        "organizations": Organization.objects.count(),
        "positions": Position.objects.count(),
        "cadres": Cadre.objects.count(),
        "holdings": Holding.objects.count(),
        "plans": Planning.objects.count(),
        "clearance cases": PoliticalClearance.objects.count(),
    }
    text = results_text(
        script="cadres.py",
        db=args.db,
        connection=connection,
        counted=counted,
        province=province,
        who="an administrator with the clearance permission",
        runs=args.runs,
        lines=lines,
    )
    print()
    print(text)
    if args.write:
        title = "# Benchmark of the cadre work (issue #19)\n\nMade by `bench/cadres.py`.\n"
        write_section(RESULTS, args.db, text, title)


if __name__ == "__main__":
    main()
