# Assignment specs and submissions for the grader tests, not tests.
collect_ignore_glob = ["*.py"]
