using DragonflyMigration.Engine.Connections;
using DragonflyMigration.Engine.Readiness;
using DragonflyMigration.Engine.Readiness.Rules;
using Xunit;

namespace DragonflyMigration.Engine.Tests.Readiness
{
    public class SecurityRulesTests
    {
        private static readonly ReadinessThresholds Defaults = new ReadinessThresholds();

        [Fact]
        public void AclUsersPassWhenTheTargetHasEverySourceUser()
        {
            var facts = ReadinessFactsBuilder.Healthy()
                .Source(s => s.AclUsers("default", "app"))
                .Target(t => t.AclUsers("default", "app", "admin"))
                .Build();

            Assert.Equal(CheckStatus.Pass, SecurityRules.AclUsers(facts, Defaults).Status);
        }

        [Fact]
        public void AUserMissingOnTheTargetFailsAndIsNamed()
        {
            var facts = ReadinessFactsBuilder.Healthy()
                .Source(s => s.AclUsers("default", "app", "sentinel-user"))
                .Target(t => t.AclUsers("default", "app"))
                .Build();

            var verdict = SecurityRules.AclUsers(facts, Defaults);

            Assert.Equal(CheckStatus.Fail, verdict.Status);
            Assert.Contains("sentinel-user", verdict.Message);
            Assert.Contains("ACL SETUSER", verdict.Remediation);
            Assert.Equal(new[] { "sentinel-user" }, verdict.DataOf("MissingOnTarget"));
        }

        [Fact]
        public void UserNamesAreCaseSensitive()
        {
            var facts = ReadinessFactsBuilder.Healthy().Source(s => s.AclUsers("App")).Target(t => t.AclUsers("app")).Build();

            Assert.Equal(CheckStatus.Fail, SecurityRules.AclUsers(facts, Defaults).Status);
        }

        [Fact]
        public void AclUsersAreSkippedWhenTheSourceCannotList()
        {
            var facts = ReadinessFactsBuilder.Healthy().Source(s => s.AclUsers(null)).Build();

            var verdict = SecurityRules.AclUsers(facts, Defaults);

            Assert.Equal(CheckStatus.Skipped, verdict.Status);
            Assert.Contains("source", verdict.Message);
        }

        [Fact]
        public void AclUsersAreSkippedWhenTheTargetCannotList()
        {
            var facts = ReadinessFactsBuilder.Healthy().Target(t => t.AclUsers(null)).Build();

            var verdict = SecurityRules.AclUsers(facts, Defaults);

            Assert.Equal(CheckStatus.Skipped, verdict.Status);
            Assert.Contains("target", verdict.Message);
        }

        [Fact]
        public void AclUsersAreSkippedWhenANodeIsUnreachable()
        {
            var facts = ReadinessFactsBuilder.Healthy().Target(t => t.Unreachable()).Build();

            Assert.Equal(CheckStatus.Skipped, SecurityRules.AclUsers(facts, Defaults).Status);
        }

        [Fact]
        public void TlsParityPassesWhenNeitherUsesTls()
        {
            var verdict = SecurityRules.TlsParity(ReadinessFactsBuilder.HealthyFacts(), Defaults);

            Assert.Equal(CheckStatus.Pass, verdict.Status);
            Assert.Contains("Neither", verdict.Message);
        }

        [Fact]
        public void TlsParityPassesWhenBothUseTls()
        {
            var facts = ReadinessFactsBuilder.Healthy().Source(s => s.Tls()).Target(t => t.Tls()).Build();

            var verdict = SecurityRules.TlsParity(facts, Defaults);

            Assert.Equal(CheckStatus.Pass, verdict.Status);
            Assert.Contains("both", verdict.Message);
        }

        [Theory]
        [InlineData(true, false)]
        [InlineData(false, true)]
        public void TlsOnOnlyOneSideFails(bool sourceTls, bool targetTls)
        {
            var facts = ReadinessFactsBuilder.Healthy()
                .Source(s => { if (sourceTls) s.Tls(); })
                .Target(t => { if (targetTls) t.Tls(); })
                .Build();

            var verdict = SecurityRules.TlsParity(facts, Defaults);

            Assert.Equal(CheckStatus.Fail, verdict.Status);
            Assert.Contains("-UseTls", verdict.Remediation);
            Assert.Equal(sourceTls, verdict.DataOf("SourceTls"));
            Assert.Equal(targetTls, verdict.DataOf("TargetTls"));
        }

        [Fact]
        public void TlsParityReportsEachSentinelsSetting()
        {
            var facts = ReadinessFactsBuilder.Healthy().Sentinel(s => s.Tls()).Sentinel().Build();

            var verdict = SecurityRules.TlsParity(facts, Defaults);

            Assert.Equal(new[] { "10.0.0.21:26379: True", "10.0.0.22:26379: False" }, verdict.DataOf("SentinelTls"));
        }

        [Fact]
        public void AUserSentinelCouldUseOnTheSourceButNotOnTheTargetFails()
        {
            var facts = ReadinessFactsBuilder.Healthy()
                .Source(s => s.SentinelDenial("sentinel", null).SentinelDenial("app", "SLAVEOF NO ONE"))
                .Target(t => t.SentinelDenial("sentinel", "CONFIG REWRITE").SentinelDenial("app", "SLAVEOF NO ONE"))
                .Build();
            var verdict = SecurityRules.SentinelAccess(facts, new ReadinessThresholds());
            Assert.Equal(CheckStatus.Fail, verdict.Status);
            Assert.Contains("sentinel (CONFIG REWRITE)", verdict.Message);
            Assert.DoesNotContain("app", verdict.Message);
        }

        [Fact]
        public void SentinelAccessIsSkippedWithoutAclDryRunAndPassesWhenTheTargetAllowsTheSame()
        {
            Assert.Equal(CheckStatus.Pass, SecurityRules.SentinelAccess(ReadinessFactsBuilder.Healthy().Build(), new ReadinessThresholds()).Status);
            Assert.Equal(CheckStatus.Skipped, SecurityRules.SentinelAccess(ReadinessFactsBuilder.Healthy().Target(t => t.NoAclDryRun()).Build(), new ReadinessThresholds()).Status);
        }
    
        [Fact]
        public void ToolAccessPassesWhenTheUserMayRunEveryCommandOnBothSides()
        {
            var facts = ReadinessFactsBuilder.Healthy().Source(s => s.ToolAccess("migrator")).Target(t => t.ToolAccess("migrator")).Build();

            var verdict = SecurityRules.ToolAccess(facts, Defaults);

            Assert.Equal(CheckStatus.Pass, verdict.Status);
            Assert.Contains("'migrator'", verdict.Message);
        }

        [Fact]
        public void ToolAccessFailsNamingTheRefusedCommandAndTheNodeItIsRefusedOn()
        {
            var facts = ReadinessFactsBuilder.Healthy()
                .Source(s => s.ToolAccess("migrator", "CLIENT PAUSE 1000 WRITE"))
                .Target(t => t.ToolAccess("migrator"))
                .Build();

            var verdict = SecurityRules.ToolAccess(facts, Defaults);

            Assert.Equal(CheckStatus.Fail, verdict.Status);
            Assert.Contains("on the source user 'migrator' may not run CLIENT PAUSE 1000 WRITE", verdict.Message);
            Assert.DoesNotContain("target", verdict.Message);
            Assert.Equal(new[] { "CLIENT PAUSE 1000 WRITE" }, verdict.DataOf("RefusedOnSource"));
            Assert.Empty((string[])verdict.DataOf("RefusedOnTarget")!);
            Assert.Contains("ACL SETUSER <user> " + ToolAccess.AclRules, verdict.Remediation);
        }

        [Fact]
        public void ToolAccessNamesEveryRefusalOnEachSideInTheToolsOrder()
        {
            var facts = ReadinessFactsBuilder.Healthy()
                .Source(s => s.ToolAccess("migrator", "CONFIG SET replica-priority 0", "SHUTDOWN SAVE"))
                .Target(t => t.ToolAccess("ops", "REPLICAOF NO ONE"))
                .Build();

            var verdict = SecurityRules.ToolAccess(facts, Defaults);

            Assert.Equal(CheckStatus.Fail, verdict.Status);
            Assert.Contains("on the source user 'migrator' may not run CONFIG SET replica-priority 0, SHUTDOWN SAVE; on the target user 'ops' may not run REPLICAOF NO ONE", verdict.Message);
        }

        [Fact]
        public void ToolAccessIsSkippedWithoutAclDryRunOrAnAnsweringNode()
        {
            Assert.Equal(CheckStatus.Skipped, SecurityRules.ToolAccess(ReadinessFactsBuilder.Healthy().Source(s => s.NoAclDryRun()).Build(), Defaults).Status);
            Assert.Equal(CheckStatus.Skipped, SecurityRules.ToolAccess(ReadinessFactsBuilder.Healthy().Target(t => t.NoAclDryRun()).Build(), Defaults).Status);
            Assert.Equal(CheckStatus.Skipped, SecurityRules.ToolAccess(ReadinessFactsBuilder.Healthy().Target(t => t.Unreachable()).Build(), Defaults).Status);
        }
    }
}
