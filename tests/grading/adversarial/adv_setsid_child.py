"""At import, starts a detached child (fork, setsid, fork again) that waits 3 s and then writes a file: the
old grader let it outlive the run and rewrite results.json. The target is given by the test through a file
next to this one."""
import os
import time

TARGET = open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "adv_setsid_target.txt")).read().strip() \
    if os.path.exists(os.path.join(os.path.dirname(os.path.abspath(__file__)), "adv_setsid_target.txt")) \
    else "/tmp/minigrad-adv-setsid"

if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        time.sleep(3)
        with open(TARGET, "w") as f:
            f.write('{"score": 100}')
    os._exit(0)

from autograd_sgd_base import SGD  # noqa: E402,F401
