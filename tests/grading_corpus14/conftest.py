# The files in this folder are student submissions for the grader tests, not tests.
collect_ignore_glob = ["*.py"]
