# Adversarial submissions for the grader tests (each tries to get marks it has not earned), not tests.
collect_ignore_glob = ["*.py"]
