"""Forges the load and inspect answers (an inspect answer whose fields are not the types the judge expects)."""
import json
import os
import struct


def frame(h):
    head = json.dumps(dict(h, arrays=[])).encode()
    return struct.pack(">I", len(head)) + head


data = frame({"id": 1, "names": ["CrossEntropy"]}) + \
    frame({"id": 2, "found": True, "class": True, "function_class": False, "bases": [1, 2], "type": 3})
for fd in range(3, 64):
    try:
        os.write(fd, data)
    except OSError:
        pass
os._exit(0)
