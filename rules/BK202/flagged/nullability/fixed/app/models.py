from sqlalchemy import Column, Identity, Integer, PrimaryKeyConstraint, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Account(Base):
    __tablename__ = "accounts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(255), nullable=False)
    nickname: Mapped[str | None] = mapped_column(String(50))
    bio: Mapped[str | None] = mapped_column(String(500), nullable=True)
    number: Mapped[int] = mapped_column(Integer, Identity(), unique=True)


class Membership(Base):
    __tablename__ = "memberships"
    __table_args__ = (PrimaryKeyConstraint("account_id", "team_id"),)

    account_id: Mapped[int] = mapped_column(Integer)
    team_id: Mapped[int] = mapped_column(Integer)
    role: Mapped[str | None] = mapped_column(String(20), server_default="member")
