"""Wiring rules (BK4xx): how the service is put together, and what it exposes.

Collectors (``collect.py``) record applications, routers, routes, inclusions, middleware and
settings classes as facts (``facts.py``); the project rules resolve them across modules
(``graph.py``). BK404 reads one file at a time. Options: ``[tool.backlint.wiring]``.
"""

from backlint.rules.wiring.app_factory import AppFactory
from backlint.rules.wiring.collect import SettingsCollector, WiringCollector
from backlint.rules.wiring.cors_credentials import CorsWildcardCredentials
from backlint.rules.wiring.cors_missing import CorsMissing
from backlint.rules.wiring.health import HealthEndpointMissing
from backlint.rules.wiring.options import WiringOptions
from backlint.rules.wiring.secrets import HardcodedSecret

RULES = (CorsMissing, CorsWildcardCredentials, HealthEndpointMissing, HardcodedSecret, AppFactory)
OPTIONS = {"wiring": WiringOptions}
COLLECTORS = (WiringCollector, SettingsCollector)
