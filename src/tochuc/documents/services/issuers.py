"""Issuers of the tree: a committee's own (Tỉnh ủy: TU, Đảng ủy: ĐU, Chi bộ: CB) and, for a
province, its agencies (Ban Tổ chức: BTCTU ...), made the first time the organization issues
a document; more are added in the admin."""

from __future__ import annotations

from tochuc.documents.models import Issuer
from tochuc.orgs.models import Organization

# The committee's name by the place the organization's name gives ("Đảng bộ tỉnh Cao Bằng":
# Tỉnh ủy Cao Bằng; "Đảng bộ xã Một": Đảng ủy xã Một), and the agencies named after it.
AGENCIES = {
    "central": [("TW", "{committee}")],
    "province": [
        ("TU", "{committee}"),
        ("BTCTU", "Ban Tổ chức {committee}"),
        ("VPTU", "Văn phòng {committee}"),
        ("UBKTTU", "Ủy ban Kiểm tra {committee}"),
    ],
    "upper": [("ĐU", "{committee}"), ("BTCĐU", "Ban Tổ chức {committee}")],
    "grassroots_committee": [("ĐU", "{committee}")],
    "sub_committee": [("ĐU", "{committee}")],
    "grassroots_branch": [("CB", "{committee}")],
    "branch": [("CB", "{committee}")],
}
_PROVINCIAL = {"tỉnh ": "Tỉnh ủy ", "thành phố ": "Thành ủy "}


def committee_name(organization: Organization) -> str:
    """ "Tỉnh ủy Cao Bằng", "Thành ủy Hà Nội", "Đảng ủy xã Một", "Chi bộ Sở Nội vụ"."""
    name = organization.name
    if organization.kind == "central":
        return "Ban Chấp hành Trung ương"
    if not name.startswith("Đảng bộ "):
        return name  # a branch, or a name the operator wrote otherwise
    place = name.removeprefix("Đảng bộ ")
    if organization.kind == "province":
        for word, committee in _PROVINCIAL.items():
            if place.startswith(word):
                return committee + place.removeprefix(word)
    return f"Đảng ủy {place}"


def issuers_of(organization: Organization) -> list[Issuer]:
    """The organization's issuers, its defaults made when it has none yet."""
    issuers = list(Issuer.objects.filter(organization=organization))
    if issuers:
        return issuers
    committee = committee_name(organization)
    for order, (code, name) in enumerate(AGENCIES.get(organization.kind, []), 1):
        issuer, _ = Issuer.objects.get_or_create(
            organization=organization,
            code=code,
            defaults={"name": name.format(committee=committee)[:255], "order": order},
        )
        issuers.append(issuer)
    return issuers
