"""What throttling costs a script: an API read by bearer token, through axes, beside the bare
token lookup it replaced and beside a browser session's read.

    PYTHONPATH=src:. .venv/bin/python bench/token_auth.py [--runs 200] [--attempts 10000]

A throwaway SQLite database in memory (no demo data needed): one organization, one token, and
--attempts rows of other addresses' failures in axes' table, so the address lookup is measured
on a table that is not empty. Prints the medians in milliseconds.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time


def median_ms(fn, runs: int) -> float:
    fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--attempts", type=int, default=10_000)
    args = parser.parse_args()
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("TOCHUC_VAR", tempfile.mkdtemp(prefix="bench-token-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tochuc.settings")
    os.environ.setdefault("TOCHUC_HTTPS", "0")  # the test client speaks plain HTTP
    import django

    django.setup()
    from django.test.utils import setup_test_environment

    setup_test_environment()
    from axes.models import AccessAttempt
    from django.db import connection
    from django.test import Client, RequestFactory
    from django.utils import timezone

    from tochuc.accounts.models import ApiToken, token_hash
    from tochuc.accounts.services import api_token_create
    from tochuc.api import BearerToken
    from tochuc.orgs.services import organization_create

    connection.creation.create_test_db(verbosity=0)
    from tests.factories import make_admin

    admin = make_admin()
    org = organization_create(
        actor=admin, name="Đảng bộ tỉnh Thử", kind="province", parent=None, code="T"
    )
    token = api_token_create(actor=admin, user=admin)
    now = timezone.now()
    AccessAttempt.objects.bulk_create(
        AccessAttempt(
            username=None,
            ip_address=f"10.{i // 65536 % 256}.{i // 256 % 256}.{i % 256}",
            user_agent="bench",
            get_data="",
            post_data="",
            http_accept="*/*",
            path_info="/api/v1/organizations",
            failures_since_start=3,
            attempt_time=now,
        )
        for i in range(args.attempts)
    )
    by_token = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    by_session = Client()
    by_session.force_login(admin)
    path = f"/api/v1/organizations/{org.pk}"
    assert by_token.get(path).status_code == 200
    factory = RequestFactory()

    def bare_lookup():
        ApiToken.objects.select_related("user").filter(key_hash=token_hash(token)).first()

    def through_axes():
        BearerToken().authenticate(factory.get(path), token)

    rows = [
        ("bare token lookup (before)", median_ms(bare_lookup, args.runs)),
        ("token authentication through axes", median_ms(through_axes, args.runs)),
        ("API read by token", median_ms(lambda: by_token.get(path), args.runs)),
        ("API read by session", median_ms(lambda: by_session.get(path), args.runs)),
    ]
    print(f"{args.attempts} other failures in axes' table, median of {args.runs} runs (ms)")
    for name, ms in rows:
        print(f"| {name} | {ms:.2f} |")
    sys.exit(0)


if __name__ == "__main__":
    main()
