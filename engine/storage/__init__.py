"""Where the engine keeps everything: the tables (`models`), the database and its transaction
(`db`), the schema brought to its newest revision at start (`schema`, with the Alembic schema
revisions in `revisions/`), and whole-database backups (`backup`).

Rule: `engine.storage` imports only `engine.base` (and SQLModel, SQLAlchemy, Alembic). It knows
the shape of the rows, not what a case, a procedure or a user means."""
