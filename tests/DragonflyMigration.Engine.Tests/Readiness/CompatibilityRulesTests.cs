using DragonflyMigration.Engine.Readiness;
using DragonflyMigration.Engine.Readiness.Rules;
using Xunit;

namespace DragonflyMigration.Engine.Tests.Readiness
{
    public class CompatibilityRulesTests
    {
        private static readonly ReadinessThresholds Defaults = new ReadinessThresholds();

        private static Verdict TargetVersionOf(System.Action<NodeFactsBuilder> target) =>
            CompatibilityRules.TargetVersion(ReadinessFactsBuilder.Healthy().Target(target).Build(), Defaults);

        [Fact]
        public void Dragonfly140HasEverythingTheProcedureNeeds()
        {
            var verdict = TargetVersionOf(t => t.Dragonfly("1.40.1"));

            Assert.Equal(CheckStatus.Pass, verdict.Status);
            Assert.Equal("df-v1.40.1", verdict.DataOf("Version"));
            Assert.Equal(true, verdict.DataOf("TrustworthyReplicaOffset"));
        }

        [Fact]
        public void ARedisTargetPassesAsARehearsalUnlessDragonflyIsRequired()
        {
            var facts = ReadinessFactsBuilder.Healthy().Target(t => t.Redis("7.0.15")).Build();

            Assert.Equal(CheckStatus.Pass, CompatibilityRules.TargetVersion(facts, Defaults).Status);
            var required = CompatibilityRules.TargetVersion(facts, new ReadinessThresholds { RequireDragonfly = true });
            Assert.Equal(CheckStatus.Fail, required.Status);
            Assert.Contains("Redis 7.0.15, and Dragonfly was required", required.Message);
            Assert.Equal(CheckStatus.Pass, CompatibilityRules.TargetVersion(ReadinessFactsBuilder.Healthy().Target(t => t.Dragonfly("1.40.1")).Build(),
                new ReadinessThresholds { RequireDragonfly = true }).Status);
        }

        [Fact]
        public void Dragonfly113FailsForLackOfClientKill()
        {
            var verdict = TargetVersionOf(t => t.Dragonfly("1.13.0"));

            Assert.Equal(CheckStatus.Fail, verdict.Status);
            Assert.Contains("CLIENT KILL", verdict.Message);
            Assert.Contains("v1.39", verdict.Remediation);
            Assert.Equal(false, verdict.DataOf("SupportsClientKill"));
        }

        [Fact]
        public void Dragonfly120FailsBecauseItsPriorityCannotChangeAtRuntime()
        {
            var verdict = TargetVersionOf(t => t.Dragonfly("1.20.0"));

            Assert.Equal(CheckStatus.Fail, verdict.Status);
            Assert.Contains("replica-priority while running", verdict.Message);
            Assert.DoesNotContain("CLIENT KILL", verdict.Message);
        }

        [Fact]
        public void Dragonfly121WithoutValkeyCompatibleInfoFailsOnItsReplicaRole()
        {
            var verdict = TargetVersionOf(t => t.Dragonfly("1.21.2"));

            Assert.Equal(CheckStatus.Fail, verdict.Status);
            Assert.Contains("role:replica", verdict.Message);
            Assert.Contains("info_replication_valkey_compatible", verdict.Message);
            Assert.DoesNotContain("while running", verdict.Message);
        }

        [Fact]
        public void AReplicatingDragonflyIsJudgedByTheRoleItPrintsAsThePreflightJudgesIt()
        {
            // Observed beats predicted: the flag's CONFIG GET may say nothing, the role line does.
            var readable = TargetVersionOf(t => t.Dragonfly("1.21.2").ReplicaOf("10.0.0.1", 6379, "slave"));
            Assert.DoesNotContain("role:", readable.Message);

            var unreadable = TargetVersionOf(t => t.Dragonfly("1.38.0").ReplicaOf("10.0.0.1", 6379, "replica"));
            Assert.Equal(CheckStatus.Fail, unreadable.Status);
            Assert.Contains("role:replica", unreadable.Message);
        }

        [Fact]
        public void Dragonfly121WithValkeyCompatibleInfoOnlyWarns()
        {
            var verdict = TargetVersionOf(t => t.Dragonfly("1.21.2").Config("info_replication_valkey_compatible", "true"));

            Assert.Equal(CheckStatus.Warn, verdict.Status);
            Assert.Contains("offset", verdict.Message);
            Assert.Contains("CONFIG REWRITE", verdict.Message);
            Assert.Contains("-ExcludeOtherReplicas", verdict.Remediation);
        }

        [Fact]
        public void Dragonfly138WarnsAboutItsReplicationOffsetOnly()
        {
            var verdict = TargetVersionOf(t => t.Dragonfly("1.38.0"));

            Assert.Equal(CheckStatus.Warn, verdict.Status);
            Assert.Contains("replication offset of 0", verdict.Message);
            Assert.DoesNotContain("CONFIG REWRITE", verdict.Message);
        }

        [Fact]
        public void ARedisTargetIsARehearsalAndPasses()
        {
            var verdict = TargetVersionOf(t => t.Redis("7.2.4"));

            Assert.Equal(CheckStatus.Pass, verdict.Status);
            Assert.Contains("rehearsal", verdict.Message);
            Assert.Equal("Redis", verdict.DataOf("Flavor"));
        }

        [Fact]
        public void ATargetOfUnknownFlavorWarns()
        {
            var verdict = TargetVersionOf(t => t.WithoutVersion());

            Assert.Equal(CheckStatus.Warn, verdict.Status);
            Assert.Contains("did not say what it is", verdict.Message);
        }

        [Fact]
        public void TargetVersionIsSkippedWhenTheTargetIsUnreachable()
        {
            Assert.Equal(CheckStatus.Skipped, TargetVersionOf(t => t.Unreachable()).Status);
        }

        [Fact]
        public void ARedis8SourceCannotMoveToDragonfly()
        {
            var facts = ReadinessFactsBuilder.Healthy().Source(s => s.Redis("8.0.2")).Build();

            var verdict = CompatibilityRules.SourceVersion(facts, Defaults);

            Assert.Equal(CheckStatus.Fail, verdict.Status);
            Assert.Contains("RDB version 12", verdict.Message);
            Assert.Equal("8.0.2", verdict.DataOf("SourceRedisVersion"));
        }

        [Fact]
        public void ARedis74SourceLoadsIntoDragonfly()
        {
            var facts = ReadinessFactsBuilder.Healthy().Source(s => s.Redis("7.4.2")).Build();

            Assert.Equal(CheckStatus.Pass, CompatibilityRules.SourceVersion(facts, Defaults).Status);
        }

        [Fact]
        public void ASourceNewerThanARedisTargetFails()
        {
            var facts = ReadinessFactsBuilder.Healthy().Source(s => s.Redis("7.2.4")).Target(t => t.Redis("7.0.15")).Build();

            var verdict = CompatibilityRules.SourceVersion(facts, Defaults);

            Assert.Equal(CheckStatus.Fail, verdict.Status);
            Assert.Contains("at least as new", verdict.Remediation);
            Assert.Equal("7.0.15", verdict.DataOf("TargetRedisVersion"));
        }

        [Theory]
        [InlineData("7.0.15", "7.0.15")]
        [InlineData("7.0.15", "7.0.11")]
        [InlineData("7.0.15", "7.2.4")]
        public void ARedisTargetOfTheSameOrANewerMinorVersionPasses(string source, string target)
        {
            var facts = ReadinessFactsBuilder.Healthy().Source(s => s.Redis(source)).Target(t => t.Redis(target)).Build();

            Assert.Equal(CheckStatus.Pass, CompatibilityRules.SourceVersion(facts, Defaults).Status);
        }

        [Fact]
        public void ASourceWithoutRedisVersionWarns()
        {
            var facts = ReadinessFactsBuilder.Healthy().Source(s => s.WithoutVersion()).Build();

            Assert.Equal(CheckStatus.Warn, CompatibilityRules.SourceVersion(facts, Defaults).Status);
        }

        [Fact]
        public void SourceVersionIsSkippedWhenEitherNodeIsUnreachable()
        {
            var facts = ReadinessFactsBuilder.Healthy().Target(t => t.Unreachable()).Build();

            Assert.Equal(CheckStatus.Skipped, CompatibilityRules.SourceVersion(facts, Defaults).Status);
        }

        [Fact]
        public void FunctionsOnTheSourceFailAgainstDragonfly()
        {
            var facts = ReadinessFactsBuilder.Healthy().Source(s => s.Functions("mylib", "billing")).Build();

            var verdict = CompatibilityRules.RedisFunctions(facts, Defaults);

            Assert.Equal(CheckStatus.Fail, verdict.Status);
            Assert.Contains("2 Redis Functions libraries", verdict.Message);
            Assert.Contains("billing", verdict.Message);
            Assert.Contains("FUNCTION DELETE", verdict.Remediation);
            Assert.Equal(new[] { "mylib", "billing" }, verdict.DataOf("Libraries"));
        }

        [Fact]
        public void FunctionsOnTheSourceOnlyWarnAgainstARedisTarget()
        {
            var facts = ReadinessFactsBuilder.Healthy().Source(s => s.Functions("mylib")).Target(t => t.Redis("7.0.15")).Build();

            var verdict = CompatibilityRules.RedisFunctions(facts, Defaults);

            Assert.Equal(CheckStatus.Warn, verdict.Status);
            Assert.Contains("1 Redis Functions library", verdict.Message);
            Assert.Contains("a Dragonfly target would not", verdict.Message);
        }

        [Fact]
        public void FunctionsFailAgainstATargetOfUnknownFlavor()
        {
            var facts = ReadinessFactsBuilder.Healthy().Source(s => s.Functions("mylib")).Target(t => t.WithoutVersion()).Build();

            var verdict = CompatibilityRules.RedisFunctions(facts, Defaults);

            Assert.Equal(CheckStatus.Fail, verdict.Status);
            Assert.DoesNotContain("would accept", verdict.Message);
        }

        [Fact]
        public void NoFunctionLibrariesPass()
        {
            Assert.Equal(CheckStatus.Pass, CompatibilityRules.RedisFunctions(ReadinessFactsBuilder.HealthyFacts(), Defaults).Status);
        }

        [Fact]
        public void ASourceWithoutFunctionListPasses()
        {
            var facts = ReadinessFactsBuilder.Healthy().Source(s => s.Functions(null)).Build();

            var verdict = CompatibilityRules.RedisFunctions(facts, Defaults);

            Assert.Equal(CheckStatus.Pass, verdict.Status);
            Assert.Contains("not available", verdict.Message);
        }

        [Fact]
        public void RedisFunctionsIsSkippedWhenTheSourceIsUnreachable()
        {
            var facts = ReadinessFactsBuilder.Healthy().Source(s => s.Unreachable()).Build();

            Assert.Equal(CheckStatus.Skipped, CompatibilityRules.RedisFunctions(facts, Defaults).Status);
        }

        [Fact]
        public void ModulesOnTheSourceFailAgainstDragonfly()
        {
            var facts = ReadinessFactsBuilder.Healthy().Source(s => s.Modules("ReJSON", "search")).Build();

            var verdict = CompatibilityRules.Modules(facts, Defaults);

            Assert.Equal(CheckStatus.Fail, verdict.Status);
            Assert.Contains("ReJSON, search", verdict.Message);
        }

        [Fact]
        public void ModulesOnTheSourceOnlyWarnAgainstARedisTarget()
        {
            var facts = ReadinessFactsBuilder.Healthy().Source(s => s.Modules("ReJSON")).Target(t => t.Redis("7.0.15")).Build();

            var verdict = CompatibilityRules.Modules(facts, Defaults);

            Assert.Equal(CheckStatus.Warn, verdict.Status);
            Assert.Contains("This target is Redis", verdict.Message);
        }

        [Fact]
        public void NoModulesPass()
        {
            Assert.Equal(CheckStatus.Pass, CompatibilityRules.Modules(ReadinessFactsBuilder.HealthyFacts(), Defaults).Status);
        }

        [Fact]
        public void ModulesAreSkippedWhenModuleListIsNotAvailable()
        {
            var facts = ReadinessFactsBuilder.Healthy().Source(s => s.Modules(null)).Build();

            Assert.Equal(CheckStatus.Skipped, CompatibilityRules.Modules(facts, Defaults).Status);
        }

        [Fact]
        public void KeysBeyondTheTargetsDatabaseCountFailAndNameTheDatabase()
        {
            var facts = ReadinessFactsBuilder.Healthy().Source(s => s.Keys(5, 20)).Target(t => t.Config("dbnum", null).Config("databases", "4")).Build();

            var verdict = CompatibilityRules.DatabaseCount(facts, Defaults);

            Assert.Equal(CheckStatus.Fail, verdict.Status);
            Assert.Contains("db5", verdict.Message);
            Assert.DoesNotContain("db0", verdict.Message);
            Assert.Contains("--dbnum 6", verdict.Remediation);
            Assert.Contains("ideally 16", verdict.Remediation);
            Assert.Equal(4, verdict.DataOf("TargetDatabases"));
        }

        [Fact]
        public void FewerTargetDatabasesThanTheSourceAllowsWarnEvenWhenTheKeysFit()
        {
            var facts = ReadinessFactsBuilder.Healthy().Target(t => t.Config("dbnum", "8")).Build();

            var verdict = CompatibilityRules.DatabaseCount(facts, Defaults);

            Assert.Equal(CheckStatus.Warn, verdict.Status);
            Assert.Contains("db8", verdict.Message);
            Assert.Contains("--dbnum 16", verdict.Remediation);
            Assert.Equal(new[] { 0 }, verdict.DataOf("DatabasesInUse"));
        }

        [Fact]
        public void ARedisTargetIsToldToRaiseDatabases()
        {
            var facts = ReadinessFactsBuilder.Healthy().Target(t => t.Redis("7.0.15").Config("dbnum", null).Config("databases", "8")).Build();

            var verdict = CompatibilityRules.DatabaseCount(facts, Defaults);

            Assert.Equal(CheckStatus.Warn, verdict.Status);
            Assert.Contains("databases 16", verdict.Remediation);
        }

        [Fact]
        public void ADragonflyTargetThatDoesNotAnswerDbnumIsAssumedToHave16()
        {
            var facts = ReadinessFactsBuilder.Healthy().Source(s => s.Keys(3, 7)).Target(t => t.Config("dbnum", null)).Build();

            var verdict = CompatibilityRules.DatabaseCount(facts, Defaults);

            Assert.Equal(CheckStatus.Pass, verdict.Status);
            Assert.Contains("Dragonfly's default", verdict.Message);
            Assert.Equal(16, verdict.DataOf("TargetDatabases"));
        }

        [Fact]
        public void ARedisTargetThatDoesNotAnswerDatabasesIsSkipped()
        {
            var facts = ReadinessFactsBuilder.Healthy().Target(t => t.Redis("7.0.15").Config("dbnum", null)).Build();

            Assert.Equal(CheckStatus.Skipped, CompatibilityRules.DatabaseCount(facts, Defaults).Status);
        }

        [Fact]
        public void EqualDatabaseCountsPass()
        {
            var verdict = CompatibilityRules.DatabaseCount(ReadinessFactsBuilder.HealthyFacts(), Defaults);

            Assert.Equal(CheckStatus.Pass, verdict.Status);
            Assert.Contains("db0", verdict.Message);
        }

        [Fact]
        public void DatabaseCountIsSkippedWhenEitherNodeIsUnreachable()
        {
            var facts = ReadinessFactsBuilder.Healthy().Source(s => s.Unreachable()).Build();

            Assert.Equal(CheckStatus.Skipped, CompatibilityRules.DatabaseCount(facts, Defaults).Status);
        }

        [Fact]
        public void CommandsDragonflyDropsFromTheStreamFailForADragonflyTargetAndAreNamedWithTheirCounts()
        {
            var facts = ReadinessFactsBuilder.Healthy().Source(s => s.Calls("set", 900).Calls("swapdb", 2).Calls("geosearchstore", 1).Calls("function|load", 1)).Build();
            var verdict = CompatibilityRules.ReplicatedCommands(facts, Defaults);
            Assert.Equal(CheckStatus.Fail, verdict.Status);
            Assert.Contains("SWAPDB ×2", verdict.Message);
            Assert.Contains("GEOSEARCHSTORE ×1", verdict.Message);
            Assert.Contains("FUNCTION|LOAD ×1", verdict.Message);
            Assert.DoesNotContain("SET ×", verdict.Message);
        }

        [Fact]
        public void HashFieldsWithAnExpiryFailAndARehearsalOnlyWarns()
        {
            var withSubexpiry = ReadinessFactsBuilder.Healthy().Source(s => s.Info("db0", "keys=10,expires=0,avg_ttl=0,subexpiry=3"));
            Assert.Equal(CheckStatus.Fail, CompatibilityRules.ReplicatedCommands(withSubexpiry.Build(), Defaults).Status);
            var rehearsal = ReadinessFactsBuilder.Healthy().Source(s => s.Calls("swapdb", 1)).Target(t => t.Redis("7.0.15")).Build();
            Assert.Equal(CheckStatus.Warn, CompatibilityRules.ReplicatedCommands(rehearsal, Defaults).Status);
        }

        [Fact]
        public void ASourceUsingOnlyReplicatedCommandsPasses()
        {
            Assert.Equal(CheckStatus.Pass, CompatibilityRules.ReplicatedCommands(ReadinessFactsBuilder.Healthy().Source(s => s.Calls("set", 5).Calls("hset", 3)).Build(), Defaults).Status);
        }

        [Fact]
        public void AValkey9SourceFailsForADragonflyTarget()
        {
            var facts = ReadinessFactsBuilder.Healthy().Source(s => s.Info("valkey_version", "9.0.0").Info("server_name", "valkey")).Build();
            var verdict = CompatibilityRules.SourceVersion(facts, Defaults);
            Assert.Equal(CheckStatus.Fail, verdict.Status);
            Assert.Contains("Valkey", verdict.Message);
        }
    }
}
