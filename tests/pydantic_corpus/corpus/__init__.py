"""A v1-style pydantic code base: the input of the BK3xx equivalence test."""
