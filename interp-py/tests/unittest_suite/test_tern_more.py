"""Second module of tern's unittest suite: warnings, a runner writing to a StringIO,
suites built by hand and the loader's name filtering."""
import io
import unittest
import warnings


class Warnings(unittest.TestCase):
    def test_assert_warns(self):
        with self.assertWarns(DeprecationWarning) as cm:
            warnings.warn("old", DeprecationWarning)
        self.assertEqual(str(cm.warning), "old")

    def test_assert_warns_regex(self):
        with self.assertWarnsRegex(UserWarning, r"^care"):
            warnings.warn("careful")

    def test_missing_warning(self):
        with self.assertWarns(RuntimeWarning):
            pass


class Inner(unittest.TestCase):
    def test_ok(self):
        pass

    def test_bad(self):
        self.assertFalse(True, "inner failure")


class Runner(unittest.TestCase):
    def test_text_runner(self):
        stream = io.StringIO()
        suite = unittest.TestSuite([Inner("test_ok"), Inner("test_bad")])
        result = unittest.TextTestRunner(stream=stream, verbosity=0).run(suite)
        self.assertEqual((result.testsRun, len(result.failures), len(result.errors)), (2, 1, 0))
        self.assertFalse(result.wasSuccessful())
        self.assertIn("inner failure", stream.getvalue())

    def test_loader(self):
        names = unittest.TestLoader().getTestCaseNames(Inner)
        self.assertEqual(names, ["test_bad", "test_ok"])
        suite = unittest.TestLoader().loadTestsFromTestCase(Inner)
        self.assertEqual(suite.countTestCases(), 2)


def load_tests(loader, tests, pattern):
    # Inner's own tests are run by Runner only.
    suite = unittest.TestSuite()
    for cls in (Warnings, Runner):
        suite.addTests(loader.loadTestsFromTestCase(cls))
    return suite


if __name__ == "__main__":
    unittest.main()
