"""Parlour: a self-hosted server that speaks the Altegio (YCLIENTS) B2B API v1."""

__version__ = "0.1.0"
