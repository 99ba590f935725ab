using System.Collections.Immutable;

namespace OrleansLB.Grains.Storage;

/// <summary>The schema scripts in version order (see <see cref="SchemaMigration"/>).</summary>
internal static class SchemaMigrations
{
    /// <summary>
    /// <c>destination_key</c> is the destination's identity (duid, else URI) in lower case, so
    /// lookups and administrative states need no case-insensitive SQL, which the engines spell
    /// differently. <c>position</c> is the written order, from which the Kamailio order is rebuilt.
    /// </summary>
    public static readonly ImmutableArray<SchemaMigration> All =
    [
        new(1, "dispatcher sets, destinations, administrative states, routing rules, audit", """
            CREATE TABLE dispatcher_sets (
                set_id INTEGER NOT NULL PRIMARY KEY
            );

            CREATE TABLE dispatcher_destinations (
                id {identity},
                set_id INTEGER NOT NULL REFERENCES dispatcher_sets (set_id),
                position INTEGER NOT NULL,
                uri TEXT NOT NULL,
                flags INTEGER NOT NULL,
                priority INTEGER NOT NULL,
                attrs TEXT NOT NULL,
                description TEXT NULL,
                destination_key TEXT NOT NULL,
                CONSTRAINT uq_dispatcher_destinations_position UNIQUE (set_id, position)
            );

            CREATE INDEX ix_dispatcher_destinations_key ON dispatcher_destinations (set_id, destination_key);

            CREATE TABLE dispatcher_admin_state (
                set_id INTEGER NOT NULL,
                destination_key TEXT NOT NULL,
                state INTEGER NOT NULL,
                updated_at {timestamp} NOT NULL,
                actor TEXT NOT NULL,
                PRIMARY KEY (set_id, destination_key)
            );

            CREATE TABLE routing_rules (
                name TEXT NOT NULL PRIMARY KEY,
                position INTEGER NOT NULL,
                json TEXT NOT NULL,
                updated_at {timestamp} NOT NULL
            );

            CREATE TABLE admin_audit (
                id {identity},
                occurred_at {timestamp} NOT NULL,
                actor TEXT NOT NULL,
                action TEXT NOT NULL
            );
            """),
    ];
}
