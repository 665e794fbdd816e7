using System;
using System.Collections.Generic;
using System.Linq;
using DragonflyMigration.Engine.Connections;
using DragonflyMigration.Engine.Endpoints;
using DragonflyMigration.Engine.Info;
using DragonflyMigration.Engine.Readiness;
using DragonflyMigration.Engine.Sentinel;

namespace DragonflyMigration.Engine.Tests.Readiness
{
    /// <summary>
    /// Facts for a migration that every check passes: a Redis 7.0.15 primary with a little data and a
    /// recent save, an empty Dragonfly 1.40.1 target with room to spare, and no Sentinels until added.
    /// A test changes only what it is about.
    /// </summary>
    internal sealed class ReadinessFactsBuilder
    {
        public const string SourceEndpoint = "10.0.0.1:6379";
        public const string TargetEndpoint = "10.0.0.9:6380";
        public const string MasterName = "mymaster";
        public const long Now = 1_700_000_000;
        public const long MiB = 1024L * 1024;
        public const long GiB = 1024L * MiB;

        private readonly NodeFactsBuilder _source = NodeFactsBuilder.RedisPrimary(SourceEndpoint);
        private readonly NodeFactsBuilder _target = NodeFactsBuilder.EmptyDragonfly(TargetEndpoint);
        private readonly List<Func<SentinelFacts>> _sentinels = new List<Func<SentinelFacts>>();

        public static ReadinessFactsBuilder Healthy() => new ReadinessFactsBuilder();

        public static ReadinessFacts HealthyFacts() => Healthy().Build();

        public ReadinessFactsBuilder Source(Action<NodeFactsBuilder> change)
        {
            change(_source);
            return this;
        }

        public ReadinessFactsBuilder Target(Action<NodeFactsBuilder> change)
        {
            change(_target);
            return this;
        }

        public ReadinessFactsBuilder Sentinel(Action<SentinelStateBuilder>? change = null)
        {
            var sentinel = new SentinelStateBuilder($"10.0.0.2{_sentinels.Count + 1}:26379");
            change?.Invoke(sentinel);
            _sentinels.Add(sentinel.Build);
            return this;
        }

        public ReadinessFactsBuilder UnreadableSentinel(string error = "connection refused")
        {
            var endpoint = $"10.0.0.2{_sentinels.Count + 1}:26379";
            _sentinels.Add(() => new SentinelFacts { Endpoint = NodeEndpoint.Parse(endpoint), Error = error });
            return this;
        }

        public ReadinessFacts Build() => new ReadinessFacts
        {
            Source = _source.Build(),
            Target = _target.Build(),
            Sentinels = _sentinels.Select(s => s()).ToList(),
            MasterName = MasterName,
        };
    }

    internal sealed class NodeFactsBuilder
    {
        private readonly List<KeyValuePair<string, string>> _info = new List<KeyValuePair<string, string>>();
        private readonly Dictionary<string, string> _config = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        private string _endpoint;
        private string? _unreachable;
        private bool _authenticationFailed;
        private TimeSpan _roundTrip = TimeSpan.FromMilliseconds(0.4);
        private bool _usesTls;
        private bool? _knowsPsync;
        private IReadOnlyList<string>? _functions = new List<string>();
        private IReadOnlyList<string>? _modules = new List<string>();
        private IReadOnlyList<string>? _aclUsers = new List<string> { "default" };
        private double? _writeBytesPerSecond;
        private IReadOnlyList<KeySize>? _keySample;

        private NodeFactsBuilder(string endpoint) => _endpoint = endpoint;

        public static NodeFactsBuilder RedisPrimary(string endpoint) => new NodeFactsBuilder(endpoint)
            .Info("redis_version", "7.0.15").Info("redis_mode", "standalone").Info("run_id", "7b1c4e2f0a9d8c6b5a4f3e2d1c0b9a8f7e6d5c4b")
            .Info("server_time_usec", (ReadinessFactsBuilder.Now * 1_000_000).ToString())
            .Info("role", "master").Info("connected_slaves", "0")
            .Info("used_memory", (120 * ReadinessFactsBuilder.MiB).ToString()).Info("used_memory_dataset", (100 * ReadinessFactsBuilder.MiB).ToString())
            .Info("maxmemory", "0").Info("maxmemory_policy", "noeviction").Info("total_system_memory", (16 * ReadinessFactsBuilder.GiB).ToString())
            .Info("rdb_last_save_time", (ReadinessFactsBuilder.Now - 3600).ToString()).Info("rdb_last_bgsave_status", "ok").Info("aof_enabled", "0").Info("tracking_clients", "0")
            .Keys(0, 1000)
            .Config("databases", "16").Config("maxmemory", "0").Config("maxmemory-policy", "noeviction").Config("notify-keyspace-events", "")
            .Config("client-output-buffer-limit", "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60")
            .WriteRate(100 * 1024)
            .KeySample(new KeySize(0, "user:1", 2048), new KeySize(0, "user:2", 512));

        public static NodeFactsBuilder EmptyDragonfly(string endpoint) => new NodeFactsBuilder(endpoint)
            .Info("redis_version", "7.4.0").Info("dragonfly_version", "df-v1.40.1").Info("redis_mode", "standalone")
            .Info("run_id", "0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2918")
            .Info("role", "master").Info("connected_slaves", "0")
            .Info("used_memory", (2 * ReadinessFactsBuilder.MiB).ToString()).Info("maxmemory", (8 * ReadinessFactsBuilder.GiB).ToString())
            .Info("cache_mode", "store").Info("total_system_memory", (16 * ReadinessFactsBuilder.GiB).ToString())
            .Config("dbnum", "16").Config("maxmemory", (8 * ReadinessFactsBuilder.GiB).ToString()).Config("cache_mode", "false");

        public NodeFactsBuilder Endpoint(string endpoint)
        {
            _endpoint = endpoint;
            return this;
        }

        /// <summary>Sets an INFO field, or removes it when <paramref name="value"/> is null.</summary>
        public NodeFactsBuilder Info(string key, string? value)
        {
            var at = _info.FindIndex(kv => kv.Key == key);
            if (value == null)
            {
                if (at >= 0) _info.RemoveAt(at);
            }
            else if (at >= 0) _info[at] = new KeyValuePair<string, string>(key, value);
            else _info.Add(new KeyValuePair<string, string>(key, value));
            return this;
        }

        /// <summary>Sets a CONFIG GET answer, or removes it (the server refused) when <paramref name="value"/> is null.</summary>
        public NodeFactsBuilder Config(string name, string? value)
        {
            if (value == null) _config.Remove(name);
            else _config[name] = value;
            return this;
        }

        public NodeFactsBuilder Keys(int database, long count) =>
            Info($"db{database}", count == 0 ? null : $"keys={count},expires=0,avg_ttl=0");

        public NodeFactsBuilder Redis(string version) => Info("dragonfly_version", null).Info("redis_version", version);

        public NodeFactsBuilder Dragonfly(string version) => Info("redis_version", "7.4.0").Info("dragonfly_version", "df-v" + version);

        public NodeFactsBuilder WithoutVersion() => Info("redis_version", null).Info("dragonfly_version", null);

        public NodeFactsBuilder ReplicaOf(string host, int port, string role = "slave") =>
            Info("role", role).Info("master_host", host).Info("master_port", port.ToString()).Info("master_link_status", "up");

        public NodeFactsBuilder Unreachable(string reason = "connection refused", bool authenticationFailed = false)
        {
            _unreachable = reason;
            _authenticationFailed = authenticationFailed;
            return this;
        }

        public NodeFactsBuilder RoundTrip(TimeSpan roundTrip)
        {
            _roundTrip = roundTrip;
            return this;
        }

        public NodeFactsBuilder Tls()
        {
            _usesTls = true;
            return this;
        }

        public NodeFactsBuilder KnowsPsync(bool? knows)
        {
            _knowsPsync = knows;
            return this;
        }

        public NodeFactsBuilder Functions(params string[]? libraries)
        {
            _functions = libraries;
            return this;
        }

        public NodeFactsBuilder Modules(params string[]? modules)
        {
            _modules = modules;
            return this;
        }

        public NodeFactsBuilder AclUsers(params string[]? users)
        {
            _aclUsers = users;
            return this;
        }

        public NodeFactsBuilder WriteRate(double? bytesPerSecond)
        {
            _writeBytesPerSecond = bytesPerSecond;
            return this;
        }

        private readonly List<string> _commandStats = new List<string>();
        private Dictionary<string, string?>? _sentinelDenials = new Dictionary<string, string?> { ["default"] = null };

        /// <summary>ACL DRYRUN of Sentinel's commands: the first one <paramref name="user"/> may not run, or null for all allowed.</summary>
        public NodeFactsBuilder SentinelDenial(string user, string? command)
        {
            (_sentinelDenials ??= new Dictionary<string, string?>())[user] = command;
            return this;
        }

        public NodeFactsBuilder NoAclDryRun()
        {
            _sentinelDenials = null;
            _toolAccess = null;
            return this;
        }

        private ToolAccessFacts? _toolAccess = new ToolAccessFacts("default", Array.Empty<string>());

        /// <summary>ACL WHOAMI and ACL DRYRUN of the tool's own commands: the connecting user, and the command lines it may not run.</summary>
        public NodeFactsBuilder ToolAccess(string user, params string[] refused)
        {
            _toolAccess = new ToolAccessFacts(user, refused);
            return this;
        }

        /// <summary>One INFO commandstats line, as cmdstat_&lt;name&gt;:calls=N.</summary>
        public NodeFactsBuilder Calls(string command, long calls)
        {
            _commandStats.Add($"cmdstat_{command}:calls={calls},usec=10,usec_per_call=1.00,rejected_calls=0,failed_calls=0");
            return this;
        }

        public NodeFactsBuilder KeySample(params KeySize[]? keys)
        {
            _keySample = keys?.OrderByDescending(k => k.Bytes).ToList();
            return this;
        }

        public NodeFacts Build() => _unreachable != null
            ? new NodeFacts { Endpoint = NodeEndpoint.Parse(_endpoint), Unreachable = _unreachable, AuthenticationFailed = _authenticationFailed, UsesTls = _usesTls }
            : new NodeFacts
            {
                Endpoint = NodeEndpoint.Parse(_endpoint),
                RoundTrip = _roundTrip,
                UsesTls = _usesTls,
                KnowsPsync = _knowsPsync,
                Info = InfoDocument.Parse(string.Join("\r\n", _info.Select(kv => $"{kv.Key}:{kv.Value}"))),
                Config = new Dictionary<string, string>(_config, StringComparer.OrdinalIgnoreCase),
                FunctionLibraries = _functions,
                Modules = _modules,
                AclUsers = _aclUsers,
                WriteBytesPerSecond = _writeBytesPerSecond,
                WriteRateSource = _writeBytesPerSecond == null ? null : "replication offset",
                KeySample = _keySample,
                CommandStats = InfoDocument.Parse("# Commandstats\r\n" + string.Join("\r\n", _commandStats)),
                SentinelCommandDenials = _sentinelDenials,
                ToolAccess = _toolAccess,
            };
    }

    /// <summary>One Sentinel that agrees with the healthy facts: it names the source, has its quorum and a generous down-after.</summary>
    internal sealed class SentinelStateBuilder
    {
        private readonly string _endpoint;
        private readonly List<ReplicaCandidate> _replicas = new List<ReplicaCandidate>();
        private string _primary = ReadinessFactsBuilder.SourceEndpoint;
        private long _epoch = 1;
        private bool _quorumReachable = true;
        private string _quorumVerdict = "OK 3 usable Sentinels. Quorum and failover authorization can be reached";
        private bool _inTilt;
        private long _downAfter = 30000;
        private bool _usesTls;

        public SentinelStateBuilder(string endpoint) => _endpoint = endpoint;

        public SentinelStateBuilder Primary(string primary)
        {
            _primary = primary;
            return this;
        }

        public SentinelStateBuilder Epoch(long epoch)
        {
            _epoch = epoch;
            return this;
        }

        public SentinelStateBuilder NoQuorum(string verdict = "NOQUORUM 1 usable Sentinels. Not enough available Sentinels to reach the specified quorum for this master")
        {
            _quorumReachable = false;
            _quorumVerdict = verdict;
            return this;
        }

        public SentinelStateBuilder Tilted()
        {
            _inTilt = true;
            return this;
        }

        public SentinelStateBuilder DownAfter(long milliseconds)
        {
            _downAfter = milliseconds;
            return this;
        }

        public SentinelStateBuilder Tls()
        {
            _usesTls = true;
            return this;
        }

        public SentinelStateBuilder Replica(string endpoint, long priority = 100, long offset = 1000, string? excludedBecause = null)
        {
            _replicas.Add(new ReplicaCandidate { Endpoint = NodeEndpoint.Parse(endpoint), Priority = priority, Offset = offset, Flags = "slave", ExcludedBecause = excludedBecause });
            return this;
        }

        public SentinelFacts Build() => new SentinelFacts
        {
            Endpoint = NodeEndpoint.Parse(_endpoint),
            UsesTls = _usesTls,
            State = new SentinelMasterState
            {
                Sentinel = NodeEndpoint.Parse(_endpoint),
                MasterName = ReadinessFactsBuilder.MasterName,
                Primary = _primary.Length == 0 ? null : NodeEndpoint.Parse(_primary),
                ConfigEpoch = _epoch,
                Quorum = 2,
                QuorumReachable = _quorumReachable,
                QuorumVerdict = _quorumVerdict,
                InTilt = _inTilt,
                Flags = "master",
                DownAfterMilliseconds = _downAfter,
                FailoverTimeoutMilliseconds = 180000,
                OtherSentinels = 2,
                Replicas = _replicas.ToList(),
                PredictedPromotion = PromotionPredictor.Winner(_replicas),
            },
        };
    }

    internal static class VerdictData
    {
        public static object? DataOf(this Verdict verdict, string key) => verdict.Data.Single(kv => kv.Key == key).Value;
    }
}
