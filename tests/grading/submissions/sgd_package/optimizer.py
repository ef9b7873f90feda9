from sgd_correct import SGD  # noqa: F401  (the folder above is on sys.path, as for any package's parent)
