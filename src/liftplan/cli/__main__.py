"""``python -m liftplan.cli``: the same as the ``liftplan`` command."""

from liftplan.cli.app import main

main()
