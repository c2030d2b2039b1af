"""New Media Studio (新媒体工作室): offline new-media production in one project file."""

__version__ = "0.1.0"
APP_NAME = "New Media Studio"
