"""Runs the runnable snippets of the docs against a Docker engine and reports each one."""
