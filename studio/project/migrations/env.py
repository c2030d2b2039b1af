"""Alembic environment: always run in-process on the connection the program hands over."""
from alembic import context

from studio.project.models import Base

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
