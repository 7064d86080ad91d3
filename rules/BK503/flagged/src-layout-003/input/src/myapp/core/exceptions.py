from ..core.logging import configure


class AppError(Exception):
    pass
