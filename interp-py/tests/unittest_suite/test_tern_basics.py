"""A small unittest suite of tern's own: run by tests/unittest_suite.rs with
`tern -m unittest` and compared with CPython's report (timings normalised)."""
import io
import os
import unittest


class Arithmetic(unittest.TestCase):
    def setUp(self):
        self.x = 2

    def tearDown(self):
        self.x = None

    def test_add(self):
        self.assertEqual(self.x + 2, 4)

    def test_failure_message(self):
        self.assertEqual(self.x * 3, 7, "multiplication")

    def test_error(self):
        raise KeyError("missing")

    @unittest.skip("not today")
    def test_skipped(self):
        self.fail("never runs")

    @unittest.skipIf(os.sep == "/", "posix path separator")
    def test_skip_if(self):
        pass

    @unittest.expectedFailure
    def test_expected_failure(self):
        self.assertTrue(False)

    @unittest.expectedFailure
    def test_unexpected_success(self):
        pass

    def test_raises(self):
        with self.assertRaises(ZeroDivisionError) as cm:
            divmod(1, 0)
        self.assertIn("division", str(cm.exception))
        self.assertRaisesRegex(ValueError, "invalid literal", int, "x")

    def test_subtests(self):
        for i in range(4):
            with self.subTest(i=i):
                self.assertLess(i, 2)


class Containers(unittest.TestCase):
    def test_sequences(self):
        self.assertListEqual([1, 2], [1, 2])
        self.assertTupleEqual((1,), (1,))
        self.assertIn(3, [1, 2, 3])
        self.assertNotIn(4, {1, 2})
        self.assertCountEqual([3, 1, 2], [1, 2, 3])

    def test_dict_diff(self):
        self.assertDictEqual({"a": 1, "b": 2}, {"a": 1, "b": 3})

    def test_list_diff(self):
        self.assertEqual([1, 2, 3, 4], [1, 2, 5, 4])

    def test_multiline_diff(self):
        self.assertMultiLineEqual("one\ntwo\nthree\n", "one\n2\nthree\n")

    def test_misc(self):
        self.assertAlmostEqual(0.1 + 0.2, 0.3)
        self.assertIsNone(None)
        self.assertIsInstance("s", str)
        self.assertGreater(3, 2)
        self.assertRegex("tern vm", r"t.rn")
        self.assertTrue(isinstance(io.StringIO(), io.TextIOBase))


class Fixtures(unittest.TestCase):
    log = []

    @classmethod
    def setUpClass(cls):
        cls.log.append("setUpClass")

    @classmethod
    def tearDownClass(cls):
        cls.log.append("tearDownClass")

    def test_a_cleanup(self):
        self.addCleanup(self.log.append, "cleanup")
        self.assertEqual(self.log, ["setUpClass"])

    def test_b_after_cleanup(self):
        self.assertEqual(self.log, ["setUpClass", "cleanup"])


def load_tests(loader, tests, pattern):
    return tests


if __name__ == "__main__":
    unittest.main()
