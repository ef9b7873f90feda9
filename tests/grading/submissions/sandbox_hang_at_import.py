"""An endless loop at import time."""
from autograd_ops_correct import *  # noqa: F401,F403

while True:
    pass
