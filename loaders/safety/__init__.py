"""A file is checked before any parser opens it, and parsed in a process with bounded
time and memory."""
