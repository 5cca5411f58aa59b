"""The writes of the congress work: the season's plan (plans.py), the delegates
(delegates.py), the ballots and their counts (elections.py)."""

from tochuc.congresses.services.delegates import delegates_allocate  # noqa: F401
from tochuc.congresses.services.elections import (  # noqa: F401
    election_approve,
    election_create,
    votes_record,
)
from tochuc.congresses.services.plans import (  # noqa: F401
    congress_held,
    congress_update,
    plan_generate,
)
