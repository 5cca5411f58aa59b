"""A worker killed while it writes an import leaves the database as it was."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

SETUP = """
import csv, io, sys
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from tests.factories import citizen_id_for, make_admin, make_province
from tochuc.imports.services import import_start, import_upload
from datetime import date
admin = make_admin()
a = make_province(admin, "Cao Bằng", "A")
out = io.StringIO()
w = csv.writer(out)
w.writerow(["Họ và tên", "Giới tính", "Ngày sinh", "Số CCCD", "Ngày vào Đảng", "Ngày chính thức", "Chi bộ"])
for i in range(int(sys.argv[1])):
    born = date(1960 + i % 30, 1 + i % 12, 1 + i % 28)
    w.writerow(["Lò Văn Sáu", "Nam", born.strftime("%d/%m/%Y"), citizen_id_for("male", born), "19/05/2010", "19/05/2011", "A-CB1"])
upload = import_upload(actor=admin, organization=a.province, file_name="ds.csv", data=out.getvalue().encode())
import_start(actor=admin, upload=upload, dry_run=False)
print(upload.pk)
"""

CHECK = """
import django
django.setup()
from tochuc.imports.models import Import
from tochuc.members.counters import stats_drift
from tochuc.members.models import Member, Placement
u = Import.objects.get()
print(u.status, Member.objects.count(), Placement.objects.count(), len(stats_drift()))
"""


@pytest.mark.skipif(sys.platform != "linux", reason="kills a process")
def test_killing_the_worker_while_it_writes_leaves_nothing(tmp_path):
    root = Path(__file__).resolve().parents[2]
    env = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    env |= {"TOCHUC_VAR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "tochuc.settings"}
    env["PYTHONPATH"] = str(root)
    python = sys.executable

    def run(code: str, *args: str) -> str:
        done = subprocess.run(
            [python, "-c", code, *args], env=env, cwd=root, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    run(SETUP, "6000")
    worker = subprocess.Popen(
        [python, "-m", "tochuc.cli", "worker", "--batch"],
        env=env,
        cwd=root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    import sqlite3

    db = sqlite3.connect(tmp_path / "tochuc.sqlite3", timeout=30)
    deadline = time.monotonic() + 120
    status = ""
    while time.monotonic() < deadline:
        status = db.execute("SELECT status FROM imports_import").fetchone()[0]
        if status == "writing" or worker.poll() is not None:
            break
        time.sleep(0.02)
    db.close()
    assert status == "writing", status
    time.sleep(0.3)  # into the transaction of the write
    worker.send_signal(signal.SIGKILL)
    worker.wait()
    status, members, placements, drift = run(CHECK).split()
    assert (status, members, placements, drift) == ("writing", "0", "0", "0")
