# cmath: every function over a grid of special and ordinary values (C99 Annex G special
# values, branch cuts with signed zeros, overflow/domain errors), log with a base, polar/rect,
# isclose, constants, argument conversion (__complex__, __float__, __index__).
import cmath, math
vals = [0.0, -0.0, 1.0, -1.0, 0.5, 2.0, 1e-310, 1e300, -1e300, math.inf, -math.inf, math.nan]
zs = [complex(a, b) for a in vals for b in vals]
zs += [1+2j, -3.5+0.25j, 0.7-0.7j, 1e-20+1e-20j, 10+700j, 720+1j, -720-1j]
def fmt(x):
    if isinstance(x, complex): return f"({x.real!r}, {x.imag!r})"
    return repr(x)
for name in ['acos','acosh','asin','asinh','atan','atanh','cos','cosh','exp','log','log10','sin','sinh','sqrt','tan','tanh','phase','polar','isfinite','isnan','isinf']:
    f = getattr(cmath, name)
    out = []
    for z in zs:
        try: r = f(z); out.append(fmt(r) if not isinstance(r, tuple) else '(' + ', '.join(map(fmt, r)) + ')')
        except (ValueError, OverflowError) as e: out.append(type(e).__name__ + ':' + str(e))
    print(name, ' '.join(out))
for r in vals:
    print('rect', ' '.join((lambda: fmt(cmath.rect(r, p)))() if True else '' for p in vals if not (r != 0 and not math.isnan(r) and math.isinf(p))))
print(cmath.log(8, 2), cmath.log(1+1j, 1j))
try: cmath.log(2, 1)
except ValueError as e: print(e)
try: cmath.sqrt('x')
except TypeError as e: print(e)
class Cx:
    def __complex__(self): return 3+4j
class Fl:
    def __float__(self): return 2.5
class Ix:
    def __index__(self): return 7
print(cmath.sqrt(Cx()), cmath.exp(Fl()), cmath.sqrt(Ix()), cmath.polar(3+4j), cmath.phase(-1-0j))
print(cmath.pi, cmath.e, cmath.tau, cmath.inf, cmath.nan, cmath.infj, cmath.nanj)
print(cmath.isclose(1+1j, 1+1.0000000001j), cmath.isclose(1j, 1.1j, rel_tol=0.2), cmath.isclose(0j, 1e-10j, abs_tol=1e-9), cmath.isclose(complex(math.inf, 0), complex(math.inf, 0)))
try: cmath.isclose(1, 1, rel_tol=-1)
except ValueError as e: print(e)
try: cmath.rect(1, math.inf)
except ValueError as e: print(e)
try: cmath.polar(complex(1e308, 1e308))
except OverflowError as e: print(e)
