class Calculator:
    def __init__(self, values):
        self.values = values
    def average(self):
        return sum(self.values) / len(self.values)
    @property
    def ratio(self):
        return self.values[0] / self.average()
def report(c):
    return f"ratio={c.ratio}"
print(report(Calculator([1, 2, 3])))
print(report(Calculator([])))
