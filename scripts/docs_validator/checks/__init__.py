"""The checks, one module each: links, code, translations."""
