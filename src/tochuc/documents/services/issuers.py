"""Issuers of the tree: a committee's own (Tỉnh ủy: TU, Đảng ủy: ĐU, Chi bộ: CB) and, for a
province, its agencies (Ban Tổ chức: BTCTU ...), made the first time the organization issues
a document; more are added in the admin."""

from __future__ import annotations

from tochuc.documents.models import Issuer
from tochuc.orgs.models import Organization

AGENCIES = {
    "central": [("TW", "Ban Chấp hành Trung ương")],
    "province": [
        ("TU", "Tỉnh ủy (Ban Chấp hành, Ban Thường vụ), {name}"),
        ("BTCTU", "Ban Tổ chức Tỉnh ủy, {name}"),
        ("VPTU", "Văn phòng Tỉnh ủy, {name}"),
        ("UBKTTU", "Ủy ban Kiểm tra Tỉnh ủy, {name}"),
    ],
    "upper": [("ĐU", "Ban Chấp hành {name}"), ("BTCĐU", "Ban Tổ chức Đảng ủy, {name}")],
    "grassroots_committee": [("ĐU", "Ban Chấp hành {name}")],
    "sub_committee": [("ĐU", "Ban Chấp hành {name}")],
    "grassroots_branch": [("CB", "{name}")],
    "branch": [("CB", "{name}")],
}


def issuers_of(organization: Organization) -> list[Issuer]:
    """The organization's issuers, its defaults made when it has none yet."""
    issuers = list(Issuer.objects.filter(organization=organization))
    if issuers:
        return issuers
    for order, (code, name) in enumerate(AGENCIES.get(organization.kind, []), 1):
        issuer, _ = Issuer.objects.get_or_create(
            organization=organization,
            code=code,
            defaults={"name": name.format(name=organization.name)[:255], "order": order},
        )
        issuers.append(issuer)
    return issuers
