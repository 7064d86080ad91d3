def make_base():
    from sqlalchemy.ext.declarative import as_declarative

    return as_declarative()
