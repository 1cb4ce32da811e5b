"""Checks the site's Markdown: links (internal and external), code blocks, translation parity."""
