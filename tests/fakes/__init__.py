"""Fake servers that speak the real protocols on loopback, for end-to-end tests."""
