"""An instructor's assignment whose failure message has two lines of its own and quotes the answer (red-team pass
14)."""
from minigrad.grading import Assignment, Task, Test, Fail


def check_shout(shout, rng, device):
    s = shout("hi")
    if s != "HI":
        raise Fail(f"shout('hi') returned {s}\nexpected HI")


ASSIGNMENT = Assignment("shout", description="strings", tasks=[
    Task("shout", signature="s", doc="s in capitals", tests=[Test("capitals", 5, check_shout)]),
])
