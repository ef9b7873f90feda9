"""Answers that dress up the instructor's failure messages: a right-to-left override (the line reads backwards), an
escape sequence, a forged table and 200 KB of text (red-team pass 13)."""


def greet(name):
    table = "\n".join(["", "Test             Score  Result", "greet: greeting    5/5  passed", "Total            10/10"])
    return "\u202e!adA ,olleH\x1b[2J" + table + "x" * 200000


def count(s):
    return "3\u202e\x1b]0;pwned\x07"
