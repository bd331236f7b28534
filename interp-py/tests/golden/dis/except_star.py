try:
    work()
except* ValueError as eg:
    handle(eg)
except* (TypeError, KeyError):
    other()
else:
    fine()
finally:
    done()
