"""Mislabels its gradebook status: the message at import quotes words the old status reader searched for."""
raise RuntimeError("the submission does not exist; did not finish; the grading process ended")
