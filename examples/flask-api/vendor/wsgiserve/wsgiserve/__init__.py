"""wsgiserve: a small threaded WSGI application server (standard library only)."""

__version__ = "1.2.0"
