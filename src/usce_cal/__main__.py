"""Run the command line with ``python -m usce_cal``."""

from usce_cal.cli.app import main

main()
