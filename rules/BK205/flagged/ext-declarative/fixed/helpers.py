def make_base():
    from sqlalchemy.orm import as_declarative

    return as_declarative()
