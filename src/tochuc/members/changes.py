"""The apps above members that keep a copy of a member's record follow its changes here.

A higher app (the cadres app: a cadre's organization and person fields are the member's)
registers a follower in its AppConfig.ready(), as it contributes a record section:

    from tochuc.members.changes import register
    register(cadres_refresh)

A follower is a function `(member_ids) -> None`, called by every member write that changes a
member's organization or person fields (an update, an import's updates, a transfer accepted,
a restructuring's reassignment and its undo), inside that write's transaction, after the
members' rows are written; a bulk write calls it once for its members (a follower answers
with one UPDATE, not a row at a time)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

Follower = Callable[[Sequence[int]], None]
_followers: list[Follower] = []


def register(follower: Follower) -> None:
    if all(f is not follower for f in _followers):
        _followers.append(follower)


def members_changed(member_ids: Sequence[int]) -> None:
    """Tell the followers that the records `member_ids` changed (inside the caller's
    transaction)."""
    ids = list(member_ids)
    if ids:
        for follower in _followers:
            follower(ids)
