class Column:
    """A layout column of a dashboard."""

    def __init__(self, *widgets, width=1):
        self.widgets = widgets
        self.width = width


class Dashboard:
    __tablename__ = "dashboards"

    left = Column("clock", width=2)
    right = Column("news")
