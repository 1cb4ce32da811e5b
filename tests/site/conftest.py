"""Registers the site-build fixture for the tests in this folder."""

from sitebuild import built_site

__all__ = ["built_site"]
