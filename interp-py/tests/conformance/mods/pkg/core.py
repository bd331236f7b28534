def core_func():
    return "core"
