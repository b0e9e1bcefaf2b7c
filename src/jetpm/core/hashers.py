"""Password hashing: Argon2id with the OWASP Password Storage Cheat Sheet's baseline parameters.

Django's own Argon2 defaults (100 MiB, 8 lanes) cost about 120 ms of CPU per check on the programme's
2-core servers, so the 50 log-ins of the last minutes before an intake deadline queue for seconds. OWASP's
recommended minimum for Argon2id (19 MiB of memory, 2 iterations, 1 lane) costs about 18 ms here and is the
configuration OWASP gives as equivalent in strength to its alternatives. Hashes made with other parameters
still verify (the parameters are stored in each hash) and are upgraded at the user's next log-in. See
docs/decisions/0003-password-hashing.md."""

from __future__ import annotations

from django.contrib.auth.hashers import Argon2PasswordHasher


class Argon2idOwaspHasher(Argon2PasswordHasher):
    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
