# argparse: positionals, optionals, types, choices, defaults, nargs, actions, subparsers,
# mutually exclusive groups, help/usage text and error exits (captured, not printed to
# the real stderr).
import argparse
import contextlib
import io

parser = argparse.ArgumentParser(prog="tool", description="A test tool.", epilog="The end.")
parser.add_argument("src", help="source file")
parser.add_argument("dst", nargs="?", default="out.txt", help="destination (default: %(default)s)")
parser.add_argument("-v", "--verbose", action="count", default=0, help="more output")
parser.add_argument("-n", "--number", type=int, default=3, metavar="N", help="how many")
parser.add_argument("--ratio", type=float, help="a float")
parser.add_argument("--mode", choices=["fast", "slow"], default="fast")
parser.add_argument("--tag", action="append", dest="tags", help="repeatable")
parser.add_argument("--flag", action="store_true")
parser.add_argument("--no-color", action="store_false", dest="color")
parser.add_argument("--const", action="store_const", const=42)
parser.add_argument("--pair", nargs=2, metavar=("A", "B"))
parser.add_argument("--many", nargs="*", type=int, default=[])
parser.add_argument("--version", action="version", version="%(prog)s 1.0")

for argv in (["in.txt"],
             ["in.txt", "o.txt", "-vv", "--number", "7", "--ratio=0.5", "--mode", "slow"],
             ["--tag", "a", "x", "--tag", "b", "--flag", "--no-color", "--const", "--pair", "p", "q"],
             ["a", "--many", "1", "2", "3", "-v", "--", "-notanoption"][:6],
             ["-n5", "f"]):
    ns = parser.parse_args(argv)
    print(sorted(vars(ns).items()))

print(parser.format_usage(), end="")
print(parser.format_help(), end="")


def run(p, argv):
    err = io.StringIO()
    out = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
        try:
            res = p.parse_args(argv)
            print("OK", sorted(vars(res).items()))
        except SystemExit as e:
            print("exit", e.code)
    return out.getvalue() + err.getvalue()


for argv in ([], ["a", "--number", "x"], ["a", "--mode", "medium"], ["a", "--bogus"],
             ["a", "b", "c"], ["--version"], ["a", "--pair", "1"], ["-h"]):
    print(repr(argv), run(parser, argv), end="")

sub = argparse.ArgumentParser(prog="git")
sp = sub.add_subparsers(dest="cmd", required=True)
c = sp.add_parser("commit", help="record changes")
c.add_argument("-m", "--message", required=True)
c.add_argument("--amend", action="store_true")
pu = sp.add_parser("push")
pu.add_argument("remote", nargs="?", default="origin")
pu.set_defaults(func="push-handler")
print(run(sub, ["commit", "-m", "msg"]), end="")
print(run(sub, ["push"]), end="")
print(run(sub, ["commit"]), end="")
print(run(sub, []), end="")
print(run(sub, ["pull"]), end="")

g = argparse.ArgumentParser(prog="g")
grp = g.add_mutually_exclusive_group()
grp.add_argument("--on", action="store_true")
grp.add_argument("--off", action="store_true")
opts = g.add_argument_group("options", "grouped options")
opts.add_argument("--level", type=int, choices=range(1, 4))
print(run(g, ["--on"]), run(g, ["--on", "--off"]), run(g, ["--level", "5"]), end="")
print(g.format_help(), end="")
ns, rest = g.parse_known_args(["--on", "extra", "--unknown"])
print(ns, rest)
print(argparse.Namespace(a=1, b="x"), argparse.Namespace(a=1) == argparse.Namespace(a=1))
pfx = argparse.ArgumentParser(prog="p", prefix_chars="+", fromfile_prefix_chars=None, allow_abbrev=True)
pfx.add_argument("+x", type=str.upper)
pfx.add_argument("++long-name")
print(pfx.parse_args(["+x", "abc", "++long", "v"]))
