"""A project function that happens to be called declarative_base."""


def declarative_base(name):
    return type(name, (), {})


Base = declarative_base("Base")
