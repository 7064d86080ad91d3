QUEUE = "default"
