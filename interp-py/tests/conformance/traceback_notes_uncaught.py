def parse_port(text):
    try:
        return int(text)
    except ValueError as e:
        e.add_note(f"while parsing port from {text!r}")
        e.add_note("hint: ports are integers")
        raise
print(parse_port("8080"))
parse_port("http")
