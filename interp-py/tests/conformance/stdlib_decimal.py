# decimal (the pure-Python _pydecimal, with the current context in a ContextVar): arithmetic
# at various precisions, rounding modes, quantize, special values, signals and traps,
# localcontext, formatting, conversions, comparisons and hashing.
# (Flags print through bool(): _pydecimal counts them as ints, the C module as bools.)
import decimal
from decimal import Decimal as D, Context, localcontext, getcontext, setcontext


def show(label, f, *a):
    try:
        print(label, repr(f(*a)))
    except Exception as e:
        print(label, type(e).__name__)


print(D('1.1') + D('2.2'), D(1) / D(7), D('1e100') * 3, D(2).sqrt(), D('-0'), D('12.500').normalize())
print(D('123.456').quantize(D('0.01')), D('2.675').quantize(D('0.01'), rounding=decimal.ROUND_HALF_UP),
      D(10) ** 20, D(2) ** D('0.5'), D('7') // D('2'), D('-7') % D('3'), divmod(D(17), D(5)))
print(D(0.1), D(3.5), D(-17), D((1, (3, 1, 4), -2)), D('  1_000.5  '), D('NaN'), D('-Infinity'), D('sNaN'))
print(D('1.30').as_tuple(), D('5e-3').adjusted(), D('1.5').as_integer_ratio(), int(D('-2.9')),
      float(D('0.25')), round(D('2.5')), round(D('3.14159'), 2), D('1E+2').to_eng_string())
print(D(1).exp(), D(10).ln(), D(1000).log10(), D('0.5').logb(), D(-3).copy_abs(), D(3).copy_negate(),
      D(2).compare(D(3)), D(2).max(D('NaN')), D('1.000').fma(2, 3), D(5).next_plus(), D(1).scaleb(3))
print(D(1) < D(2), D(2) == 2, D('0.5') == 0.5, D(3) > 2.5, hash(D(5)) == hash(5), hash(D('0.5')) == hash(0.5),
      sorted([D('1.1'), D(-1), D('0.3')]), D('1.10') == D('1.1'), min(D(3), D('2.9')))
for rounding in [decimal.ROUND_UP, decimal.ROUND_DOWN, decimal.ROUND_CEILING, decimal.ROUND_FLOOR,
                 decimal.ROUND_HALF_UP, decimal.ROUND_HALF_DOWN, decimal.ROUND_HALF_EVEN,
                 decimal.ROUND_05UP]:
    ctx = Context(prec=3, rounding=rounding)
    print(rounding, [str(ctx.plus(D(v))) for v in ['1.235', '-1.235', '1.225', '1.201', '9.999']])
getcontext().prec = 40
print(D(1) / D(3), D(2).sqrt())
with localcontext() as c:
    c.prec = 5
    print(D(1) / D(7), c.prec, getcontext().prec)
print(getcontext().prec, D(1) / D(7))
setcontext(Context(prec=10, traps=[decimal.DivisionByZero]))
show('div0', lambda: D(1) / D(0))
show('invalid', lambda: D(0) / D(0))
show('sqrt-1', lambda: D(-1).sqrt())
show('parse', D, 'abc')
show('parse', D, [1])
ctx = Context(prec=6, traps=[])
print(ctx.divide(D(1), D(0)), ctx.divide(D(0), D(0)), bool(ctx.flags[decimal.DivisionByZero]),
      bool(ctx.flags[decimal.InvalidOperation]), ctx.sqrt(D(-4)))
ctx.clear_flags()
print(ctx.add(D('1.0000001'), 0), bool(ctx.flags[decimal.Inexact]), bool(ctx.flags[decimal.Rounded]),
      ctx.create_decimal('3.14159265'), ctx.Emax, ctx.Emin, ctx.Etiny())
print(format(D('1234567.891'), ',.2f'), format(D('0.000123'), '.2e'), format(D('42'), '>8'),
      format(D('-1.5'), '+.3f'), format(D('0.5'), '%'), '{:g}'.format(D('1e-7')), str(D('1e-7')))
print(issubclass(decimal.DivisionByZero, ZeroDivisionError), decimal.MAX_PREC, D.from_float(0.1),
      D(5).is_finite(), D('nan').is_nan(), D('-0').is_signed(), D(1).is_zero(), D('1e5').is_normal())
total = D(0)
setcontext(Context(prec=28))
for i in range(1, 200):
    total += D(1) / D(i)
print(total, total.quantize(D('1e-10')))
