NAME = "q"
