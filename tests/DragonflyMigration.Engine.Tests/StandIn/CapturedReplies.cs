using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace DragonflyMigration.Engine.Tests.StandIn
{
    /// <summary>One block of a capture: what was sent (one command, or a sequence on one connection) and each reply's shape.</summary>
    internal sealed class CapturedBlock
    {
        public CapturedBlock(string title, IReadOnlyList<IReadOnlyList<string>> commands, IReadOnlyList<ReplyShape> replies)
        {
            Title = title;
            Commands = commands;
            Replies = replies;
        }

        /// <summary>The block's <c>&gt; </c> line, as the capture names it.</summary>
        public string Title { get; }

        public IReadOnlyList<IReadOnlyList<string>> Commands { get; }

        /// <summary>One per command; none when the server sent no reply (REPLCONF ACK to a primary).</summary>
        public IReadOnlyList<ReplyShape> Replies { get; }
    }

    /// <summary>
    /// Reads the captures of real Dragonfly in Samples/tool-commands (see its README.txt): blocks of
    /// <c>&gt; COMMAND args</c> then the reply as <c>redis-cli --no-raw</c> printed it, separated by an empty line.
    /// </summary>
    internal static class CapturedReplies
    {
        // The one block the capture names in words: Sentinel's promotion transaction.
        private const string SentinelPromotion = "REPLICAOF NO ONE in MULTI with CLIENT KILL TYPE normal";

        private const string SyncFailed = "SYNC with master failed: ";

        // redis-cli prints these replies raw even with --no-raw, errors included (as redis-cli's cliSendCommand decides).
        private static readonly Regex RawError = new Regex(@"^[A-Z]{2,} ", RegexOptions.Compiled);

        public static IReadOnlyList<CapturedBlock> Load(string version, string file) =>
            Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Samples", "tool-commands", "v" + version, file + ".txt")));

        public static IReadOnlyList<CapturedBlock> Parse(string text)
        {
            var blocks = new List<CapturedBlock>();
            // Raw replies (INFO, PSYNC's refusal) keep the server's \r\n: an empty line is the only separator.
            var lines = text.Replace("\r\n", "\n").Split('\n');
            for (var i = 0; i < lines.Length; i++)
            {
                if (!lines[i].StartsWith("> ", StringComparison.Ordinal)) continue;
                var title = lines[i].Substring(2);
                var reply = new List<string>();
                while (++i < lines.Length && lines[i].Length > 0) reply.Add(lines[i]);
                blocks.Add(Block(title, reply));
            }
            return blocks;
        }

        private static CapturedBlock Block(string title, IReadOnlyList<string> reply)
        {
            var commands = Commands(title);
            var replies = Replies(commands, reply);
            if (replies.Count != 0 && replies.Count != commands.Count)
                throw new FormatException($"The block '{title}' sends {commands.Count} command(s) but shows {replies.Count} repl(ies).");
            return new CapturedBlock(title, commands, replies);
        }

        private static IReadOnlyList<IReadOnlyList<string>> Commands(string title)
        {
            if (title.StartsWith(SentinelPromotion, StringComparison.Ordinal))
                return new[] { "MULTI", "REPLICAOF NO ONE", "CONFIG REWRITE", "CLIENT KILL TYPE normal", "EXEC" }.Select(Words).ToList();
            return title.Split(new[] { " / " }, StringSplitOptions.None).Select(Words).ToList();
        }

        private static IReadOnlyList<string> Words(string command) => command.Split(' ', StringSplitOptions.RemoveEmptyEntries);

        private static IReadOnlyList<ReplyShape> Replies(IReadOnlyList<IReadOnlyList<string>> commands, IReadOnlyList<string> reply)
        {
            // redis-cli turns PSYNC into its replica mode and prints the server's refusal line as it came.
            if (reply.Count > 0 && reply[0].StartsWith(SyncFailed, StringComparison.Ordinal))
                return new[] { new ReplyShape(ShapeKind.Error, reply[0].Substring(SyncFailed.Length).TrimStart('-')) };
            if (commands.Count == 1 && PrintedRaw(commands[0]))
            {
                // Raw, an empty string is an empty line; an error is its bare text.
                if (reply.Count == 1 && RawError.IsMatch(reply[0])) return new[] { new ReplyShape(ShapeKind.Error, reply[0]) };
                return new[] { new ReplyShape(ShapeKind.String, string.Join("\n", reply)) };
            }
            return RedisCliText.Parse(reply);
        }

        private static bool PrintedRaw(IReadOnlyList<string> words) =>
            words[0].Equals("INFO", StringComparison.OrdinalIgnoreCase)
            || (words.Count > 1 && words[0].Equals("CLIENT", StringComparison.OrdinalIgnoreCase)
                && (words[1].Equals("LIST", StringComparison.OrdinalIgnoreCase) || words[1].Equals("INFO", StringComparison.OrdinalIgnoreCase)));
    }
}
