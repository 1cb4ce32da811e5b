"""Self-hosting helpers: the Content-Security-Policy that nginx sends, computed from the site."""
