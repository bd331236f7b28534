def validate(record):
    if "id" not in record:
        raise KeyError("id")
    if not isinstance(record["id"], int):
        raise TypeError(f"id must be int, got {type(record['id']).__name__}")
    return record["id"]
def load_all(records):
    ids = []
    for r in records:
        try:
            ids.append(validate(r))
        except KeyError:
            ids.append(None)
    return ids
def main():
    print(load_all([{"id": 1}, {}, {"id": 3}]))
    print(load_all([{"id": 1}, {"id": "two"}]))
main()
