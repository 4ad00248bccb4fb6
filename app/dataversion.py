"""The data version: counters of the write transactions committed so far.

Every transaction of the app's session that writes anything adds one to a counter, in the same
transaction (app/pagecache.py attaches that to the session): the global one in ``data_version``, or,
for a transaction that wrote only a unit's reports (entries, their evidence, contributions and target
results), the counter of each unit whose pages show them and the counter of all reports, in
``data_scope_versions``. The page cache checks a stored page against the counters it was rendered
under. A model module of its own, below every domain, as the page cache that reads it."""
from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from .extensions import db


class DataVersion(db.Model):
    """One row: the number of write transactions committed so far."""

    __tablename__ = "data_version"
    __table_args__ = {"sqlite_autoincrement": True}  # as every table with an id (tests/web/test_audit_ids.py)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    counter: Mapped[int] = mapped_column(Integer, nullable=False, default=0)


class DataScopeVersion(db.Model):
    """A counter per scope of data: ``entries`` (every unit's reports), ``unit:<id>`` (the reports a
    unit's pages show). A row is made by the first write that counts it."""

    __tablename__ = "data_scope_versions"

    scope: Mapped[str] = mapped_column(String(40), primary_key=True)
    counter: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
