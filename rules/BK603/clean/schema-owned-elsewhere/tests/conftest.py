from reports.tables import metadata


def setup_database(engine):
    metadata.create_all(engine)
