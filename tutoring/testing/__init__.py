"""Test doubles for Tutor Console's external services."""
