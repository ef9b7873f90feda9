"""An instructor's assignment whose custom checks quote what the submission returned (red-team pass 13)."""
from minigrad.grading import Assignment, Task, Test, Fail


def check_greet(greet, rng, device):
    s = greet("Ada")
    if s != "Hello, Ada!":
        raise Fail(f"greet('Ada') returned {s}, expected Hello, Ada!")


def check_count(count, rng, device):
    n = count("abc")
    assert n == 3, f"count('abc') gave {n}"


ASSIGNMENT = Assignment("greet", description="strings", tasks=[
    Task("greet", signature="name", doc="a greeting", tests=[Test("greeting", 5, check_greet)]),
    Task("count", signature="s", doc="the length of s", tests=[Test("length", 5, check_count)]),
])
