# fnmatch (translate/fnmatch/fnmatchcase/filter, its regex cache) and glob's pattern
# helpers, all built on re.
import fnmatch, glob

for pat in ("*.py", "a?c", "[!a-c]*", "[]]x", "[!]]", "*[0-9]", "a**b", "[a-", "x[!", "\\*"):
    print(pat, fnmatch.translate(pat))
names = ["a.py", "abc", "b.PY", "]x", "x1", "aXb", "[a-", "x[!", "\\z", "a/b.py"]
for pat in ("*.py", "a?c", "[!a-c]*", "[]]x", "*[0-9]", "a*b", "[a-", "x[!", "\\*", "*"):
    print(pat, fnmatch.filter(names, pat), [fnmatch.fnmatchcase(n, pat) for n in names[:4]])
print(fnmatch.fnmatch("B.PY", "*.py"), fnmatch.fnmatchcase("B.PY", "*.py"))
print(glob.escape("a[b]*?.txt"), glob.has_magic("a*"), glob.has_magic("abc"))
print(fnmatch.fnmatch("a.txt", "*.TXT"), fnmatch._compile_pattern("*.c")("x.c") is not None)
print(glob.glob("/nonexistent-dir-for-tern/*"), glob.glob(""))
