"""fuzzyfind: typo-tolerant search over a parts catalog."""

__version__ = "0.2.0"
