import cv2
import numpy as np


def read_label(path: str) -> np.ndarray:
    return cv2.cvtColor(cv2.imread(path), cv2.COLOR_BGR2GRAY)


def export(rows: list[dict[str, str]], path: str) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(list(row.values()))
    book.save(path)
