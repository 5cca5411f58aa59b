"""Benchmark of issue #20's speed clause: the training work at the nation's scale.

    .venv/bin/python bench/training.py [--db tochuc_bench_nation] [--runs 5] [--write]

--db: a PostgreSQL name (on $BENCH_PG) or URL, or a SQLite file, built by `tochuc demo` (the
national demo: `make bench SCALE=nation`; a province's: `tochuc demo --scale province`).
Before measuring, every province without classes gets ten years of them by the nation's bulk
path (`demo.training.add_training_nation`, seed 1, the members kept), as cadres.py adds the
cadres to a national demo built before them.

Measures, as an administrator logged in (django.test.Client: pages and the API), each the
median of --runs after one warm-up, beside this process's CPU time, the SQL statements of
one request and its bare SQL floor:
  figures-term    the report's training sections for the largest province on today: the
                  classes of the year and of the term by programme, the trainees completed
                  by level and gender and those studying (the four grouped counts the
                  report's page, workbook and Word file read), by its child organizations < 200 ms
  report-table    GET /reports/tables/dao-tao-lop-nhiem-ky/?organization=<it> (the page)
  send-next       GET /training/send-next/?organization=<it> (who to send next)      < 500 ms
  send-next-api   GET /api/v1/training/send-next?organization=<it>                  < 500 ms
  classes         GET /training/?organization=<it> (ours: 200 ms)
  people          GET /training/people/?organization=<it>&status=completed (ours: 200 ms)
--write replaces this database's section of bench/results/training.md; --profile KEY prints
the cProfile of one request of a measure and its slowest statements.
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

RESULTS = ROOT / "bench" / "results" / "training.md"


def _build(say) -> None:
    """Ten years of classes for every province that has none (see the docstring)."""
    from tochuc.core.db import analyze
    from tochuc.demo.training import add_training_nation
    from tochuc.orgs.models import Organization
    from tochuc.training.models import TrainingClass

    provinces = Organization.objects.filter(kind="province")
    with_classes = {
        p.pk
        for p in provinces
        if TrainingClass.objects.filter(organization__path__startswith=p.path).exists()
    }
    if len(with_classes) == provinces.count():
        return
    started = time.perf_counter()
    made = add_training_nation(seed=1, progress=lambda m: say("  " + m))
    analyze()
    say(f"{_n(made)} lượt học viên in {time.perf_counter() - started:.0f} s")


def _measures(client, ctx) -> list[tuple]:
    """(key, label, target ms, fn, floor SQL, floor params)."""
    from tochuc.training import figures

    p, upper = ctx["province"], ctx["upper"]
    low, high, width = p.path, upper(p.path), len(p.path) + 8
    today = date.today()

    def get(path, **params):
        def fn():
            response = client.get(path, params)
            assert response.status_code == 200, (path, response.status_code)
            return response

        return fn

    def section():
        figures.class_figures(today, low, high, width)
        figures.trainee_figures(today, low, high, width)

    subtree = "SELECT id FROM orgs_organization WHERE path >= %s AND path < %s"
    classes = (
        "SELECT programme_id, count(*) FROM training_trainingclass "
        f"WHERE organization_id IN ({subtree}) AND starts_on >= %s GROUP BY programme_id"
    )
    trainees = (
        "SELECT gender, count(*) FROM training_trainee "
        f"WHERE organization_id IN ({subtree}) AND completed_on >= %s GROUP BY gender"
    )
    term = ctx["term"].starts_on.isoformat()
    holders = (
        "SELECT h.cadre_id FROM cadres_holding h JOIN cadres_cadre c ON c.id = h.cadre_id "
        f"WHERE h.end IS NULL AND c.organization_id IN ({subtree})"
    )
    return [
        (
            "figures-term",
            f"the training sections' counts, {p.name} ({ctx['classes']} lớp, "
            f"{ctx['trainees']} học viên), year and term {ctx['term'].name}",
            200,
            section,
            classes,
            [low, high, term],
        ),
        (
            "report-table",
            "`GET /reports/tables/dao-tao-lop-nhiem-ky/?organization=` the same (the page)",
            None,
            get("/reports/tables/dao-tao-lop-nhiem-ky/", organization=p.pk),
            classes,
            [low, high, term],
        ),
        (
            "send-next",
            f"`GET /training/send-next/?organization=` {p.name} ({ctx['lacking']} cán bộ)",
            500,
            get("/training/send-next/", organization=p.pk),
            holders,
            [low, high],
        ),
        (
            "send-next-api",
            "`GET /api/v1/training/send-next?organization=` the same",
            500,
            get("/api/v1/training/send-next", organization=p.pk),
            holders,
            [low, high],
        ),
        (
            "classes",
            f"`GET /training/?organization=` {p.name}",
            200,
            get("/training/", organization=p.pk),
            classes,
            [low, high, term],
        ),
        (
            "people",
            "`GET /training/people/?organization=&status=completed` the same",
            200,
            get("/training/people/", organization=p.pk, status="completed"),
            trainees,
            [low, high, term],
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="tochuc_bench_nation", help="PostgreSQL name/URL, SQLite")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", default="", help="keys, comma-separated")
    parser.add_argument("--write", action="store_true", help="update bench/results/training.md")
    parser.add_argument("--profile", metavar="KEY", help="cProfile one run of a measure, no more")
    args = parser.parse_args()
    only = {k for k in args.only.split(",") if k}

    django_on(args.db)
    from django.db import connection
    from django.test import Client

    from tochuc.accounts.models import Role, User
    from tochuc.core.scope import path_upper
    from tochuc.members.models import Member
    from tochuc.orgs.models import Organization, SubtreeCount, Term
    from tochuc.training.models import Trainee, TrainingClass
    from tochuc.training.send import lacking

    _build(print)

    roots = Organization.objects.filter(parent=None, dissolved_on__isnull=True)
    province = Organization.objects.get(
        pk=SubtreeCount.objects.filter(organization__in=roots, dimension="member", value="total")
        .order_by("-count")
        .values_list("organization_id", flat=True)[0]
    )
    user = User.objects.filter(username="bench-training").first()
    if user is None:
        user = User.objects.create_user("bench-training", password="bench-123456", role=Role.ADMIN)
    client = Client()
    client.force_login(user)
    within = {"organization__path__startswith": province.path}
    ctx = {
        "province": province,
        "upper": path_upper,
        "term": Term.objects.filter(starts_on__lte=date.today()).order_by("-starts_on").first(),
        "classes": _n(TrainingClass.objects.filter(**within).count()),
        "trainees": _n(Trainee.objects.filter(**within).count()),
        "lacking": _n(lacking(user, province, date.today()).count()),
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
        "classes": TrainingClass.objects.count(),
        "trainees": Trainee.objects.count(),
    }
    text = results_text(
        script="training.py",
        db=args.db,
        connection=connection,
        counted=counted,
        province=province,
        who="an administrator",
        runs=args.runs,
        lines=lines,
    )
    print()
    print(text)
    if args.write:
        title = "# Benchmark of the training work (issue #20)\n\nMade by `bench/training.py`.\n"
        write_section(RESULTS, args.db, text, title)


if __name__ == "__main__":
    main()
