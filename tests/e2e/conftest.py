"""The e2e tests drive the real main window; their helpers are in tests/gui.py."""
