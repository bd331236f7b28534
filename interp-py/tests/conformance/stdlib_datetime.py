# datetime (the pure-Python module, as tern has no _datetime): date/time/datetime/timedelta
# arithmetic and comparisons, timezone, formatting and parsing, ordinals, ISO calendar,
# replace. Errors print only their type: CPython's C `_datetime` words them differently from
# the pure-Python module that both fall back to here.
import datetime as dt
from datetime import date, datetime, time, timedelta, timezone


def show(label, f, *a, **k):
    try:
        print(label, repr(f(*a, **k)))
    except Exception as e:
        print(label, type(e).__name__)


d = date(2024, 2, 29)
print(d, repr(d), d.year, d.month, d.day, d.weekday(), d.isoweekday(), tuple(d.isocalendar()),
      d.toordinal(), d.timetuple()[:8], d.ctime(), d.isoformat(), str(d.replace(day=1)))
print(d + timedelta(days=1), d - timedelta(days=366), d - date(2000, 1, 1), date.fromordinal(738000),
      date.fromisoformat('2021-12-31'), date.fromisocalendar(2020, 53, 7), date(2023, 1, 1) < d)
print(d.strftime('%Y/%m/%d %A %B %j %U %W %a %b %y %%'), format(d, '%d.%m.%Y'), f'{d:%b %d}')
show('date', date, 2023, 2, 29)
show('date', date, 2023, 13, 1)
show('date', date, 0, 1, 1)
show('date', date, '2023', 1, 1)
show('fromisoformat', date.fromisoformat, '2023-02-30')
show('fromisoformat', date.fromisoformat, 20230101)

t = time(13, 5, 9, 123456)
print(t, repr(t), t.isoformat('milliseconds'), t.isoformat('seconds'), t.replace(hour=1),
      time.fromisoformat('04:23:01.000384'), t.strftime('%H:%M:%S.%f %p %I'), bool(time()))
show('time', time, 24)
show('time', time, 1, 60)
show('isoformat', t.isoformat, 'bogus')

td = timedelta(days=1, hours=25, minutes=-3, seconds=3.5, microseconds=7)
print(td, repr(td), td.days, td.seconds, td.microseconds, td.total_seconds(), -td, abs(-td),
      td * 2, td / 2, td // 3, td % timedelta(hours=5), td / timedelta(hours=1), 2.5 * td,
      timedelta(weeks=1, milliseconds=1), timedelta(0) == timedelta(), timedelta.max, timedelta.min,
      timedelta.resolution, divmod(td, timedelta(hours=7)), str(timedelta(microseconds=-1)))
show('timedelta', timedelta, days=10**9)
show('div', lambda: td / 0)

x = datetime(2020, 1, 2, 3, 4, 5, 600000)
print(x, repr(x), x.date(), x.time(), x.timestamp() if x.tzinfo else 'naive', x.isoformat(),
      x.isoformat(sep=' ', timespec='minutes'), x.strftime('%Y-%m-%dT%H:%M:%S.%f'), x.ctime(),
      x + timedelta(hours=23), x - datetime(2019, 12, 31), x.replace(year=2021, microsecond=0),
      datetime.combine(d, t), datetime.fromisoformat('2011-11-04T00:05:23.283+00:00'),
      datetime.strptime('2021-03-04 05:06:07', '%Y-%m-%d %H:%M:%S'), x.toordinal(),
      datetime.fromordinal(737000), x.weekday(), tuple(x.isocalendar()))
utc = timezone.utc
plus2 = timezone(timedelta(hours=2), 'CEST')
a = datetime(2022, 6, 1, 12, tzinfo=utc)
b = a.astimezone(plus2)
print(a, b, a == b, b.tzname(), b.utcoffset(), b.dst(), repr(plus2), str(timezone(-timedelta(minutes=90))),
      a.timestamp(), datetime.fromtimestamp(1e9, tz=utc), datetime.utcfromtimestamp(86400 * 365),
      a.isoformat(), b.timetuple()[:6], b.utctimetuple()[:6], timezone.min, timezone.max)
show('naive vs aware', lambda: a < x)
show('timezone', timezone, timedelta(hours=24))
show('datetime', datetime, 2020, 1, 1, tzinfo=5)
print(sorted([date(2020, 5, 1), date(2019, 1, 1), date(2020, 1, 1)]), hash(d) == hash(date(2024, 2, 29)),
      max(timedelta(1), timedelta(hours=30)), dt.MINYEAR, dt.MAXYEAR, date.min, date.max,
      datetime.min, time.max, {d: 1}[date(2024, 2, 29)])


class MyDate(date):
    def season(self):
        return 'winter' if self.month in (12, 1, 2) else 'other'


m = MyDate(2021, 12, 25)
print(m, type(m).__name__, m.season(), type(m + timedelta(days=1)).__name__, m.replace(day=1).season())
