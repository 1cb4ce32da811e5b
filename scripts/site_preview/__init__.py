"""Builds the site for a given address and serves it on loopback: for the browser tests and
`make lighthouse`, which look at the site the way a reader's browser does."""
