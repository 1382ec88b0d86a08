"""Alembic migrations of the schema (storage.records); run through storage.migrate."""
