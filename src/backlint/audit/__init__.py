"""``backlint audit``: a report on how far a backend is from the rules, and what fixes it.

``model`` holds the report's values (and :class:`AuditFact`, which rule families return from
their optional ``audit`` hook); ``collect`` runs the checks as ``check`` does and builds the
report; ``render_text``, ``render_markdown``, ``render_html`` and ``render_json`` print it.
"""

from backlint.audit.model import AuditFact

__all__ = ["AuditFact"]
