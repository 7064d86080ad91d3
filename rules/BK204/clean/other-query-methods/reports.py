import pandas as pd
from elasticsearch import Elasticsearch

es = Elasticsearch()


def adults(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.query("age >= 18")


def search(term: str):
    return es.query(index="docs", body={"query": {"match": {"text": term}}})


class Repository:
    def __init__(self, db):
        self.db = db

    def rows(self, sql: str):
        return self.db.query(sql)
