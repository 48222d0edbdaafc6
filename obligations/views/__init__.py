"""Workspace views, split by subject: commitments, progress entries, evidence."""
