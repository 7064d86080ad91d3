from sqlalchemy import Column, ForeignKey, Integer

from app.models.base import Base
from app.models.team import Team


class Player(Base):
    __tablename__ = "players"

    id = Column(Integer, primary_key=True)
    team_id = Column(ForeignKey("teams.id"))
    team_code = Column(ForeignKey("teams.code"), nullable=False)
    captain_of = Column(ForeignKey(Team.id))
    league_id = Column(ForeignKey("leagues.id"))
