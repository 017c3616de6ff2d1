"""``python -m liftplan``: the same as the ``liftplan`` command."""

from liftplan.cli import main

main()
