import io
import logging
import sys

stream = io.StringIO()
handler = logging.StreamHandler(stream)
handler.setFormatter(logging.Formatter("%(levelname)s|%(name)s|%(message)s"))
log = logging.getLogger("app")
log.addHandler(handler)
log.setLevel(logging.DEBUG)
log.propagate = False

log.debug("debug %d", 1)
log.info("info %s", "two")
log.warning("careful")
log.error("bad: %r", {"k": 1})
child = logging.getLogger("app.db")
child.info("from child")
print(child.parent is log, child.getEffectiveLevel(), logging.getLevelName(logging.WARNING))
try:
    1 / 0
except ZeroDivisionError:
    log.exception("failed")
text = stream.getvalue()
lines = text.splitlines()
print(lines[:6])
print(lines[6], "ZeroDivisionError: division by zero" in text)


class OnlyErrors(logging.Filter):
    def filter(self, record):
        return record.levelno >= logging.ERROR


handler.addFilter(OnlyErrors())
stream.seek(0)
stream.truncate()
log.warning("filtered out")
log.critical("kept")
print(repr(stream.getvalue()))

adapter = logging.LoggerAdapter(log, {"user": "ann"})
handler.removeFilter(handler.filters[0])
handler.setFormatter(logging.Formatter("%(user)s:%(message)s"))
stream.seek(0)
stream.truncate()
adapter.info("hello")
print(repr(stream.getvalue()))

# basicConfig on a fresh root logger writes to stderr with the default format
logging.basicConfig(stream=sys.stdout, level=logging.INFO, format="%(levelname)s:%(name)s:%(message)s")
logging.info("root info")
logging.getLogger("other").warning("other %s", "warn")
logging.debug("not shown")
print(logging.root.level, len(logging.root.handlers))
logging.disable(logging.CRITICAL)
logging.error("disabled")
logging.disable(logging.NOTSET)
logging.error("enabled again")
