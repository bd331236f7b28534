class Config:
    def __init__(self):
        self.values = {}
    def get(self, k):
        try:
            return self.values[k]
        except KeyError as e:
            raise LookupError(f"no config {k!r}") from e
def load():
    c = Config()
    try:
        c.get("port")
    except LookupError:
        result = 1 / 0
load()
