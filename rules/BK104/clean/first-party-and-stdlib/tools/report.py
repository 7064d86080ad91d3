import tomllib

import report_helpers

print(tomllib, report_helpers)
