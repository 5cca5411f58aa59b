"""Every change to members: the record (records.py), the life in the Party (lifecycle.py,
admission.py, transfers.py) and the moves a restructuring of the tree makes (reassign.py)."""

from tochuc.members.services.admission import (  # noqa: F401, E402
    admission_target_set,
    candidate_course_undo,
    candidate_create,
    candidate_drop,
    candidate_step,
    ceremony_deadline,
    member_admit,
    next_step,
)
from tochuc.members.services.lifecycle import (  # noqa: F401
    DISCIPLINE_FORMS,
    REMOVAL_REASONS,
    confirm_deadline,
    member_badge_award,
    member_badges_award,
    member_confirm,
    member_contact_restore,
    member_death,
    member_discipline,
    member_exempt,
    member_exempt_end,
    member_lose_contact,
    member_readmit,
    member_remove,
    probation_end,
)
from tochuc.members.services.reassign import (  # noqa: F401
    members_reassign,
    members_reassign_undo,
)
from tochuc.members.services.records import (  # noqa: F401
    EDITABLE,
    PHOTO_MAX_BYTES,
    counts_follow,
    derive_fields,
    member_create,
    member_dimensions,
    member_photo_set,
    member_update,
    member_version,
    members_write_many,
)
from tochuc.members.services.transfers import (  # noqa: F401, E402
    member_arrive,
    member_transfer_accept,
    member_transfer_cancel,
    member_transfer_end,
    member_transfer_start,
)
