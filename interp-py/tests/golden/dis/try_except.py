def handlers():
    try:
        a()
    except ValueError:
        b()
    except (TypeError, KeyError) as e:
        c(e)
    except:
        d()
    else:
        e()
    finally:
        f()

def reraise():
    try:
        g()
    except Exception as exc:
        raise RuntimeError("wrapped") from exc
    raise

def return_in_finally():
    try:
        return 1
    finally:
        return 2

def nested():
    try:
        try:
            x()
        finally:
            y()
    except OSError:
        pass
