import os
import sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "data.txt"))
from hidden import SGD  # noqa
