"""A plan import waiting for the Office's confirmation: the stored preview."""
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ...extensions import db
from ...formatting import utcnow

DRAFT, CREATED = "draft", "created"


class PlanImport(db.Model):
    """The preview of one uploaded document, corrected by its importer until the plan is created.

    Nothing of the plan exists before ``status`` becomes "created"; the
    preview (``payload``, see ``preview.Preview.to_dict``) is all there is.
    """

    __tablename__ = "plan_imports"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(primary_key=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    filename: Mapped[str] = mapped_column(String(255), default="")
    format: Mapped[str] = mapped_column(String(10), default="")
    status: Mapped[str] = mapped_column(String(20), default=DRAFT, index=True)
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("plans.id", ondelete="SET NULL"))
    payload: Mapped[dict] = mapped_column(JSON)

    created_by = relationship("User")
    plan = relationship("Plan")

    @property
    def is_draft(self) -> bool:
        return self.status == DRAFT
