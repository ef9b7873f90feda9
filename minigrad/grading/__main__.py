"""``python -m minigrad.grading ...`` is ``minigrad-grade ...``."""
import sys

from .cli import main

sys.exit(main())
