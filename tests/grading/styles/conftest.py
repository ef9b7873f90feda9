# Correct submissions in several styles for the grader tests, not tests.
collect_ignore_glob = ["*.py"]
