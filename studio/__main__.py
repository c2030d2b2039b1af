"""`python -m studio` is the same as `nmstudio`."""
import sys

from studio.cli import main

sys.exit(main())
