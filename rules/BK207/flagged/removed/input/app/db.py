from sqlalchemy import MetaData, create_engine
from sqlalchemy.orm import scoped_session, sessionmaker

engine = create_engine("postgresql://localhost/app")
metadata = MetaData(bind=engine)
legacy_metadata = MetaData(engine)
Session = scoped_session(sessionmaker(autocommit=True, bind=engine))
