"""`tochuc import`, `export` and `worker`: members' files in and out, and the background
work that reads them."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from tochuc.orgs.cli import organization_arg


def cmd_import(args) -> None:
    from tochuc.core.errors import ServiceError
    from tochuc.imports.models import Import
    from tochuc.imports.parsing import LABELS, unmatched
    from tochuc.imports.services import (
        RUNNING,
        import_read,
        import_start,
        import_upload,
        import_work,
    )

    path = Path(args.file)
    if not path.is_file():
        sys.exit(f"Không có tệp «{args.file}».")
    actor = args.actor

    def wait(u: Import) -> Import:
        u.refresh_from_db()
        while u.status in RUNNING:
            time.sleep(0.5)  # a running worker took it: wait for its result
            u.refresh_from_db()
        return u

    try:
        # No --org: a tree file's roots go where their parent codes say, or become roots.
        org = organization_arg(actor, args.org) if args.org else None
        upload = import_upload(
            actor=actor,
            organization=org,
            file_name=path.name,
            data=path.read_bytes(),
        )
        import_read(upload.pk)  # here, within the same limits, unless a worker took it first
        upload = wait(upload)
        if upload.status != Import.Status.UPLOADED:
            sys.exit(upload.error or upload.get_status_display())
        mapping = {int(i): f for i, f in upload.mapping.items()}
        print(
            "Các cột: "
            + "; ".join(f"«{upload.headers[i]}» → {LABELS[f]}" for i, f in sorted(mapping.items()))
        )
        ignored = unmatched(upload.headers, mapping)
        if ignored:
            print("Bỏ qua: " + ", ".join(f"«{h}»" for h in ignored.values()))
        mode = Import.Mode.VALID if args.valid_rows else Import.Mode.ALL
        upload = import_start(
            actor=actor, upload=upload, mapping=mapping, dry_run=args.dry_run, mode=mode
        )
    except ServiceError as exc:
        sys.exit(exc.text())

    def show(u: Import) -> None:
        print(f"\r  {u.rows_done}/{u.rows_total} dòng", end="", flush=True)

    import_work(upload.pk, on_progress=show)  # here, unless a worker took it first
    upload = wait(upload)
    print()
    for p in upload.problems[:50]:
        print(f"  Dòng {p['row']}, cột «{p['column']}»: {p['message']}")
    if len(upload.problems) > 50:
        print(f"  ... và {len(upload.problems) - 50} lỗi nữa.")
    print(
        f"{upload.get_status_display()}: {upload.created} thêm, {upload.updated} cập nhật, "
        f"{upload.unchanged} không đổi, {upload.rejected} dòng bị từ chối"
        + (" (kiểm tra thử, chưa ghi gì)." if args.dry_run else ".")
    )
    if upload.error:
        sys.exit(upload.error)
    if upload.status == Import.Status.REFUSED:
        sys.exit(1)


def cmd_export(args) -> None:
    from tochuc.core.audit import audit_read
    from tochuc.core.excel import xlsx_write
    from tochuc.imports.files import member_headers, member_rows
    from tochuc.members.selectors import member_list

    org = organization_arg(args.actor, args.org) if args.org else None
    members = member_list(actor=args.actor, organization=org, state=args.state)
    name = org.name if org else "Toàn quốc"
    with open(args.output, "wb") as out:
        count = xlsx_write(
            out,
            title=f"Danh sách đảng viên — {name}",
            headers=member_headers(),
            rows=member_rows(members),
        )
    audit_read(
        actor=None,  # the operator at the command line, who is no saved user
        action="export.members",
        target=org,
        count=count,
        details={"state": args.state, "file": str(args.output), "via": "cli"},
    )
    print(f"Đã ghi {args.output}: {count} đảng viên của {name}.")


def cmd_worker(args) -> None:
    from django.core.management import call_command

    from tochuc.imports.services import imports_recover

    # Before taking new work: the imports a killed worker of this machine left "running" say
    # at once that they failed, and can be started again.
    recovered = imports_recover()
    if recovered:
        print(f"{recovered} lần nhập bị gián đoạn đã được đánh dấu lỗi.", flush=True)
    call_command("db_worker", *(["--batch"] if args.batch else []))


def register(sub) -> None:
    s = sub.add_parser("import", help="nhập đảng viên hoặc cây tổ chức từ tệp Excel/CSV")
    s.add_argument("file", help="tệp .xlsx, .xls, .ods hoặc .csv")
    s.add_argument(
        "--org", help="tổ chức nhận dữ liệu (id, mã hoặc tên); cây tổ chức: có thể bỏ trống"
    )
    s.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không ghi")
    s.add_argument(
        "--valid-rows", action="store_true", help="nhập các dòng hợp lệ, bỏ qua dòng bị từ chối"
    )
    s.set_defaults(func=cmd_import)

    s = sub.add_parser("export", help="xuất danh sách ra Excel")
    s.add_argument("what", choices=["members"])
    s.add_argument("--org", help="tổ chức (id, mã hoặc tên); bỏ trống: toàn quốc")
    s.add_argument("--state", default="counted", help="tình trạng (mặc định: đang được tính)")
    s.add_argument("-o", "--output", required=True, help="tệp .xlsx ghi ra")
    s.set_defaults(func=cmd_export)

    s = sub.add_parser("worker", help="chạy việc nền (nhập dữ liệu)")
    s.add_argument("--batch", action="store_true", help="làm hết việc đang chờ rồi dừng")
    s.set_defaults(func=cmd_worker)
