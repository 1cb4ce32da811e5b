"""Where Debian's Chromium is and the flags every headless run of it here needs."""

from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")

# Root in a container needs --no-sandbox; the rest keeps Chromium from calling Google's update,
# sync and field-trial servers, which would be requests leaving the machine.
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
)
