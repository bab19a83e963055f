"""What pyproject.toml cannot say: which modules of eval/ the wheel leaves out.

The wheel's summarizer.eval is what `summarizer eval` runs (metrics, matching, ROUGE,
the runner and its report). The benchmarks, the checker's measurements, and the
recording and replay of model answers, and the type check run from a checkout: they need
tests/, the seeds or the bench extra, and a user's site-packages has no use for them.
"""

from fnmatch import fnmatch

from setuptools import setup
from setuptools.command.build_py import build_py

CHECKOUT_ONLY = {
    "summarizer.eval": ("bench_*", "checker_*", "record", "recorded", "tokens", "tree_view", "typecheck")
}


class BuildPy(build_py):
    def find_package_modules(self, package, package_dir):
        left_out = CHECKOUT_ONLY.get(package, ())
        return [
            (found_package, module, path)
            for found_package, module, path in super().find_package_modules(package, package_dir)
            if not any(fnmatch(module, pattern) for pattern in left_out)
        ]


setup(cmdclass={"build_py": BuildPy})
