from corp_db.models import Base
from sqlalchemy import Column, Integer, String


class Invoice(Base):
    id = Column(Integer, primary_key=True)
    reference = Column(String(30))
