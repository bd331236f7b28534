"""A small unittest suite of our own, run by `tern -m unittest -v test_tern_suite` and
compared with CPython's report (tests/unittest_cli.rs): passing, failing and erroring tests,
skips, expected failures, subtests, setUp/tearDown/class fixtures, assertion messages."""

import unittest

EVENTS = []


class Fixtures(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        EVENTS.append("setUpClass")

    @classmethod
    def tearDownClass(cls):
        EVENTS.append("tearDownClass")

    def setUp(self):
        self.items = [3, 1, 2]

    def tearDown(self):
        EVENTS.append("tearDown")

    def test_sorted(self):
        self.assertEqual(sorted(self.items), [1, 2, 3])

    def test_cleanup_order(self):
        self.addCleanup(EVENTS.append, "cleanup")
        self.assertIn("setUpClass", EVENTS)


class Assertions(unittest.TestCase):
    def test_list_diff(self):
        self.assertEqual([1, 2, 3], [1, 2, 4])

    def test_dict_diff(self):
        self.assertDictEqual({"a": 1, "b": 2}, {"a": 1, "b": 3})

    def test_multiline_diff(self):
        self.assertEqual("one\ntwo\nthree\n", "one\n2\nthree\n")

    def test_raises_regex(self):
        with self.assertRaisesRegex(ValueError, r"invalid literal"):
            int("x")
        with self.assertRaises(KeyError) as cm:
            {}["k"]
        self.assertEqual(cm.exception.args, ("k",))

    def test_almost_and_true(self):
        self.assertAlmostEqual(0.1 + 0.2, 0.3)
        self.assertTrue([0])
        self.assertIsNone(None)
        self.assertIsInstance(1, int)
        self.assertCountEqual([1, 2, 2], [2, 1, 2])

    def test_error(self):
        {}["missing"]

    @unittest.skip("not today")
    def test_skipped(self):
        self.fail("never runs")

    @unittest.expectedFailure
    def test_expected_failure(self):
        self.assertEqual(1, 2)

    @unittest.expectedFailure
    def test_unexpected_success(self):
        pass

    def test_subtests(self):
        for i in range(4):
            with self.subTest(i=i):
                self.assertNotEqual(i % 3, 2)

    def test_warns(self):
        import warnings

        with self.assertWarns(DeprecationWarning):
            warnings.warn("old", DeprecationWarning)


def load_tests(loader, tests, pattern):
    return tests


if __name__ == "__main__":
    unittest.main()
