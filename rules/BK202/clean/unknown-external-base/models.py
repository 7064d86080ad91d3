from corp_db.models import Base
from sqlalchemy import Column, Integer, String


class Invoice(Base):
    """`Base` comes from another package: backlint cannot tell it is declarative (see the
    `declarative-bases` option), and reports nothing rather than guess."""

    id = Column(Integer, primary_key=True)
    reference = Column(String(30))
