"""The package list, discovered so that a new package (a new rules/<format>/) ships in the wheel.

Everything else is in pyproject.toml. The rule packages live in rules/ but install as
apilint.rules.* (package-dir there), a prefix [tool.setuptools.packages.find] cannot add.
"""

from setuptools import find_packages, setup

setup(
    packages=find_packages(include=["apilint", "apilint.*"])
    + ["apilint.rules"]
    + [f"apilint.rules.{package}" for package in find_packages("rules")]
)
