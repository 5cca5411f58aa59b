"""Congresses per term (issue #21): the season's plan for a subtree, each organization's
congress, its progress at any date."""
