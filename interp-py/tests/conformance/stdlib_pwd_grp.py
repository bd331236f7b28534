# pwd and grp: lookups by id and name, enumeration, struct sequences, errors (values that
# differ between machines are only compared, not printed).
import grp
import os
import pwd

me = pwd.getpwuid(os.getuid())
print(type(me).__name__, type(me).__module__, len(me), pwd.struct_passwd.n_fields, me.pw_uid == os.getuid())
print(me[0] == me.pw_name, pwd.getpwnam(me.pw_name) == me, isinstance(me.pw_dir, str), me.pw_gid == me[3])
root = pwd.getpwuid(0)
print(root.pw_name, root.pw_uid, root.pw_gid, repr(root).startswith("pwd.struct_passwd(pw_name='root'"))
print(any(p.pw_uid == 0 for p in pwd.getpwall()), all(isinstance(p, pwd.struct_passwd) for p in pwd.getpwall()))
g = grp.getgrgid(0)
print(type(g).__name__, g.gr_gid, g.gr_name, type(g.gr_mem).__name__, grp.getgrnam(g.gr_name) == g)
print(any(x.gr_gid == 0 for x in grp.getgrall()), grp.struct_group.n_fields)
for bad in (lambda: pwd.getpwnam("no_such_user_for_tern"), lambda: pwd.getpwuid(987654321),
            lambda: grp.getgrnam("no_such_group_for_tern"), lambda: grp.getgrgid(987654321),
            lambda: pwd.getpwnam(3), lambda: pwd.getpwuid("x"), lambda: pwd.getpwnam("a\0b")):
    try:
        bad()
    except (KeyError, TypeError, ValueError) as e:
        print(type(e).__name__, e)
import shutil, getpass, pathlib
print(getpass.getuser() == me.pw_name or "USER" in os.environ or "LOGNAME" in os.environ)
os.environ.pop("HOME", None)
print(os.path.expanduser("~") == me.pw_dir, os.path.expanduser("~root") == root.pw_dir)
