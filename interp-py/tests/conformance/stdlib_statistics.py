# statistics: averages and spread over ints, floats, Fractions and Decimals, medians and
# modes, quantiles, NormalDist, correlation/regression, and the StatisticsError cases.
import statistics as st
from fractions import Fraction as F
from decimal import Decimal as D

data = [2, 4, 4, 4, 5, 5, 7, 9]
print(st.mean(data), st.fmean(data), st.geometric_mean([1, 2, 4]), st.harmonic_mean([40, 60]),
      st.median(data), st.median_low([1, 3, 5, 7]), st.median_high([1, 3, 5, 7]),
      st.median_grouped([1, 2, 2, 3, 4, 4, 4, 4, 4, 5]), st.mode(data), st.multimode('aabbbcccc'))
print(st.pstdev(data), st.stdev(data), st.pvariance(data), st.variance(data),
      st.variance([F(1, 2), F(3, 4), F(5, 4)]), st.mean([D('0.5'), D('0.75')]), st.mean([F(1, 3), F(2, 3)]))
print(st.quantiles(range(1, 101), n=4), st.quantiles([1.5, 2.5, 7.0, 9.25], n=10, method='inclusive'))
nd = st.NormalDist(100, 15)
print(nd, nd.mean, nd.stdev, nd.variance, nd.cdf(130), nd.inv_cdf(0.9), nd.pdf(100), nd.zscore(85),
      nd.overlap(st.NormalDist(110, 10)), nd + 5, nd * 2, st.NormalDist.from_samples([1, 2, 3, 4]))
x = [1, 2, 3, 4, 5]
y = [2, 4, 5, 4, 5]
print(st.correlation(x, y), st.covariance(x, y), st.linear_regression(x, y))
for f, arg in [(st.mean, []), (st.median, []), (st.stdev, [1]), (st.variance, [3]),
               (st.geometric_mean, [-1, 2]), (st.harmonic_mean, [-1]), (st.quantiles, [1])]:
    try:
        f(arg)
    except st.StatisticsError as e:
        print(f.__name__, 'StatisticsError', e)
print(issubclass(st.StatisticsError, ValueError), st.mean([1.5, 2.5, True]), st.median([3, 1, 2]))
