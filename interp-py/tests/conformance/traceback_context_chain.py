class Resource:
    def __enter__(self):
        return self
    def __exit__(self, exc_type, exc, tb):
        raise RuntimeError("cleanup failed")
def work():
    with Resource():
        raise ValueError("work failed")
work()
