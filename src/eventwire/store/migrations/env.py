"""Alembic environment: runs on the connection that ``eventwire.store.db.migrate`` hands over.

Run from the command line (``alembic -x db=URL upgrade head`` with a config naming this folder),
it opens the database itself.
"""

from __future__ import annotations

from alembic import context

from eventwire.store.schema import Base
from eventwire.store.search import include_name

config = context.config
connection = config.attributes.get("connection")

if connection is None:  # the alembic command line
    from eventwire.store.db import DEFAULT_DB, database_url, make_engine

    url = context.get_x_argument(as_dictionary=True).get("db") or config.get_main_option("sqlalchemy.url") \
        or DEFAULT_DB
    engine = make_engine(database_url(url))
    with engine.connect() as connection, connection.begin():
        context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True,
                          include_name=include_name)
        context.run_migrations()
else:
    context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True,
                      include_name=include_name)
    with context.begin_transaction():
        context.run_migrations()
