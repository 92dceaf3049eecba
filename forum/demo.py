"""Demo discussions and pathways (filled in by the forum work)."""


def seed(stdout) -> None:
    stdout.write("  forum: nothing yet")
