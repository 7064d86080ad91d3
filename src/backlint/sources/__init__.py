"""Readers that turn source files and dependency manifests into backlint's value types."""
