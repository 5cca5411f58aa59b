"""Every read of members, scoped to the actor's subtree: the public names of its modules, so
callers import from `tochuc.members.selectors` whichever module holds a name."""

from tochuc.members.selectors.candidates import (
    admission_board,
    admission_stats,
    admission_target,
    candidate_get,
    candidate_list,
    candidate_warnings,
)
from tochuc.members.selectors.members import (
    member_as_of,
    member_get,
    member_history,
    member_party_age,
    member_placements,
    member_probation,
    member_timeline,
)
from tochuc.members.selectors.search import (
    member_list,
    member_page,
    member_suggestions,
)
from tochuc.members.selectors.transfers import temporary_members, transfer_get, transfer_list

__all__ = [
    "admission_board",
    "admission_stats",
    "admission_target",
    "candidate_get",
    "candidate_list",
    "candidate_warnings",
    "member_as_of",
    "member_get",
    "member_history",
    "member_list",
    "member_page",
    "member_party_age",
    "member_placements",
    "member_probation",
    "member_suggestions",
    "member_timeline",
    "temporary_members",
    "transfer_get",
    "transfer_list",
]
