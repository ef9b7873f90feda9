"""Fills the disk at import: 16 MB files in its folder, /tmp, /dev/shm and /var/tmp until the writes fail (a batch
graded at the same time would find no space to copy its submissions), then says how much it wrote."""
import os

chunk = b"x" * (1 << 20)
written = 0
for place in (".", "/tmp", "/dev/shm", "/var/tmp"):
    for i in range(1000):
        try:
            with open(os.path.join(place, f"fill{i}.bin"), "wb") as f:
                for _ in range(16):
                    f.write(chunk)
                    written += 1
        except OSError:
            break
raise RuntimeError(f"wrote {written} MB")
