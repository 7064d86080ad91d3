import django_tables2 as tables


class PersonTable(tables.Table):
    __tablename__ = "people"

    name = tables.Column()
    email = tables.Column(verbose_name="E-mail")
