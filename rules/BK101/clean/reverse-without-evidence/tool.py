import multipart

print(multipart.__name__)
