"""Every change to the organization tree: the organizations themselves (organizations.py),
restructuring and its plans (restructuring.py, plan_file.py for a plan written in a file), the
administrative units loaded in bulk (admin_units.py, admin_units_2024.py), a tree read from a
file (tree_file.py) and the 2025 reorganization replayed (replay_2025.py)."""

from tochuc.orgs.services.admin_units import load_admin_units  # noqa: F401
from tochuc.orgs.services.admin_units_2024 import load_admin_units_before_2025  # noqa: F401
from tochuc.orgs.services.organizations import (  # noqa: F401
    NAME_MAX_LENGTH,
    check_not_scope_root,
    is_scope_root,
    organization_create,
    organization_move,
    organization_rename,
    organization_update,
    organization_version,
)
from tochuc.orgs.services.plan_file import plan_from_file  # noqa: F401
from tochuc.orgs.services.replay_2025 import replay_2025, review_rows  # noqa: F401
from tochuc.orgs.services.restructuring import (  # noqa: F401
    operation_text,
    organization_dissolve,
    organization_merge,
    organization_split,
    plan_apply,
    plan_create,
    plan_operation_add,
    plan_operation_remove,
    plan_outcome,
    plan_preview,
    plan_undo,
    plan_version,
)
from tochuc.orgs.services.tree_file import organizations_write_many  # noqa: F401
