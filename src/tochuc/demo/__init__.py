"""Deterministic demo data: real provinces and communes, their Party organizations and members."""

from tochuc.demo.generator import generate

__all__ = ["generate"]
