import time
t = time.time()
print(type(t).__name__, t > 1.6e9, type(time.time_ns()).__name__, time.monotonic() <= time.monotonic(), time.perf_counter() >= 0)
g = time.gmtime(0)
print(g, g.tm_year, g[0], len(g), tuple(g)[:6], g.tm_wday, g.tm_yday)
print(time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(86400 * 365)), time.strftime("%a %b %d", time.gmtime(1e9)))
print(time.gmtime(1234567890)[:], time.asctime(time.gmtime(0)), time.mktime(time.localtime(1000000)) == 1000000.0)
start = time.process_time(); sum(range(10000)); print(time.process_time() >= start)
time.sleep(0.01)
print(isinstance(time.localtime().tm_hour, int), time.struct_time.__name__ if hasattr(time, "struct_time") else "st")
try:
    time.sleep(-1)
except ValueError as e:
    print(e)
