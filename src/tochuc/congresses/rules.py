"""The election rules of the Quy chế bầu cử trong Đảng (Quy định 190-QĐ/TW, 10/10/2024), as
DOMAIN.md states them, without the database:

- the base a candidate's votes are measured against: for a members' congress the official
  members convened, less those on temporary transfer elsewhere, the exempted who are absent,
  the suspended or detained and those absent for the whole congress with leave; for a
  delegates' congress the official delegates convened, less the absent without an alternate;
- elected: more than half of that base (exactly half is not elected), the most votes first,
  as many as the seats; equal votes at the edge of the seats, a new round between them; fewer
  reaching more than half than there are seats, a shortfall (a further round, or the seats
  left empty, as the congress decides);
- a committee's and a standing committee's ballot holds more candidates than seats, the
  surplus at most 30% of the seats, and one at least for a small ballot (3 seats: 4 names;
  the share is the caller's, a rule value)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

MEMBERS, DELEGATES = "members", "delegates"


def vote_base(
    kind: str,
    *,
    convened: int,
    transferred_away: int = 0,
    exempted_absent: int = 0,
    suspended: int = 0,
    absent_with_leave: int = 0,
    absent_without_alternate: int = 0,
) -> int:
    """The number a candidate's votes are measured against (never below zero)."""
    if kind == MEMBERS:
        less = transferred_away + exempted_absent + suspended + absent_with_leave
    else:
        less = absent_without_alternate
    return max(convened - less, 0)


@dataclass
class Outcome:
    elected: list[str] = field(default_factory=list)  # in order of votes
    tied: list[str] = field(default_factory=list)  # equal at the edge of the seats: a new round
    shortfall: int = 0  # seats no candidate filled with more than half

    @property
    def settled(self) -> bool:
        return not self.tied and not self.shortfall


def election_outcome(votes: dict[str, int], seats: int, base: int) -> Outcome:
    """Who is elected to `seats` with `votes` (candidate -> votes) measured against `base`."""
    passing = sorted(
        ((n, name) for name, n in votes.items() if 2 * n > base), key=lambda p: (-p[0], p[1])
    )
    out = Outcome()
    if len(passing) <= seats:
        out.elected = [name for _, name in passing]
        out.shortfall = seats - len(passing)
        return out
    edge = passing[seats - 1][0]
    above = [name for n, name in passing if n > edge]
    at_edge = [name for n, name in passing if n == edge]
    if len(above) + len(at_edge) == seats:
        out.elected = above + at_edge
    else:  # the last seats go to a new round among those with the edge's votes
        out.elected, out.tied = above, at_edge
    return out


def surplus_problem(candidates: int, seats: int, max_share: float) -> str:
    """The ballot's fault for a committee or a standing committee, in Vietnamese, or ''."""
    if candidates <= seats:
        return f"Danh sách bầu cử phải nhiều hơn số được bầu ({seats}): hiện có {candidates} người."
    most = seats + max(1, math.floor(seats * max_share))  # a small list may still add one
    if candidates > most:
        return (
            f"Số dư không quá {round(max_share * 100)}% số được bầu: tối đa {most} người cho "
            f"{seats} người được bầu, hiện có {candidates} người (bớt {candidates - most})."
        )
    return ""
