from app.extensions import db
from sqlalchemy.orm import Mapped, mapped_column


class Note(db.Model):
    id: Mapped[int] = mapped_column(db.Integer, primary_key=True)
    title: Mapped[str] = mapped_column(db.String(80), nullable=False)
    body: Mapped[str | None] = mapped_column(db.Text)
    pinned: Mapped[bool | None] = mapped_column(db.Boolean, default=False)
