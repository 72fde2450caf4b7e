"""Originals kept in the archive, backups and restores, and the database rebuilt from
the archive."""
