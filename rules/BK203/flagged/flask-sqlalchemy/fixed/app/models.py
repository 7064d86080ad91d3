from app.extensions import db
from sqlalchemy.orm import Mapped, mapped_column


class Board(db.Model):
    __tablename__ = "boards"

    id: Mapped[int] = mapped_column(db.Integer, primary_key=True)
    cards = db.relationship("Card", back_populates="board", lazy=True)


class Card(db.Model):
    __tablename__ = "cards"

    id: Mapped[int] = mapped_column(db.Integer, primary_key=True)
    board_id: Mapped[int] = mapped_column(db.Integer, db.ForeignKey("boards.id"), nullable=False)
    board = db.relationship("Board", back_populates="cards")
