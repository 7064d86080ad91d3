from sqlalchemy import Column, ForeignKey, Integer
from sqlalchemy.orm import declarative_base, relationship

Base = declarative_base()


class Folder(Base):
    __tablename__ = "folders"

    id = Column(Integer, primary_key=True)
    parent_id = Column(ForeignKey("folders.id"))
    parent = relationship("Folder", remote_side=[id])
