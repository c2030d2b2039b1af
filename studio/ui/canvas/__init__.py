"""Covers and posters (封面海报) and non-destructive image edits: the Qt views over studio.editor."""
