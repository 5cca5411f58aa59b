def test_two_provinces_counts(two_provinces):
    from tochuc.orgs.selectors import organization_stats

    a, b = two_provinces
    stats = organization_stats(actor=a.staff, organization=a.province)
    assert stats["members"] == {"total": 3, "probationary": 1, "official": 2, "women": 1}
    assert stats["organizations"]["grassroots_committee"] == 1
    assert stats["organizations"]["grassroots_branch"] == 2
