"""`python -m newsgraph.cli`."""

import sys

from newsgraph.cli import main

sys.exit(main())
