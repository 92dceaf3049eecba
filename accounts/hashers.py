"""How passwords are stored: Argon2id at OWASP's recommended minimum (19 MiB of memory, two
passes, one lane). Memory-hard, so guessing is costly on GPUs, yet about 20 ms of one core per
sign-in here, against about 300 ms for PBKDF2 at Django's 1,000,000 iterations: fifteen people
signing in at once no longer hold the two cores for seconds. Existing hashes (PBKDF2, or Argon2
with other parameters) still verify and are rehashed with these on the next sign-in."""

from django.contrib.auth.hashers import Argon2PasswordHasher


class Argon2idPasswordHasher(Argon2PasswordHasher):
    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1  # one core per sign-in: the others keep serving pages
