name = input("Name? ")
age = int(input())
print(f"Hello {name}, next year you will be {age + 1}")
nums = []
while True:
    try:
        line = input()
    except EOFError:
        print("EOF reached")
        break
    if not line.strip():
        continue
    nums.extend(int(t) for t in line.split())
print(nums, sum(nums), max(nums))
try:
    input("more? ")
except EOFError as e:
    print("EOFError:", repr(e))
