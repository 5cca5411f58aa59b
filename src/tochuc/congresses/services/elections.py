"""A congress's ballots: made in the official order (a committee's and a standing committee's
with their surplus checked), counted from the counting record (the base of the count, the
valid ballots, each candidate's votes: the result computed by the rule, congresses.rules),
approved; an approved count changed only by a correction with its reason. Only the writers of
the congress's own organization count its votes; every write audited."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from tochuc.congresses.models import Congress, Election, ElectionCandidate
from tochuc.congresses.rules import election_outcome, surplus_problem, vote_base
from tochuc.core.actions import action
from tochuc.core.audit import audit_record
from tochuc.core.errors import ServiceError
from tochuc.core.rules import rule_value
from tochuc.core.scope import check_write
from tochuc.core.text import clean

B, S = Election.Body, Election.Status
WITH_SURPLUS = {B.COMMITTEE, B.STANDING}
BASE_FIELDS = (
    "convened",
    "transferred_away",
    "exempted_absent",
    "suspended",
    "absent_with_leave",
    "absent_without_alternate",
)


def election_create(
    *, actor, congress: Congress, body: str, seats: int | None, names: list[str], round: int = 1
) -> Election:
    check_write(actor, congress.organization)
    names = [clean(n) for n in names if clean(n)]
    errors: dict[str, list[str]] = {}
    if body not in B.values:
        errors["body"] = [
            "Chọn bầu Ban Chấp hành, Ban Thường vụ, Bí thư, Ủy ban Kiểm tra, đại biểu."
        ]
    if seats is None or not 1 <= seats <= 500:
        errors["seats"] = ["Số được bầu từ 1 đến 500."]
    elif len(names) < seats:
        errors["names"] = [f"Danh sách có {len(names)} người, ít hơn số được bầu ({seats})."]
    elif body in WITH_SURPLUS and round == 1:
        said = surplus_problem(len(names), seats, rule_value("election_surplus_max", date.today()))
        if said:
            errors["names"] = [said]
    if len({n.casefold() for n in names}) != len(names):
        errors["names"] = ["Danh sách có tên trùng: ghi thêm năm sinh để phân biệt."]
    if errors:
        raise ServiceError(errors)
    with transaction.atomic():
        if Election.objects.filter(congress=congress, body=body, round=round).exists():
            raise ServiceError({"round": [f"Đã có lần bầu {round} {B(body).label.lower()}."]})
        election = Election.objects.create(congress=congress, body=body, round=round, seats=seats)
        ElectionCandidate.objects.bulk_create(
            ElectionCandidate(election=election, order=i, full_name=n)
            for i, n in enumerate(names, start=1)
        )
        audit_record(
            actor=actor,
            action="election.create",
            target=election,
            after={"body": body, "round": round, "seats": seats, "names": names},
        )
    return election


def votes_record(
    *,
    actor,
    election: Election,
    votes: dict[int, int],
    ballots_valid: int | None,
    counted_on: date | None,
    base: dict[str, int],
    reason: str = "",
) -> Election:
    """The counting record entered: the base (BASE_FIELDS), the valid ballots, each
    candidate's votes (by candidate id); the result computed by the rule. Once approved, only
    a correction with `reason` changes it."""
    reason = clean(reason)
    with action(
        actor=actor,
        name="election.correct" if election.status == S.APPROVED else "election.count",
        target=election,
        organization=election.congress.organization,
        lock=Election.objects.select_related("congress__organization"),
        fields=("status", "ballots_valid", *BASE_FIELDS),
    ) as act:
        row = act.row
        if row.status == S.APPROVED and not reason:
            raise ServiceError(
                {"reason": ["Biên bản đã thông qua: sửa kết quả phải ghi lý do đính chính."]}
            )
        candidates = list(row.candidates.order_by("order"))
        errors = _check_count(row, candidates, votes, ballots_valid, counted_on, base)
        if errors:
            raise ServiceError(errors)
        for name in BASE_FIELDS:
            setattr(row, name, base.get(name, 0) if name != "convened" else base["convened"])
        row.ballots_valid, row.counted_on = ballots_valid, counted_on
        measured = vote_base(row.congress.kind, **{f: getattr(row, f) for f in BASE_FIELDS})
        outcome = election_outcome(
            {str(c.pk): votes[c.pk] for c in candidates}, row.seats, measured
        )
        for c in candidates:
            c.votes = votes[c.pk]
            c.elected = str(c.pk) in outcome.elected
            c.tied = str(c.pk) in outcome.tied
        ElectionCandidate.objects.bulk_update(candidates, ["votes", "elected", "tied"])
        if row.status != S.APPROVED:
            row.status = S.COUNTED
        row.save()
        act.after.update(
            {
                "votes": {c.full_name: c.votes for c in candidates},
                "elected": [c.full_name for c in candidates if c.elected],
                "base": measured,
                **({"reason": reason} if reason else {}),
            }
        )
    return row


def _check_count(row, candidates, votes, ballots_valid, counted_on, base) -> dict:
    errors: dict[str, list[str]] = {}
    convened = base.get("convened")
    if convened is None or convened < 1:
        errors["convened"] = ["Nhập số đảng viên (đại biểu) chính thức được triệu tập."]
    if any(base.get(f, 0) < 0 for f in BASE_FIELDS[1:]):
        errors["base"] = ["Các số trừ khỏi số triệu tập không được âm."]
    if ballots_valid is None or ballots_valid < 0:
        errors["ballots_valid"] = ["Nhập số phiếu hợp lệ."]
    elif convened and ballots_valid > convened:
        errors["ballots_valid"] = [
            f"Số phiếu hợp lệ {ballots_valid} nhiều hơn số được triệu tập {convened}."
        ]
    if counted_on is None or counted_on > date.today():
        errors["counted_on"] = ["Nhập ngày kiểm phiếu (không sau hôm nay)."]
    missing = [c.full_name for c in candidates if c.pk not in votes]
    if missing:
        errors["votes"] = [f"Chưa ghi số phiếu của {', '.join(missing)}."]
    elif ballots_valid is not None:
        over = [c.full_name for c in candidates if not 0 <= votes[c.pk] <= ballots_valid]
        if over:
            errors["votes"] = [
                f"Số phiếu của {', '.join(over)} phải từ 0 đến số phiếu hợp lệ ({ballots_valid})."
            ]
    return errors


def election_approve(*, actor, election: Election) -> Election:
    """The counting record approved by the congress: from now on only a correction."""
    with action(
        actor=actor,
        name="election.approve",
        target=election,
        organization=election.congress.organization,
        lock=Election.objects.select_related("congress__organization"),
    ) as act:
        if act.row.status != S.COUNTED:
            raise ServiceError(
                {"status": [f"Cuộc bầu «{act.row}» {act.row.get_status_display().lower()}."]}
            )
        act.row.status = S.APPROVED
        act.row.save(update_fields=["status"])
    return act.row
