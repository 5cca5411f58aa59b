"""Importing members, or the organization tree, from a user's file: upload, column mapping, a
dry run, then the write, all or nothing (or the valid rows when asked), in the background with
progress.

Member rows go through the same checks as a record typed on the page (members.validators), and
are written by members.services.members_write_many in one transaction; a tree file's rows
are planned by imports.tree and written by orgs.services.tree_file.organizations_write_many, the same
way. A crash or a kill while writing leaves nothing behind.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from uuid import uuid4

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from tochuc.accounts.services import system_actor
from tochuc.core.audit import audit_record, recorded_actor
from tochuc.core.errors import Forbidden, ServiceError
from tochuc.core.formats import number
from tochuc.core.scope import check_write, path_q
from tochuc.core.text import search_key
from tochuc.imports import files
from tochuc.imports.models import Import
from tochuc.imports.parsing import (
    COLUMNS_OF,
    LABELS,
    file_kind,
    find_header_row,
    match_headers,
    parse_row,
)
from tochuc.imports.reading import MAX_CELL, Overlong, check_file, iter_rows, read_rows
from tochuc.imports.tasks import import_process, import_read_file
from tochuc.imports.tree import tree_plan
from tochuc.members.counters import member_dimensions
from tochuc.members.models import Member
from tochuc.members.services import EDITABLE, derive_fields, members_write_many
from tochuc.members.validators import member_problems
from tochuc.orgs.models import MEMBER_KINDS, Organization
from tochuc.orgs.services.tree_file import organizations_write_many

PROBLEMS_KEPT = 20_000  # problems stored and listed; the count of rejected rows is always whole
HEADER_SCAN = 10  # lines searched for the header (committee sheets open with a title)
PROGRESS_EVERY = 500  # rows between two progress writes (and checks for a cancel)
# Without these a row is not a member record (an organization); the rest have defaults or may
# stay empty.
REQUIRED = {
    Import.Kind.MEMBERS: ["full_name", "birth_date", "admission_date"],
    Import.Kind.ORGANIZATIONS: ["code", "name", "kind"],
}

S = Import.Status
RUNNING = (S.READING, S.QUEUED, S.CHECKING, S.WRITING)
HELD = (S.READING, S.CHECKING, S.WRITING)  # a process is at work on it
# A running import whose worker has not written for this long has stopped (killed, crashed,
# machine restarted): its write was one transaction, so nothing of it is in the database.
# Used for a holder on another host; on this one a dead process is seen at once.
STALE = timedelta(minutes=10)


def _read(path: str) -> str:
    try:
        return Path(path).read_text().strip()
    except OSError:
        return ""


def _link(path: str) -> str:
    try:
        return os.readlink(path)
    except OSError:
        return ""


HOSTNAME = socket.gethostname()[:120]
BOOT = _read("/proc/sys/kernel/random/boot_id")
# Who a holder is: a pid means something only on the same machine, since the same boot, in
# the same pid namespace (a container beside the web's has its own pids).
HOST = f"{HOSTNAME} {BOOT} {_link('/proc/self/ns/pid')}"[:255]


def _process_start(pid: int) -> int | None:
    """When the process started (clock ticks since boot, /proc/<pid>/stat), None when it is
    gone, a zombie, or there is no /proc to ask."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except (OSError, ValueError):
        return None
    fields = stat[stat.rindex(")") + 2 :].split()  # the name may hold spaces and ")"
    if fields[0] in ("Z", "X"):  # killed, not yet reaped by its parent: dead all the same
        return None
    return int(fields[19])


def _holder() -> dict:
    pid = os.getpid()
    return {"holder_host": HOST, "holder_pid": pid, "holder_started": _process_start(pid)}


def _holder_dead(upload: Import) -> bool:
    """Its holder is a process of this host that has ended (or a new one with its pid), or
    of an earlier boot of this host."""
    name, _, rest = upload.holder_host.partition(" ")
    if name != HOSTNAME or not upload.holder_pid:
        return False
    boot = rest.partition(" ")[0]
    if boot and BOOT and boot != BOOT:
        return True  # the machine restarted since: every process of then is gone
    if upload.holder_host != HOST or upload.holder_started is None:
        return False  # another pid namespace, or no /proc: its heartbeat decides
    return _process_start(upload.holder_pid) != upload.holder_started


def interrupted(upload: Import) -> bool:
    if upload.status not in HELD or not upload.holder_pid:
        return False  # waiting for a worker is not an interruption
    return _holder_dead(upload) or timezone.now() - upload.updated_at > STALE


INTERRUPTED = {
    S.READING: "Bị gián đoạn khi đang đọc tệp (máy chủ dừng giữa chừng); dữ liệu không thay "
    "đổi. Tải tệp lên lại để đọc lại.",
    S.CHECKING: "Bị gián đoạn khi đang kiểm tra (máy chủ dừng giữa chừng); dữ liệu không thay "
    "đổi. Bấm «Kiểm tra thử» hoặc «Nhập dữ liệu» để chạy lại.",
    S.WRITING: "Bị gián đoạn khi đang ghi dữ liệu (máy chủ dừng giữa chừng); dữ liệu không "
    "thay đổi. Bấm «Nhập dữ liệu» để chạy lại.",
}


def imports_recover() -> int:
    """At a worker's start: every import a dead process of this host held is marked failed,
    so its page says so and it can be started again. Its write was one transaction, which the
    database rolled back when the process died."""
    count = 0
    held = Import.objects.filter(
        status__in=HELD, holder_host__startswith=f"{HOSTNAME} "
    ).select_related("organization")
    for upload in held:
        if not _holder_dead(upload):
            continue
        was = upload.status
        with transaction.atomic():
            # Only if nothing else changed it meanwhile (a cancel, another worker's recovery).
            done = Import.objects.filter(pk=upload.pk, status=was, holder_pid=upload.holder_pid)
            if not done.update(status=S.FAILED, error=INTERRUPTED[was], finished_at=timezone.now()):
                continue
            audit_record(
                actor=None, action="import.interrupted", target=upload, after={"status": was}
            )
        count += 1
    return count


def check_receiving(actor, organization: Organization | None, *, tree: bool = False) -> None:
    """The user may bring data into the organization (None: the whole tree, for an
    administrator's tree file whose roots become roots); a tree file, also its structure."""
    if organization is not None:
        check_write(actor, organization, organizations=tree)
    elif not (actor and actor.is_admin):
        raise Forbidden("Chọn tổ chức nhận dữ liệu trong phạm vi của bạn.")


def import_upload(
    *, actor, organization: Organization | None, file_name: str, data: bytes
) -> Import:
    """Keep the file and queue its reading: the worker finds the header line, tells a member
    list from an organization tree, and proposes a mapping of its columns (the request only
    checks the size and the kind of file)."""
    check_receiving(actor, organization)
    check_file(file_name, len(data))
    upload = Import(
        created_by=recorded_actor(actor),
        organization=organization,
        file_name=file_name[:255],
        status=S.READING,
    )
    with transaction.atomic():
        upload.file.save(f"{uuid4().hex}-{_safe(file_name)}", ContentFile(data), save=False)
        upload.save()
        audit_record(actor=actor, action="import.upload", target=upload, after=_summary(upload))
        import_read_file.enqueue(upload.pk)
    upload.refresh_from_db()
    if upload.status == S.FAILED:
        # Read already (no separate worker: the immediate backend): say why at once, as the
        # command line does; the record stays in the list.
        raise ServiceError({"file": [upload.error]})
    return upload


def import_read(pk: int) -> None:
    """The worker's part of an upload: read the file within the limits, find the header line,
    propose the mapping. Whoever claims it first does it (a worker, or the command line)."""
    claimed = Import.objects.filter(pk=pk, status=S.READING, holder_pid__isnull=True).update(
        started_at=timezone.now(), **_holder()
    )
    if not claimed:
        return
    upload = Import.objects.select_related("organization").get(pk=pk)
    try:
        with upload.file.open("rb") as f:
            header_row, headers, rows_total = read_outline(f.read(), upload.file_name)
    except ServiceError as exc:
        _set(upload, status=S.FAILED, error=exc.text(), finished_at=timezone.now())
        return
    kind = file_kind(headers)
    if kind == Import.Kind.MEMBERS and upload.organization is None:
        _set(
            upload,
            status=S.FAILED,
            error="Đây là danh sách đảng viên: chọn tổ chức nhận dữ liệu (chi bộ hoặc đảng bộ) "
            "rồi tải tệp lên lại.",
            finished_at=timezone.now(),
        )
        return
    _set(
        upload,
        status=S.CANCELLED if _cancel_asked(pk) else S.UPLOADED,
        kind=kind,
        header_row=header_row,
        headers=headers,
        mapping={str(i): f for i, f in match_headers(headers, kind).items()},
        rows_total=rows_total,
        finished_at=timezone.now(),
    )


def read_outline(data: bytes, file_name: str) -> tuple[int, list[str], int]:
    """The header line's index and cells, and how many lines with a value follow it. Only the
    first lines are kept (the header is among them) and the rest counted: the check reads the
    rows again, so reading a file holds one row at a time."""
    first: list[list[object]] = []
    filled_first: list[int] = []  # which of the first lines have a value
    filled_after = 0  # how many lines after them do
    for index, row in enumerate(iter_rows(data, file_name)):
        full = any(c is not None for c in row)
        if index < HEADER_SCAN:
            first.append(row)
            if full:
                filled_first.append(index)
        elif full:
            filled_after += 1
    if not filled_first and not filled_after:
        raise ServiceError({"file": [f"«{file_name}» không có dòng dữ liệu nào."]})
    try:
        header_row = find_header_row(first, max_scan=HEADER_SCAN)
    except ValueError as exc:
        raise ServiceError({"file": [str(exc)]}) from exc
    headers = ["" if c is None else str(c) for c in first[header_row]]
    return header_row, headers, sum(1 for i in filled_first if i > header_row) + filled_after


def _cancel_asked(pk: int) -> bool:
    return Import.objects.filter(pk=pk, cancel_requested=True).exists()


def _safe(name: str) -> str:
    return "".join(c if c.isascii() and (c.isalnum() or c in ".-_") else "_" for c in name)[-80:]


def import_start(
    *, actor, upload: Import, mapping: dict[int, str] | None = None, dry_run: bool, mode: str = ""
) -> Import:
    """Queue a dry run or the import itself, with the mapping the user confirmed."""
    check_receiving(actor, upload.organization, tree=upload.kind == Import.Kind.ORGANIZATIONS)
    if upload.status in RUNNING and not interrupted(upload):
        raise ServiceError("Tệp này đang được xử lý: chờ xong hoặc hủy trước.")
    if upload.status == S.DONE:
        raise ServiceError("Tệp này đã được nhập xong.")
    if not upload.headers:
        raise ServiceError({"file": ["Tệp này chưa đọc được: tải tệp lên lại."]})
    if mapping is not None:
        upload.mapping = _checked_mapping(upload, mapping)
    if mode:
        if mode not in Import.Mode.values:
            raise ServiceError({"mode": ["Chọn cách nhập: tất cả hoặc chỉ các dòng hợp lệ."]})
        upload.mode = mode
    upload.dry_run = dry_run
    upload.status = S.QUEUED
    upload.cancel_requested = False
    upload.rows_done = 0
    upload.error = ""
    with transaction.atomic():
        upload.save()
        audit_record(
            actor=actor,
            action="import.check" if dry_run else "import.start",
            target=upload,
            after=_summary(upload),
        )
        # The task row is written in this transaction: the worker sees it once it commits.
        import_process.enqueue(upload.pk)
    upload.refresh_from_db()
    return upload


def _checked_mapping(upload: Import, mapping: dict[int, str]) -> dict[str, str]:
    known = {c.field for c in COLUMNS_OF[upload.kind]}
    out: dict[str, str] = {}
    seen: dict[str, int] = {}
    for index, name in sorted(mapping.items()):
        if not name:
            continue
        if name not in known:
            raise ServiceError({"mapping": [f"Không có trường «{name}»."]})
        if not 0 <= index < len(upload.headers):
            raise ServiceError({"mapping": [f"Tệp không có cột thứ {index + 1}."]})
        if name in seen:
            raise ServiceError(
                {
                    "mapping": [
                        f"Hai cột «{upload.headers[seen[name]]}» và «{upload.headers[index]}» "
                        f"cùng là «{LABELS[name]}»: chọn một cột."
                    ]
                }
            )
        seen[name] = index
        out[str(index)] = name
    missing = [LABELS[f] for f in REQUIRED[upload.kind] if f not in seen]
    if missing:
        raise ServiceError(
            {"mapping": [f"Chưa chọn cột cho: {', '.join(missing)}. Các cột này bắt buộc."]}
        )
    if upload.kind == Import.Kind.ORGANIZATIONS:
        return out
    if "organization" not in seen and upload.organization.kind not in MEMBER_KINDS:
        raise ServiceError(
            {
                "mapping": [
                    f"Chọn cột «{LABELS['organization']}»: «{upload.organization.name}» không "
                    "phải chi bộ, mỗi đảng viên phải ghi chi bộ sinh hoạt."
                ]
            }
        )
    return out


def import_cancel(*, actor, upload: Import) -> Import:
    check_receiving(actor, upload.organization)
    if upload.status not in RUNNING:
        raise ServiceError("Tệp này không đang được xử lý.")
    with transaction.atomic():
        # Waiting, or its process gone: cancelled at once (no one will finish it). Running:
        # the worker stops at its next progress write, or before it writes.
        if upload.status == S.QUEUED or not upload.holder_pid or interrupted(upload):
            Import.objects.filter(pk=upload.pk, status=upload.status).update(
                status=S.CANCELLED, finished_at=timezone.now()
            )
        Import.objects.filter(pk=upload.pk).update(cancel_requested=True)
        audit_record(actor=actor, action="import.cancel", target=upload)
    upload.refresh_from_db()
    return upload


def import_rejected_file(*, actor, upload: Import) -> bytes:
    """The rejected rows as an .xlsx to fix: an export of people's data, so it is audited."""
    rows = import_rows(upload)
    rejected = {p["row"] for p in upload.problems}
    audit_record(
        actor=actor,
        action="export.import_rejected",
        target=upload,
        after={"rows": sum(1 for n, _ in rows if n in rejected)},
    )
    return files.rejected_xlsx(upload, rows)


# --- the work, in the worker ----------------------------------------------------------------


@dataclass
class Plan:
    # Members: new records, and changed ones with their counts before. A tree: new
    # organizations (parents first), and orgs.services.tree_file.TreeChange of existing ones.
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    unchanged: int = 0
    rejected: set[int] = field(default_factory=set)  # file row numbers
    problems: list[dict] = field(default_factory=list)

    def reject(self, row: int, column: str, message: str) -> None:
        self.rejected.add(row)
        if len(self.problems) < PROBLEMS_KEPT:
            self.problems.append({"row": row, "column": column, "message": message})


class Cancelled(Exception):
    pass


def import_work(pk: int, on_progress: Callable[[Import], None] | None = None) -> None:
    """The worker's part: check every row, then (unless a dry run) write in one transaction.
    Whoever claims the queued import first does it (a worker, or the command line)."""
    claimed = Import.objects.filter(pk=pk, status=S.QUEUED).update(
        status=S.CHECKING, started_at=timezone.now(), finished_at=None, **_holder()
    )
    if not claimed:
        return
    upload = Import.objects.select_related("organization", "created_by").get(pk=pk)

    def progress(done: int) -> None:
        _progress(upload, done)
        if on_progress:
            on_progress(upload)

    try:
        if upload.kind == Import.Kind.ORGANIZATIONS:
            plan = Plan()
            tree_plan(upload, import_rows(upload), plan, progress)
        else:
            plan = _plan(upload, progress=progress)
    except Cancelled:
        _set(upload, status=S.CANCELLED, finished_at=timezone.now())
        return
    except ServiceError as exc:
        _set(upload, status=S.FAILED, error=exc.text(), finished_at=timezone.now())
        return
    counts = {
        "created": len(plan.created),
        "updated": len(plan.updated),
        "unchanged": plan.unchanged,
        "rejected": len(plan.rejected),
        "problems": plan.problems,
    }
    if upload.dry_run:
        _set(upload, status=S.CHECKED, finished_at=timezone.now(), **counts)
        return
    if plan.rejected and upload.mode == Import.Mode.ALL:
        _set(upload, status=S.REFUSED, finished_at=timezone.now(), **counts)
        return
    _set(upload, status=S.WRITING, **counts)
    if _cancel_asked(pk):
        _set(upload, status=S.CANCELLED, finished_at=timezone.now())
        return
    try:
        with transaction.atomic():
            if upload.kind == Import.Kind.ORGANIZATIONS:
                organizations_write_many(
                    actor=upload.created_by or system_actor(),  # no author: the command line
                    receiving=upload.organization,
                    created=plan.created,
                    changed=plan.updated,
                )
            else:
                members_write_many(created=plan.created, updated=plan.updated)
            upload.status = S.DONE
            upload.finished_at = timezone.now()
            upload.save()
            audit_record(
                actor=upload.created_by,
                action=f"import.{upload.kind}",
                target=upload,
                after=_summary(upload),
            )
    except (ServiceError, Forbidden) as exc:
        # The tree changed (or the user's rights did) between the check and the write.
        error = exc.text() if isinstance(exc, ServiceError) else str(exc)
        _set(upload, status=S.FAILED, error=error, finished_at=timezone.now())


def _set(upload: Import, **values) -> None:
    for name, value in values.items():
        setattr(upload, name, value)
    upload.save(update_fields=[*values, "updated_at"])


def _progress(upload: Import, done: int) -> None:
    upload.rows_done = done
    upload.save(update_fields=["rows_done", "updated_at"])
    if _cancel_asked(upload.pk):
        raise Cancelled


def _summary(upload: Import) -> dict:
    return {
        "file_name": upload.file_name,
        "organization": upload.organization_id,
        "rows": upload.rows_total,
        "created": upload.created,
        "updated": upload.updated,
        "unchanged": upload.unchanged,
        "rejected": upload.rejected,
        "mode": upload.mode,
    }


def import_rows(upload: Import) -> list[tuple[int, list[object]]]:
    """(file row number, cells) of every non-empty row under the header line."""
    with upload.file.open("rb") as f:
        rows = read_rows(f.read(), upload.file_name, upload.sheet)
    first = upload.header_row + 1
    return [
        (first + i + 1, row)
        for i, row in enumerate(rows[first:])
        if any(c is not None for c in row)
    ]


def _plan(upload: Import, progress: Callable[[int], None]) -> Plan:
    rows = import_rows(upload)
    mapping = {int(i): f for i, f in upload.mapping.items()}
    header = {f: upload.headers[i] or LABELS[f] for i, f in mapping.items()}
    orgs = _Branches(upload.organization)
    cells = [
        (n, {f: (row[i] if i < len(row) else None) for i, f in mapping.items()}) for n, row in rows
    ]
    existing = _existing(cells)
    plan = Plan()
    seen_ids: dict[str, int] = {}
    seen_cards: dict[str, int] = {}
    for done, (n, raw) in enumerate(cells, start=1):
        if done % PROGRESS_EVERY == 0:
            progress(done)
        overlong = {f: c.length for f, c in raw.items() if isinstance(c, Overlong)}
        for name, length in overlong.items():
            plan.reject(
                n,
                header[name],
                f"Ô dài quá {number(MAX_CELL)} ký tự ({number(length)} ký tự): không phải giá "
                f"trị của trường «{LABELS[name]}». Sửa ô này (có thể dán nhầm) rồi tải lên lại.",
            )
        if overlong:
            continue
        values, errors = parse_row(raw)
        for name, message in errors.items():
            plan.reject(n, header.get(name, LABELS.get(name, name)), message)
        org_cell = values.pop("organization", None)
        org = orgs.find(org_cell) if org_cell else orgs.default
        if isinstance(org, str):
            plan.reject(n, header.get("organization", LABELS["organization"]), org)
            errors["organization"] = org
        citizen_id, card = values.get("citizen_id"), values.get("party_card_number")
        twin = seen_ids.get(citizen_id) if citizen_id else None
        twin = twin or (seen_cards.get(card) if card else None)
        if twin:
            which = "citizen_id" if citizen_id and seen_ids.get(citizen_id) else "party_card_number"
            plan.reject(
                n,
                header.get(which, LABELS[which]),
                f"Trùng {LABELS[which]} với dòng {twin} của tệp: mỗi đảng viên một dòng.",
            )
            continue
        if citizen_id:
            seen_ids[citizen_id] = n
        if card:
            seen_cards[card] = n
        by_id = existing.get(("citizen_id", citizen_id)) if citizen_id else None
        by_card = existing.get(("party_card_number", card)) if card else None
        # A number held outside the receiving organization's subtree is only "not usable":
        # saying whose it is, or that it is anyone's, would show what the user may not see.
        if by_id and not orgs.holds(by_id):
            plan.reject(
                n,
                header.get("citizen_id", LABELS["citizen_id"]),
                "Số CCCD này không dùng được cho tổ chức nhận dữ liệu: kiểm tra lại số.",
            )
            continue
        if by_card and not orgs.holds(by_card):
            plan.reject(
                n,
                header.get("party_card_number", LABELS["party_card_number"]),
                "Số thẻ đảng viên này không dùng được cho tổ chức nhận dữ liệu: kiểm tra lại số.",
            )
            continue
        member = by_id or by_card
        if by_id and by_card and by_id.pk != by_card.pk:
            plan.reject(
                n,
                header.get("party_card_number", LABELS["party_card_number"]),
                f"Số thẻ {card} là của đảng viên khác ({by_card.full_name}), không phải của "
                f"người có CCCD {citizen_id}: kiểm tra lại hai số này.",
            )
            continue
        if member is None:
            data = {f: Member._meta.get_field(f).get_default() for f in EDITABLE}
            data.update(values)
            if "status" not in values:  # no such column: an official date says official
                data["status"] = "official" if data.get("official_date") else "probationary"
        else:
            if org_cell and not isinstance(org, str) and org.pk != member.organization_id:
                plan.reject(
                    n,
                    header.get("organization", LABELS["organization"]),
                    f"{member.full_name} đang sinh hoạt ở «{member.organization.name}»: đổi "
                    "nơi sinh hoạt bằng chức năng chuyển sinh hoạt đảng, không bằng tệp nhập.",
                )
                continue
            data = {f: getattr(member, f) for f in EDITABLE}
            # An empty cell leaves the record's value as it is: a blank is not an erasure.
            data.update({f: v for f, v in values.items() if raw.get(f) is not None})
        # The record's checks run on the cells that could be read, so a row lists all its
        # reasons at once (issue #16). A field that failed is blank to them: every check that
        # needs it is skipped, and its own "empty" problem is dropped (its cell's reason stands).
        data.update(dict.fromkeys(errors.keys() & data.keys()))
        problems = {f: m for f, m in member_problems(data).items() if f not in errors}
        for name, messages in problems.items():
            plan.reject(n, header.get(name, LABELS.get(name, name)), " ".join(messages))
        if problems or errors:
            continue
        # The names' parts, keys and sort order are for the write: a dry run only counts.
        if member is None:
            new = Member(organization=org, **data)
            if not upload.dry_run:
                derive_fields(new)
            plan.created.append(new)
        elif all(getattr(member, f) == v for f, v in data.items()):
            plan.unchanged += 1
        else:
            before = member_dimensions(member)
            for name, value in data.items():
                setattr(member, name, value)
            if not upload.dry_run:
                derive_fields(member)
            plan.updated.append((member, before))
    progress(len(cells))
    return plan


def _existing(cells: list[tuple[int, dict]]) -> dict[tuple[str, str], Member]:
    """The records already holding the file's CCCD and card numbers (raw cells are enough
    to narrow the query; parse_row gives the same digits)."""
    out: dict[tuple[str, str], Member] = {}
    for name in ("citizen_id", "party_card_number"):
        values = set()
        for _, raw in cells:
            parsed, _ = parse_row({name: raw.get(name)})
            if parsed.get(name):
                values.add(parsed[name])
        values = sorted(values)
        for i in range(0, len(values), 2000):
            found = Member.objects.filter(**{f"{name}__in": values[i : i + 2000]}).select_related(
                "organization"
            )
            for m in found:
                out[(name, getattr(m, name))] = m
    return out


class _Branches:
    """The branches of the receiving organization's subtree, found by code or by name."""

    def __init__(self, root: Organization) -> None:
        self.root = root
        self.default = (
            root
            if root.kind in MEMBER_KINDS
            else f"Ô «{LABELS['organization']}» trống: ghi tên hoặc mã chi bộ sinh hoạt."
        )
        self.found: dict[str, Organization | str] = {}
        self.by_code: dict[str, Organization] = {}
        self.by_name: dict[str, list[Organization]] = {}
        found = Organization.objects.filter(
            path_q(root.path), kind__in=MEMBER_KINDS, dissolved_on__isnull=True
        )
        for org in found.only("id", "code", "name", "kind", "path", "parent_id"):
            if org.code:
                self.by_code[org.code.casefold()] = org
            self.by_name.setdefault(search_key(org.name), []).append(org)

    def find(self, text) -> Organization | str:
        text = str(text).strip()
        if text not in self.found:  # a file names each branch on many rows
            self.found[text] = self._find(text)
        return self.found[text]

    def _find(self, text: str) -> Organization | str:
        org = self.by_code.get(text.casefold())
        if org:
            return org
        if text.endswith(")") and "(" in text:  # «name (code)», as the export writes it
            org = self.by_code.get(text[text.rindex("(") + 1 : -1].strip().casefold())
            if org:
                return org
            text = text[: text.rindex("(")].strip()
        named = self.by_name.get(search_key(text), [])
        if len(named) == 1:
            return named[0]
        if named:
            return (
                f"Có {len(named)} chi bộ tên «{text}» trong «{self.root.name}»: ghi mã chi bộ "
                "thay cho tên."
            )
        return (
            f"Không có chi bộ «{text}» trong «{self.root.name}»: ghi đúng tên hoặc mã chi bộ "
            "(đảng viên sinh hoạt ở chi bộ, không ở đảng bộ)."
        )

    def holds(self, member: Member) -> bool:
        return member.organization.path.startswith(self.root.path)
