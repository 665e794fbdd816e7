# A migration plan: every Sentinel group of an estate, to migrate in one change window.
# Read and checked by Import-MigrationPlan, which contacts no server. A group's own settings win over Defaults.
@{
    Defaults = @{
        # The Sentinels every group shares here; a group may name its own.
        Sentinels            = '10.0.0.3:26379', '10.0.0.4:26379', '10.0.0.5:26379'
        # Never a password: where the credential comes from (an Automation credential asset here).
        Credential           = @{ Automation = 'redis-migrator' }
        MaxWritePause        = '00:00:01'
        StableFor            = '00:00:05'
        SteadyTimeout        = '02:30:00'
        ExcludeOtherReplicas = $false
        ForceTarget          = $false
    }
    Groups   = @(
        @{ MasterName = 'sessions'; Source = '10.0.1.1:6379'; Target = '10.0.2.1:6379' }
        @{ MasterName = 'cache'; Source = '10.0.1.2:6379'; Target = '10.0.2.2:6379'; MaxWritePause = '00:00:02' }
        @{ MasterName = 'queue'; Source = '10.0.1.3:6379'; Target = '10.0.2.3:6379'; ExcludeOtherReplicas = $true }
    )
}
