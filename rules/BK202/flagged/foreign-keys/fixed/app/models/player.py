from sqlalchemy import Column, ForeignKey, Integer

from app.models.base import Base
from app.models.team import Team
from sqlalchemy.orm import Mapped, mapped_column


class Player(Base):
    __tablename__ = "players"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"))
    team_code: Mapped[str] = mapped_column(ForeignKey("teams.code"), nullable=False)
    captain_of: Mapped[int | None] = mapped_column(ForeignKey(Team.id))
    league_id = Column(ForeignKey("leagues.id"))
