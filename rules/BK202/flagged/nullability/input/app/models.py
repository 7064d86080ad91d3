from sqlalchemy import Column, Identity, Integer, PrimaryKeyConstraint, String
from sqlalchemy.orm import declarative_base

Base = declarative_base()


class Account(Base):
    __tablename__ = "accounts"

    id = Column(Integer, primary_key=True)
    email = Column(String(255), nullable=False)
    nickname = Column(String(50))
    bio = Column(String(500), nullable=True)
    number = Column(Integer, Identity(), unique=True)


class Membership(Base):
    __tablename__ = "memberships"
    __table_args__ = (PrimaryKeyConstraint("account_id", "team_id"),)

    account_id = Column(Integer)
    team_id = Column(Integer)
    role = Column(String(20), server_default="member")
