@{
    Synopsis    = 'Compares the keyspaces of source and target: counts per database, then keys by type, TTL and value. Read-only.'
    Description = @'
Compare-RedisKeyspace first compares the key counts of every database from INFO keyspace, including keys without an expiry, which should match exactly (keys with a TTL may legitimately expire). It then compares keys: a random sample drawn with RANDOMKEY (-SampleSize, spread over the databases by size), or every key with SCAN (-Full). For each key it compares the type, the value read per type (GET, HGETALL, LRANGE, SMEMBERS, ZRANGE, XRANGE; never DUMP, whose format differs between Redis and Dragonfly) and the TTL within -TtlTolerance. Collections longer than 10,000 elements are compared by length.

It writes a summary object first, then one object per difference (Missing, TypeMismatch, ValueMismatch, TtlMismatch, or OnlyOnTarget for a key the source lacks: a DEL the target dropped leaves one). Keys are drawn from both sides. Without -Full its cost grows with the sample, not with the keyspace.

Compare while the target replicates the source, before the cutover. Then the comparison is live (the summary's Live is True; so is a comparison of an old primary that follows a Redis new primary): a key that differs is looked at again once the replica has acknowledged what its primary had, up to three times within five seconds, and the counts match when the replica's lie between its primary's read just before and just after them. SettledKeys counts the keys that were in flight. After a cutover onto Dragonfly the old primary receives no writes and nothing feeds it, so every later write shows as a difference; the cmdlet warns whenever neither node replicates the other, and whenever replication is not streaming.
'@
    Parameters  = @{
        Credential = 'Connects the host:port strings given to -Source and -Target (not node objects, which keep the credential Connect-RedisNode used). Strings are connected without TLS, when the cmdlet runs, and closed when it ends; for TLS pass nodes from Connect-RedisNode -UseTls.'
        Source       = 'The source: a node from Connect-RedisNode or a host:port string.'
        Target       = 'The target: a node from Connect-RedisNode or a host:port string. Accepts pipeline input.'
        SampleSize   = 'Keys to compare, drawn at random over all databases. Default 1000.'
        Full         = 'Walk every key of the source with SCAN instead of sampling.'
        TtlTolerance = 'How far the TTLs of a key may differ, read a moment apart on each side. Default 00:00:05. A bare number is seconds.'
    }
    Inputs      = @('DragonflyMigration.RedisNode')
    Examples    = @(
        @{ Code = 'Compare-RedisKeyspace -Source $src -Target $df'; Remarks = 'Counts and a sample of 1000 keys, while the target replicates the source.' }
        @{ Code = 'Compare-RedisKeyspace $src $df -Full | Where-Object Kind | Export-Csv differences.csv'; Remarks = 'Compares every key and saves the differences.' }
    )
    Links       = @('Invoke-SentinelFailover')
}
