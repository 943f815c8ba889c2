"""The database cache, with an increment that two workers cannot interleave.

Django's DatabaseCache increments by reading and then writing, so two workers counting the
same failed sign-in could both write 3. Here the read and the write share one transaction
that holds the row (SQLite: the write lock, as every transaction begins IMMEDIATE;
PostgreSQL: SELECT ... FOR UPDATE). Counters for rate limits need nothing more.
"""

from __future__ import annotations

from typing import Any

from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router, transaction


class AtomicDatabaseCache(DatabaseCache):
    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        database = router.db_for_write(self.cache_model_class)
        with transaction.atomic(using=database):
            connection = connections[database]
            if connection.vendor == "postgresql":
                table = connection.ops.quote_name(self.cache_model_class._meta.db_table)
                with connection.cursor() as cursor:
                    cursor.execute(
                        f"SELECT cache_key FROM {table} WHERE cache_key = %s FOR UPDATE",
                        [self.make_and_validate_key(key, version=version)],
                    )
            return super().incr(key, delta, version)
