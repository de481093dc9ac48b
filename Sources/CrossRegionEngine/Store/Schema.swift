import GRDB

/// The state file's schema: frozen, named migrations (never edit one that shipped).
enum Schema {
    /// `PRAGMA application_id` of a state file ("RDSC").
    static let applicationID: Int32 = 0x5244_5343

    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1-state") { db in
            try db.execute(sql: """
                CREATE TABLE meta (
                    key TEXT PRIMARY KEY NOT NULL,
                    value INTEGER NOT NULL DEFAULT 0,
                    text TEXT
                ) STRICT;
                CREATE TABLE instance (
                    seq INTEGER PRIMARY KEY,
                    id TEXT NOT NULL UNIQUE,
                    region TEXT NOT NULL,
                    zone TEXT NOT NULL,
                    description TEXT NOT NULL,
                    engine TEXT NOT NULL,
                    engine_version TEXT NOT NULL,
                    category TEXT NOT NULL,
                    storage_type TEXT NOT NULL,
                    class TEXT NOT NULL,
                    storage_gb INTEGER NOT NULL,
                    data_bytes INTEGER NOT NULL,
                    log_bytes_per_hour INTEGER NOT NULL,
                    tde INTEGER NOT NULL,
                    created_at INTEGER NOT NULL,
                    ready_at INTEGER NOT NULL,
                    released_at INTEGER,
                    backup_minute INTEGER NOT NULL,
                    log_gap_start INTEGER,
                    log_gap_end INTEGER,
                    restored_from TEXT,
                    pay_type TEXT NOT NULL,
                    net_type TEXT NOT NULL,
                    qualified INTEGER NOT NULL,
                    xb_enabled INTEGER NOT NULL,
                    xb_region TEXT,
                    retention INTEGER NOT NULL,
                    log_enabled INTEGER NOT NULL,
                    xb_enabled_at INTEGER,
                    log_enabled_at INTEGER,
                    expiry_floor INTEGER NOT NULL,
                    epoch_at INTEGER,
                    epoch_sid INTEGER,
                    seed_start INTEGER,
                    seed_end INTEGER,
                    seed_at INTEGER,
                    log_chain_start INTEGER,
                    retained_until INTEGER NOT NULL
                ) STRICT;
                CREATE INDEX instance_region ON instance(region, id);
                CREATE INDEX instance_epoch ON instance(epoch_sid) WHERE epoch_sid IS NOT NULL;
                CREATE TABLE xseries (
                    sid INTEGER PRIMARY KEY,
                    instance_seq INTEGER NOT NULL REFERENCES instance(seq),
                    kind INTEGER NOT NULL,
                    destination TEXT NOT NULL,
                    t0 INTEGER NOT NULL,
                    period INTEGER NOT NULL,
                    first_index INTEGER NOT NULL,
                    end_at INTEGER NOT NULL,
                    size_bytes INTEGER NOT NULL,
                    copy_seconds INTEGER NOT NULL,
                    source_start0 INTEGER NOT NULL,
                    source_end0 INTEGER NOT NULL,
                    banked_seconds INTEGER NOT NULL,
                    seq0 INTEGER NOT NULL
                ) STRICT;
                CREATE INDEX xseries_instance ON xseries(instance_seq);
                CREATE TABLE local_backup (
                    id INTEGER PRIMARY KEY,
                    instance_seq INTEGER NOT NULL REFERENCES instance(seq),
                    start_at INTEGER NOT NULL,
                    end_at INTEGER NOT NULL,
                    mode TEXT NOT NULL,
                    initiator TEXT NOT NULL
                ) STRICT;
                CREATE INDEX local_backup_instance ON local_backup(instance_seq, end_at);
                """)
        }
        m.registerMigration("v2-page-indexes") { db in
            // Counting and paging a region's instances reads these indexes only.
            try db.execute(sql: """
                CREATE INDEX instance_live ON instance(region, released_at, id, description);
                CREATE INDEX instance_pending ON instance(region, qualified, xb_enabled, released_at, id);
                CREATE INDEX instance_backup ON instance(region, xb_enabled, released_at, retained_until, id);
                INSERT OR IGNORE INTO meta (key, value) VALUES ('generation', 0);
                """)
        }
        m.registerMigration("v3-access-keys") { _ in
            // Frozen and empty: the endpoint's tables are the server's own (RDSServer's
            // ServerTables makes them); states made before keep theirs, of the same definition.
        }
        m.registerMigration("v4-fidelity") { db in
            // When TDE was turned on (a set taken after it is a TDE set, R6.4; instances
            // that had TDE before keep the old reading: on since creation), the network
            // settings CreateDBInstance stores, and the answers kept for ClientTokens (R9.3).
            try db.execute(sql: """
                ALTER TABLE instance ADD COLUMN tde_at INTEGER;
                UPDATE instance SET tde_at = created_at WHERE tde = 1;
                ALTER TABLE instance ADD COLUMN vpc_id TEXT;
                ALTER TABLE instance ADD COLUMN vswitch_id TEXT;
                ALTER TABLE instance ADD COLUMN security_ips TEXT;
                CREATE TABLE client_token (
                    action TEXT NOT NULL,
                    token TEXT NOT NULL,
                    request TEXT NOT NULL,
                    answer TEXT NOT NULL,
                    created_at INTEGER NOT NULL,
                    PRIMARY KEY (action, token)
                ) STRICT;
                CREATE INDEX instance_vpc ON instance(region, vpc_id);
                INSERT OR IGNORE INTO meta (key, value, text) VALUES ('state_id', 0, lower(hex(randomblob(16))));
                UPDATE instance SET security_ips = '127.0.0.1';
                """)
            for zone in try String.fetchAll(db, sql: "SELECT DISTINCT zone FROM instance") {
                try db.execute(sql: "UPDATE instance SET vswitch_id = ? WHERE zone = ?",
                               arguments: [Region.defaultVSwitch(zone), zone])
            }
            for region in try String.fetchAll(db, sql: "SELECT DISTINCT region FROM instance") {
                try db.execute(sql: "UPDATE instance SET vpc_id = ? WHERE region = ?",
                               arguments: [Region.defaultVPC(region), region])
            }
        }
        m.registerMigration("v5-list-index") { db in
            // Everything a page's list asks of a region (its sets, its order, the ID and
            // description it shows) in one covering index: reading and sorting 10,000
            // rows costs a few milliseconds, not a pass over the wide rows.
            try db.execute(sql: """
                CREATE INDEX instance_list ON instance(region, id, description, xb_enabled, released_at, retained_until,
                                                       qualified, ready_at, retention, xb_region, zone, engine, engine_version);
                """)
        }
        m.registerMigration("v6-billing-index") { db in
            // What a cost needs of the instances that hold or held files, and nothing of
            // the others: the totals row and the cost sorts read a region's few hundred
            // pages of it instead of thousands of scattered table pages.
            try db.execute(sql: """
                CREATE INDEX instance_billing ON instance(region, id, description, seq, data_bytes, log_bytes_per_hour,
                    created_at, ready_at, released_at, backup_minute, xb_enabled, xb_region, retention, log_enabled,
                    expiry_floor, epoch_at, epoch_sid, seed_start, seed_end, seed_at, log_chain_start, retained_until)
                    WHERE \(Tx.holdsOrHeldFiles);
                """)
        }
        m.registerMigration("v7-page-token-secret") { db in
            // The secret that seals NextToken: random per state, never derived from the
            // demo's seed or the ID salt, and never shown (PageToken).
            try db.execute(sql: "INSERT OR IGNORE INTO meta (key, value, text) VALUES ('\(PageTokenSecret.key)', 0, \(PageTokenSecret.newValueSQL))")
        }
        m.registerMigration("v8-planned-policy") { db in
            // A pulled state's policy changes, kept as a plan against the account (AccountPlan):
            // the account's values at the pull, the planned ones, and the change's impact.
            try db.execute(sql: """
                CREATE TABLE planned_policy (
                    instance_id TEXT PRIMARY KEY NOT NULL,
                    region TEXT NOT NULL,
                    account TEXT NOT NULL,
                    planned TEXT NOT NULL,
                    planned_at INTEGER NOT NULL,
                    files_earlier INTEGER NOT NULL,
                    bytes_earlier INTEGER NOT NULL,
                    first_deletion INTEGER,
                    cost_before REAL NOT NULL,
                    cost_after REAL NOT NULL
                ) STRICT;
                """)
        }
        m.registerMigration("v9-zone-ids") { db in
            // Zone IDs as Alibaba writes them outside mainland China and Hong Kong: ap-southeast-1a, not ap-southeast-1-a.
            try db.execute(sql: """
                UPDATE instance SET zone = region || substr(zone, length(region) + 2)
                WHERE region NOT LIKE 'cn-%' AND zone LIKE region || '-_'
                """)
        }
        m.registerMigration("v10-released-index") { db in
            // A pulled state's plan lists the instances released since the pull each time the state
            // changes (the console's top bar asks it): the released ones are few, the fleet may be a million.
            try db.execute(sql: "CREATE INDEX instance_released ON instance(released_at, seq, id) WHERE released_at IS NOT NULL")
        }
        m.registerMigration("v11-billing-index-storage") { db in
            // Cloud-disk files are billed per GB-day under today's rules (RulesEdition): the
            // billing index carries the product, so a cost is still read from the index alone.
            try db.execute(sql: """
                DROP INDEX instance_billing;
                CREATE INDEX instance_billing ON instance(region, id, description, seq, data_bytes, log_bytes_per_hour,
                    created_at, ready_at, released_at, backup_minute, xb_enabled, xb_region, retention, log_enabled,
                    expiry_floor, epoch_at, epoch_sid, seed_start, seed_end, seed_at, log_chain_start, retained_until,
                    storage_type, engine, engine_version, category)
                    WHERE \(Tx.holdsOrHeldFiles);
                """)
        }
        m.registerMigration("v12-fewer-list-indexes") { db in
            // instance_list (region, id, and every column a list filters or shows) answers what these
            // did, by the same region range: at a million instances they were 210 MB of the file.
            try db.execute(sql: """
                DROP INDEX instance_region;
                DROP INDEX instance_live;
                DROP INDEX instance_pending;
                DROP INDEX instance_backup;
                """)
        }
        m.registerMigration("v13-billing-index-tde") { db in
            // A drill and DR Readiness read an instance's recovery window from the billing
            // columns and the time TDE was turned on (R6.4): with it, the index alone answers them.
            try db.execute(sql: """
                DROP INDEX instance_billing;
                CREATE INDEX instance_billing ON instance(region, id, description, seq, data_bytes, log_bytes_per_hour,
                    created_at, ready_at, released_at, backup_minute, xb_enabled, xb_region, retention, log_enabled,
                    expiry_floor, epoch_at, epoch_sid, seed_start, seed_end, seed_at, log_chain_start, retained_until,
                    storage_type, engine, engine_version, category, tde_at)
                    WHERE \(Tx.holdsOrHeldFiles);
                """)
        }
        m.registerMigration("v14-unbilled-index") { db in
            // A drill counts the instances that never held a cross-region file (unprotected whatever
            // else they are) without reading them: at a million instances, 5 ms a region, not 90.
            try db.execute(sql: """
                CREATE INDEX instance_unbilled ON instance(region, created_at, released_at) WHERE NOT \(Tx.holdsOrHeldFiles);
                """)
        }
        m.registerMigration("v15-list-index-log-tde") { db in
            // Sorting a list by Log or TDE read every row of the region from the table (18 ms at
            // 10,000 rows): the two flags join the list's index, a byte a row between them.
            try db.execute(sql: """
                DROP INDEX instance_list;
                CREATE INDEX instance_list ON instance(region, id, description, xb_enabled, released_at, retained_until,
                                                       qualified, ready_at, retention, xb_region, zone, engine, engine_version,
                                                       log_enabled, tde);
                """)
        }
        return m
    }
}
