def line(row):
    return str(row)
