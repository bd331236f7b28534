class ConfigError(Exception):
    pass
def read_config(text):
    try:
        key, value = text.split("=")
    except ValueError as exc:
        raise ConfigError(f"bad line: {text!r}") from exc
    return key, value
print(read_config("a=1"))
read_config("novalue")
