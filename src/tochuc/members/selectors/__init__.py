"""Every read of members, scoped to the actor's subtree: the public names of its modules."""

from tochuc.members.selectors.members import *  # noqa: F403
