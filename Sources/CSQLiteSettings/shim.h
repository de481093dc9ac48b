// SQLite's process-wide settings (sqlite3_config is variadic, which Swift does not call).
#include <sqlite3.h>

// Connections lock no mutex of their own: each is used by one thread at a time
// (a GRDB queue, or one read connection a request), so SQLite's locking is redundant.
static inline int rds_sqlite_config_multithread(void) { return sqlite3_config(SQLITE_CONFIG_MULTITHREAD); }

// No allocation statistics: each allocation would take a process-wide lock to count.
static inline int rds_sqlite_config_no_memstatus(void) { return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); }
