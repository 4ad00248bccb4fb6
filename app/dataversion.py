"""The data version: one row counting the write transactions committed so far.

Every transaction of the app's session that writes anything adds one to it, in the same transaction
(app/pagecache.py attaches that to the session); the page cache keys its pages by it. A model module of
its own, below every domain, as the page cache that reads it."""
from sqlalchemy import Integer
from sqlalchemy.orm import Mapped, mapped_column

from .extensions import db


class DataVersion(db.Model):
    """One row: the number of write transactions committed so far."""

    __tablename__ = "data_version"
    __table_args__ = {"sqlite_autoincrement": True}  # as every table with an id (tests/web/test_audit_ids.py)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    counter: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
