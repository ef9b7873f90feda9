"""An instructor spec that lets submissions use torch (allow=["torch"])."""
from minigrad.grading import Assignment, FunctionTask, Test, Case, randn

ASSIGNMENT = Assignment("softplus", allow=["torch"], tasks=[
    FunctionTask("softplus", lambda x: (1 + x.exp()).log(), arg_names=("x",), require_function=False,
                 signature="x", doc="log(1 + exp(x)); torch may be used", tests=[
                     Test("forward", 1, "forward", [Case(randn(3, 4))]),
                 ]),
])
