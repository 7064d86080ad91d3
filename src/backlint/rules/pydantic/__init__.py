"""pydantic rules. One module per rule; shared detection and tables in their own modules."""

RULES: tuple[type, ...] = ()
