PROBE_PATH = "/healthz"
