d = {"present": 1}
print("before")
value = d["absent"]
print("never")
