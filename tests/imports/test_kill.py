"""A worker killed while it writes an import leaves the database as it was; the next worker
marks the import failed at once, and it can be started again."""

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
from tochuc.imports.services import import_read, import_start, import_upload
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
import_read(upload.pk)  # as the command line does
upload.refresh_from_db()
import_start(actor=admin, upload=upload, dry_run=False)
print(upload.pk)
"""

CHECK = """
import django
django.setup()
from tochuc.imports.models import Import
from tochuc.imports.services import interrupted
from tochuc.members.counters import stats_drift
from tochuc.members.models import Member, Placement
u = Import.objects.get()
print(u.status, interrupted(u), Member.objects.count(), Placement.objects.count(), len(stats_drift()))
print(u.error or "-")
"""

RESTART = """
import django
django.setup()
from tochuc.accounts.models import User
from tochuc.imports.models import Import
from tochuc.imports.services import import_start
u = Import.objects.get()
import_start(actor=User.objects.get(username="admin"), upload=u, dry_run=False)
"""


@pytest.mark.skipif(sys.platform != "linux", reason="kills a process")
def test_killing_the_worker_while_it_writes_leaves_nothing_and_it_runs_again(tmp_path):
    root = Path(__file__).resolve().parents[2]
    env = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    env |= {"TOCHUC_VAR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "tochuc.settings"}
    # This checkout's code first: the shared virtualenv's editable install is another one's.
    env["PYTHONPATH"] = os.pathsep.join([str(root / "src"), str(root)])
    python = sys.executable

    def run(code: str, *args: str) -> str:
        done = subprocess.run(
            [python, "-c", code, *args], env=env, cwd=root, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    def worker() -> subprocess.Popen:
        return subprocess.Popen(
            [python, "-m", "tochuc.cli", "worker", "--batch"],
            env=env,
            cwd=root,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    run(SETUP, "6000")
    first = worker()
    import sqlite3

    db = sqlite3.connect(tmp_path / "tochuc.sqlite3", timeout=30)
    deadline = time.monotonic() + 120
    status = ""
    while time.monotonic() < deadline:
        status = db.execute("SELECT status FROM imports_import").fetchone()[0]
        if status == "writing" or first.poll() is not None:
            break
        time.sleep(0.02)
    db.close()
    assert status == "writing", status
    time.sleep(0.3)  # into the transaction of the write
    first.send_signal(signal.SIGKILL)
    first.wait()
    # At once, before any restart: the page and the API see its process is gone.
    state, error = run(CHECK).split("\n", 1)
    assert state.split() == ["writing", "True", "0", "0", "0"]
    assert worker().wait(timeout=120) == 0  # a new worker: the record says failed
    state, error = run(CHECK).split("\n", 1)
    assert state.split() == ["failed", "False", "0", "0", "0"]
    assert error.startswith("Bị gián đoạn khi đang ghi dữ liệu") and "không thay đổi" in error
    run(RESTART)
    assert worker().wait(timeout=300) == 0
    state, error = run(CHECK).split("\n", 1)
    assert state.split() == ["done", "False", "6000", "6000", "0"], error
