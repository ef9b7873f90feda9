def greet(name):
    return f"Hello, {name}!"


def count(s):
    return len(s)
