# shutil: copying, moving and removing trees in a private temporary directory.
import os
import shutil
import stat

top = "_tmp_shutil_%d" % os.getpid()
os.mkdir(top)
os.chdir(top)


def tree(root):
    out = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for f in sorted(filenames):
            p = os.path.join(dirpath, f)
            kind = "L" if os.path.islink(p) else "F"
            out.append((p, kind, os.path.getsize(p) if kind == "F" else os.readlink(p)))
        out.append((dirpath, "D", None))
    return out


try:
    os.makedirs("src/sub/deeper")
    with open("src/a.txt", "w") as f:
        f.write("alpha\n" * 3)
    with open("src/sub/b.bin", "wb") as f:
        f.write(bytes(range(256)) * 10)
    with open("src/sub/deeper/c.py", "w") as f:
        f.write("print('c')\n")
    os.symlink("a.txt", "src/link")
    os.chmod("src/a.txt", 0o640)
    os.utime("src/a.txt", (1000000000, 1000000000))

    print(shutil.copyfile("src/a.txt", "copy1.txt"), open("copy1.txt").read().count("alpha"))
    print(shutil.copy("src/a.txt", "copy2.txt"), oct(stat.S_IMODE(os.stat("copy2.txt").st_mode)))
    print(shutil.copy2("src/a.txt", "copy3.txt"), os.stat("copy3.txt").st_mtime)
    os.mkdir("dest")
    print(shutil.copy("src/a.txt", "dest"), sorted(os.listdir("dest")))
    shutil.copymode("copy1.txt", "dest/a.txt")
    shutil.copystat("src/a.txt", "copy1.txt")
    print(os.stat("copy1.txt").st_mtime, oct(stat.S_IMODE(os.stat("copy1.txt").st_mode)))
    with open("src/a.txt") as fsrc, open("copy4.txt", "w") as fdst:
        shutil.copyfileobj(fsrc, fdst, 4)
    print(open("copy4.txt").read() == open("src/a.txt").read())
    try:
        shutil.copyfile("src/a.txt", "src/a.txt")
    except shutil.SameFileError as e:
        print("SameFileError", e)
    try:
        shutil.copyfile("missing.txt", "x")
    except FileNotFoundError as e:
        print("FileNotFoundError", e)

    print(shutil.copytree("src", "tree1"))
    for row in tree("tree1"):
        print(row)
    shutil.copytree("src", "tree2", symlinks=True, ignore=shutil.ignore_patterns("*.py", "b*"))
    for row in tree("tree2"):
        print(row)
    try:
        shutil.copytree("src", "tree1")
    except FileExistsError as e:
        print("FileExistsError", e)
    shutil.copytree("src", "tree1", dirs_exist_ok=True)

    print(shutil.move("copy4.txt", "moved.txt"), os.path.exists("copy4.txt"))
    print(shutil.move("moved.txt", "dest"), sorted(os.listdir("dest")))
    print(shutil.move("tree2", "tree3"), os.path.isdir("tree3"))

    errors = []
    shutil.rmtree("missing-dir", onerror=lambda f, p, e: errors.append((f.__name__, p, e[0].__name__)))
    print(errors)
    shutil.rmtree("missing-dir", ignore_errors=True)
    try:
        shutil.rmtree("copy1.txt")
    except NotADirectoryError as e:
        print("NotADirectoryError", e)
    # rmtree over a directory descriptor (the fd-based walk) and with a symlink inside
    print(shutil._use_fd_functions, shutil.rmtree.avoids_symlink_attacks)
    for d in ("tree1", "tree3", "dest", "src"):
        shutil.rmtree(d)
    print(sorted(os.listdir(".")))
    fd = os.open(".", os.O_RDONLY)
    print(sorted(e.name for e in os.scandir(fd)), sorted(os.listdir(fd)))
    e = [e for e in os.scandir(fd) if e.name == "copy2.txt"][0]
    print(e.path, e.is_file(), e.stat().st_size)
    os.close(fd)

    print(shutil.which("sh") is not None, shutil.which("surely-not-a-command-xyz"))
    print(shutil.which("copy2.txt", path="."))
    os.chmod("copy2.txt", 0o755)
    print(shutil.which("copy2.txt", path="."))
    du = shutil.disk_usage(".")
    print(type(du).__name__, du.total >= du.used, du._fields)
    ts = shutil.get_terminal_size((33, 11))
    print(type(ts).__name__, ts.columns > 0)
finally:
    os.chdir("..")
    shutil.rmtree(top)
print(os.path.exists(top))
