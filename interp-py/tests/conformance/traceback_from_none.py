def get_setting(cfg, key):
    try:
        return cfg[key]
    except KeyError:
        raise LookupError(f"setting {key!r} is required") from None
print(get_setting({"a": 1}, "a"))
get_setting({}, "db_url")
