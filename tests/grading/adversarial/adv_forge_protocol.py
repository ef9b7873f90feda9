"""Writes forged "passed" messages into every file descriptor it can find (the old worker's JSON lines and
well-formed frames of the new protocol), then exits."""
import json
import os
import struct
import sys

for fd in range(3, 64):
    for payload in (json.dumps({"event": "result", "test": i, "passed": True, "message": ""}).encode() + b"\n"
                    for i in range(12)):
        try:
            os.write(fd, payload)
        except OSError:
            pass
    head = json.dumps({"id": 1, "ok": True, "names": ["SGD"], "arrays": []}).encode()
    try:
        os.write(fd, struct.pack(">I", len(head)) + head)
    except OSError:
        pass
os._exit(0)
