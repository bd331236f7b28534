# Sorting with key functions: list.sort/sorted on tuples, strings, lambdas, records.
class Rec:
    __slots__ = ("name", "age", "score")
    def __init__(self, name, age, score):
        self.name = name
        self.age = age
        self.score = score

state = 7
def rnd():
    global state
    state = (state * 69069 + 1) & 0xffffffff
    return state

recs = [Rec("n%05d" % (rnd() % 100000), rnd() % 90, (rnd() % 10000) / 7.0) for _ in range(60000)]
checks = 0
for rep in range(3):
    a = sorted(recs, key=lambda r: r.age)
    b = sorted(recs, key=lambda r: (r.age, -r.score))
    c = sorted(recs, key=lambda r: r.name, reverse=True)
    nums = [rnd() % 1000000 for _ in range(100000)]
    nums.sort()
    strs = sorted(str(x) for x in nums[:50000])
    checks += a[0].age + b[-1].age + len(c[0].name) + nums[500] + len(strs[-1])
print(checks, a[100].age, b[100].name, c[100].name, strs[:3])
