"""A script of the student's, in a sub-folder nothing imports."""
import torch
import subprocess

subprocess.run(["python", "-c", "print(1)"])
print(torch.optim.SGD)
