import os

def broken(:
    return os.sep
