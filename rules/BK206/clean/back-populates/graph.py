def relationship(target, **options):
    """An edge of the domain graph (not SQLAlchemy's)."""
    return (target, options)


class Person:
    __tablename__ = "people"

    friends = relationship("Person", backref="friend_of")
