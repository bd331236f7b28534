def run(program):
    stack, vars_, out, pc = [], {}, [], 0
    lines = [l.split() for l in program.strip().splitlines()]
    labels = {l[0][:-1]: i for i, l in enumerate(lines) if l and l[0].endswith(":")}
    steps = 0
    while pc < len(lines):
        steps += 1
        ins = lines[pc]; pc += 1
        if not ins or ins[0].endswith(":"): continue
        op, *args = ins
        if op == "push": stack.append(int(args[0]))
        elif op == "load": stack.append(vars_[args[0]])
        elif op == "store": vars_[args[0]] = stack.pop()
        elif op == "add": b, a = stack.pop(), stack.pop(); stack.append(a + b)
        elif op == "sub": b, a = stack.pop(), stack.pop(); stack.append(a - b)
        elif op == "mul": b, a = stack.pop(), stack.pop(); stack.append(a * b)
        elif op == "jz":
            if stack.pop() == 0: pc = labels[args[0]]
        elif op == "jmp": pc = labels[args[0]]
        elif op == "print": out.append(stack.pop())
        else: raise ValueError(f"bad op {op}")
    return out, steps
prog = """
    push 1
    store acc
    push 20
    store n
loop:
    load n
    jz done
    load acc
    load n
    mul
    store acc
    load n
    push 1
    sub
    store n
    jmp loop
done:
    load acc
    print
"""
print(run(prog))
try:
    run("push 1\nfrob")
except ValueError as e:
    print(e)
